package dev.lineage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
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
  static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  RunEnvironments(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * {@code http(s)://host[:port][/prefix]} without a trailing slash.
   *
   * @throws IllegalArgumentException when {@code text} is not such a URL
   */
  static URI baseUrl(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--http: not a URL: " + text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "--http: expected http://HOST:PORT of a Lineage server, got " + text);
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
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
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/v1/nodes/" + runId))
            .GET()
            .timeout(timeout)
            .header("Accept", "application/json")
            .build();
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
      if (status == 503 && attempt < MAX_ATTEMPTS) {
        Thread.sleep(
            retryAfter(response.headers().firstValue("Retry-After").orElse(null)).toMillis());
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

  /** Whole seconds as this API sends them, capped; one second when absent or not understood. */
  static Duration retryAfter(String header) {
    if (header == null || !header.strip().matches("[0-9]{1,9}")) {
      return Duration.ofSeconds(1);
    }
    Duration asked = Duration.ofSeconds(Long.parseLong(header.strip()));
    return asked.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : asked;
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
