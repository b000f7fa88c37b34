package dev.lineage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.access.ApiToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The hardware fingerprint a run recorded, as the Lineage HTTP API serves it: {@code GET
 * /v1/nodes/{run}}, field {@code environment} (an object of strings). While the server moves state
 * between instances it answers 503 with {@code Retry-After}; the client comes back as told, a few
 * times.
 */
final class RunEnvironments {
  static final int MAX_ATTEMPTS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final Optional<ApiToken> token;

  /**
   * @param token sent as {@code Authorization: Bearer}, for a server that requires one
   */
  RunEnvironments(URI base, Duration timeout, Optional<ApiToken> token) {
    this.base = base;
    this.timeout = timeout;
    this.token = token;
    this.http = LineageHttp.newClient();
  }

  /**
   * The environment {@code runId} recorded; empty when the node has none on record.
   *
   * @throws CommandFailedException if the server cannot be reached, does not know the run, or
   *     answers something other than a node
   */
  Optional<Map<String, String>> of(String runId) throws InterruptedException {
    // run ids are validated node ids: letters, digits, '.', '_', '-', '/' and the ':' of the
    // prefix,
    // all of which a path keeps as they are
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + "/v1/nodes/" + runId))
            .GET()
            .timeout(timeout)
            .header("Accept", "application/json");
    token.ifPresent(t -> builder.header("Authorization", t.authorization()));
    HttpRequest request = builder.build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = send(request);
      int status = response.statusCode();
      if (status == 200) {
        try {
          return parse(response.body());
        } catch (IllegalArgumentException e) {
          throw new CommandFailedException(
              "the Lineage server at " + base + " answered " + runId + " with " + e.getMessage());
        }
      }
      if (status == 404) {
        throw new CommandFailedException(
            runId
                + " is not known to the Lineage server at "
                + base
                + ": publish its RunCompleted first (lineage emit run), or leave out --http");
      }
      if (status == 401) {
        throw new CommandFailedException(
            "the Lineage server at "
                + base
                + (token.isEmpty()
                    ? " requires an API token: give its file with --api-token-file FILE or "
                        + ApiToken.ENV
                    : " refused the API token"));
      }
      if (status == 503 && attempt < MAX_ATTEMPTS) {
        Thread.sleep(
            LineageHttp.retryAfter(response.headers().firstValue("Retry-After").orElse(null))
                .toMillis());
        continue;
      }
      throw new CommandFailedException(
          "the Lineage server at "
              + base
              + " answered HTTP "
              + status
              + " for "
              + runId
              + (status == 503 ? " (not ready; try again shortly)" : ""));
    }
  }

  /**
   * The {@code environment} of a node's JSON; empty when the field is absent or null.
   *
   * @throws IllegalArgumentException if the text is not a JSON object, or the environment is not an
   *     object of strings
   */
  static Optional<Map<String, String>> parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      node = null; // reported below, with the other answers that are not a node
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("something that is not a JSON object");
    }
    JsonNode env = node.get("environment");
    if (env == null || env.isNull()) {
      return Optional.empty();
    }
    if (!env.isObject()) {
      throw new IllegalArgumentException("an environment that is not a JSON object");
    }
    Map<String, String> map = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : env.properties()) {
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(
            "an environment whose " + e.getKey() + " is not a string");
      }
      map.put(e.getKey(), e.getValue().textValue());
    }
    return Optional.of(map);
  }

  private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CommandFailedException(
          "cannot read the run's hardware from the Lineage server at "
              + base
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); start one with ./lineage up, or leave out --http",
          e);
    }
  }
}
