package dev.lineage.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.access.ApiToken;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.LineageHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A client of the Lineage HTTP API for the command line: GETs a path and returns the JSON answer.
 * While the server is moving state between instances it answers 503 with {@code Retry-After}; the
 * client comes back as told, a bounded number of times, so a query run during a rebalance still
 * answers. Any status other than 200 is an {@link ApiError} carrying the server's own reason and
 * message; a server that cannot be reached is a {@link CommandFailedException} that says so, and so
 * is one that wants a bearer token this client did not have or had wrong.
 */
final class LineageApiClient {
  /** How the client waits before coming back; tests record the waits instead of sleeping. */
  @FunctionalInterface
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  /** A non-success answer: the status and the server's JSON {@code reason} and {@code message}. */
  static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;

    ApiError(int status, String reason, String message) {
      super(message);
      this.status = status;
      this.reason = reason;
    }

    int status() {
      return status;
    }

    String reason() {
      return reason;
    }
  }

  /** One answer: the body exactly as the server sent it, and the same parsed. */
  record Answer(String body, JsonNode json) {}

  static final String DEFAULT_URL = "http://127.0.0.1:8080";
  static final int MAX_ATTEMPTS = 4;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final Pause pause;
  private final Optional<ApiToken> token;

  /**
   * @param token sent as {@code Authorization: Bearer} with every request, when the server wants
   *     one
   */
  LineageApiClient(URI base, Duration requestTimeout, Pause pause, Optional<ApiToken> token) {
    this.base = base;
    this.requestTimeout = requestTimeout;
    this.pause = pause;
    this.token = token;
    this.http = LineageHttp.newClient();
  }

  LineageApiClient(URI base, Duration requestTimeout, Pause pause) {
    this(base, requestTimeout, pause, Optional.empty());
  }

  LineageApiClient(URI base, Duration requestTimeout) {
    this(base, requestTimeout, d -> Thread.sleep(d.toMillis()));
  }

  /**
   * The server's base URL: {@code http(s)://host[:port][/prefix]}, without a trailing slash.
   *
   * @throws IllegalArgumentException when {@code text} is not such a URL
   */
  static URI baseUrl(String text) {
    return LineageHttp.baseUrl(text, "http://HOST:PORT (as printed by ./lineage up)");
  }

  /** The URL the client asks, for messages. */
  URI base() {
    return base;
  }

  /**
   * GETs {@code path} (already escaped, starting with {@code /}) with these query parameters (null
   * values left out).
   */
  Answer get(String path, Map<String, String> query) {
    URI uri = URI.create(base + path + queryString(query));
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(requestTimeout)
            .header("Accept", "application/json");
    token.ifPresent(t -> builder.header("Authorization", t.authorization()));
    HttpRequest request = builder.build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = send(request);
      if (response.statusCode() == 503 && attempt < MAX_ATTEMPTS) {
        waitBeforeRetry(response);
        continue;
      }
      JsonNode json = parse(response);
      if (response.statusCode() == 200) {
        return new Answer(response.body(), json);
      }
      String reason = json.path("reason").asText("http-" + response.statusCode());
      String message = json.path("message").asText("HTTP " + response.statusCode());
      if (response.statusCode() == 401) {
        throw new CommandFailedException(
            "the Lineage server at "
                + base
                + (token.isEmpty()
                    ? " requires an API token: give its file with --api-token-file FILE or "
                        + ApiToken.ENV
                    : " refused the API token (" + message + ")"));
      }
      if (response.statusCode() == 503) {
        throw new CommandFailedException(
            "the Lineage server at "
                + base
                + " is not ready to answer ("
                + message
                + "); gave up after "
                + MAX_ATTEMPTS
                + " attempts, try again shortly");
      }
      throw new ApiError(response.statusCode(), reason, message);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new CommandFailedException(
          "no Lineage server answers at "
              + base
              + " (no connection within "
              + LineageHttp.CONNECT_TIMEOUT.toSeconds()
              + " s; start one with ./lineage up)",
          e);
    } catch (HttpTimeoutException e) {
      throw new CommandFailedException(
          "the Lineage server at "
              + base
              + " did not answer within "
              + requestTimeout.toSeconds()
              + " s (raise --timeout for a large closure, or ask for --summary)",
          e);
    } catch (ConnectException e) {
      throw new CommandFailedException(
          "no Lineage server answers at " + base + " (start one with ./lineage up)", e);
    } catch (IOException e) {
      if (e.getCause() instanceof UnresolvedAddressException) {
        throw new CommandFailedException(
            "cannot resolve the host of " + base + " (check --http or LINEAGE_HTTP)", e);
      }
      throw new CommandFailedException(
          "the connection to the Lineage server at " + base + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailedException("interrupted while waiting for " + base, e);
    }
  }

  private void waitBeforeRetry(HttpResponse<String> response) {
    Duration wait =
        LineageHttp.retryAfter(response.headers().firstValue("Retry-After").orElse(null));
    try {
      pause.pause(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailedException("interrupted while waiting for " + base, e);
    }
  }

  private JsonNode parse(HttpResponse<String> response) {
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      json = null; // not JSON: reported below, with what the server said it sent
    }
    if (json != null && json.isObject()) {
      return json;
    }
    throw new CommandFailedException(
        "the server at "
            + base
            + " did not answer with Lineage JSON (HTTP "
            + response.statusCode()
            + ", "
            + response.headers().firstValue("Content-Type").orElse("no content type")
            + "); is --http the address of a Lineage server?");
  }

  private static String queryString(Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return q.toString();
  }

  /**
   * Escapes a node id for a path: everything but unreserved characters and {@code : @ /} (which ids
   * contain and a path segment allows) is percent-encoded as UTF-8.
   */
  static String pathSegment(String id) {
    StringBuilder out = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || "-._~:@/".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
