package dev.lineage.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.lineage.access.ApiToken;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.api.client.LineageApiException;
import dev.lineage.api.client.UnreachableException;
import dev.lineage.api.client.UnreadableAnswerException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
  static final int MAX_ATTEMPTS = LineageApiClient.DEFAULT_MAX_ATTEMPTS;

  private final LineageApiClient client;
  private final Optional<ApiToken> token;

  /**
   * @param token sent as {@code Authorization: Bearer}, for a server that requires one
   */
  RunEnvironments(URI base, Duration timeout, Optional<ApiToken> token) {
    this.token = token;
    this.client =
        LineageApiClient.builder(base)
            .connectTimeout(LineageHttp.CONNECT_TIMEOUT)
            .requestTimeout(timeout)
            .maxAttempts(MAX_ATTEMPTS)
            .maxRetryWait(LineageHttp.MAX_RETRY_WAIT)
            .signer(
                token
                    .map(t -> LineageApiClient.RequestSigner.authorization(t.authorization()))
                    .orElse(null))
            .build();
  }

  /**
   * The environment {@code runId} recorded; empty when the node has none on record.
   *
   * @throws CommandFailedException if the server cannot be reached, does not know the run, or
   *     answers something other than a node
   */
  Optional<Map<String, String>> of(String runId) throws InterruptedException {
    URI base = client.base();
    // run ids are validated node ids: letters, digits, '.', '_', '-', '/' and the ':' of the
    // prefix, all of which a path keeps as they are
    try {
      return environment(client.get("/v1/nodes/" + runId, Map.of(), NodeDetails.class).value());
    } catch (ApiErrorException e) {
      throw refused(e.status(), runId);
    } catch (UnreadableAnswerException e) {
      if (e.status() == 200) {
        throw new CommandFailedException(
            "the Lineage server at "
                + base
                + " answered "
                + runId
                + " with "
                + describe(e.getCause()));
      }
      // a refusal whose body is not the API's JSON error (a proxy's page, an older server)
      throw refused(e.status(), runId);
    } catch (UnreachableException e) {
      IOException cause = e.getCause();
      throw new CommandFailedException(
          "cannot read the run's hardware from the Lineage server at "
              + base
              + " ("
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + "); start one with ./lineage up, or leave out --http",
          cause);
    } catch (LineageApiException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw (InterruptedException) e.getCause();
      }
      throw new CommandFailedException(e.getMessage(), e);
    }
  }

  /** What a refusal of the node question means for the command, by its status. */
  private CommandFailedException refused(int status, String runId) {
    URI base = client.base();
    if (status == 404) {
      return new CommandFailedException(
          runId
              + " is not known to the Lineage server at "
              + base
              + ": publish its RunCompleted first (lineage emit run), or leave out --http");
    }
    if (status == 401) {
      return new CommandFailedException(
          "the Lineage server at "
              + base
              + (token.isEmpty()
                  ? " requires an API token: give its file with --api-token-file FILE or "
                      + ApiToken.ENV
                  : " refused the API token"));
    }
    return answered(status, runId);
  }

  private CommandFailedException answered(int status, String runId) {
    return new CommandFailedException(
        "the Lineage server at "
            + client.base()
            + " answered HTTP "
            + status
            + " for "
            + runId
            + (status == 503 ? " (not ready; try again shortly)" : ""));
  }

  /**
   * The {@code environment} of a node's JSON; empty when the field is absent or null.
   *
   * @throws IllegalArgumentException if the text is not a JSON object, or the environment is not an
   *     object of strings
   */
  static Optional<Map<String, String>> parse(String json) {
    if (!json.stripLeading().startsWith("{")) {
      throw new IllegalArgumentException(describe(null));
    }
    try {
      return environment(LineageApiClient.read(json, NodeDetails.class));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(describe(e));
    }
  }

  private static Optional<Map<String, String>> environment(NodeDetails node) {
    return Optional.ofNullable(node.environment()).map(TreeMap::new);
  }

  /** What is wrong with a node's body, in the terms of the field that is. */
  private static String describe(Throwable failure) {
    if (failure instanceof JsonMappingException m) {
      List<JsonMappingException.Reference> path = m.getPath();
      if (!path.isEmpty() && "environment".equals(path.get(0).getFieldName())) {
        return path.size() > 1
            ? "an environment whose " + path.get(1).getFieldName() + " is not a string"
            : "an environment that is not a JSON object";
      }
    }
    return "something that is not a JSON object";
  }
}
