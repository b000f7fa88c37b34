package dev.lineage.launcher;

import dev.lineage.access.ApiToken;
import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.api.client.LineageApiException;
import dev.lineage.api.client.UnreachableException;
import dev.lineage.api.client.UnreadableAnswerException;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.LineageHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Lineage HTTP API for the command line: {@link LineageApiClient} (which comes back after a 503
 * as {@code Retry-After} says, a bounded number of times), with its failures said in the terms of a
 * person at a terminal. A refusal is an {@link ApiError} carrying the server's own reason and
 * message; a server that cannot be reached is a {@link CommandFailedException} that says so, and so
 * is one that wants a bearer token this client did not have or had wrong.
 */
final class CommandLineApi {
  /** How the client waits before coming back; tests record the waits instead of sleeping. */
  @FunctionalInterface
  interface Pause extends LineageApiClient.Pause {}

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

  static final String DEFAULT_URL = "http://127.0.0.1:8080";
  static final int MAX_ATTEMPTS = LineageApiClient.DEFAULT_MAX_ATTEMPTS;

  private final LineageApiClient client;
  private final Duration requestTimeout;
  private final Optional<ApiToken> token;

  /**
   * @param token sent as {@code Authorization: Bearer} with every request, when the server wants
   *     one
   */
  CommandLineApi(URI base, Duration requestTimeout, Pause pause, Optional<ApiToken> token) {
    this(List.of(base), requestTimeout, pause, token);
  }

  /**
   * A client of any of these instances of one Lineage deployment: a call the one it asks cannot
   * answer (unreachable, or 503) goes to the next.
   */
  CommandLineApi(List<URI> bases, Duration requestTimeout, Pause pause, Optional<ApiToken> token) {
    this.requestTimeout = requestTimeout;
    this.token = token;
    this.client =
        LineageApiClient.builder(bases)
            .connectTimeout(LineageHttp.CONNECT_TIMEOUT)
            .requestTimeout(requestTimeout)
            .maxAttempts(MAX_ATTEMPTS)
            .maxRetryWait(LineageHttp.MAX_RETRY_WAIT)
            .pause(pause)
            .signer(
                token
                    .map(t -> LineageApiClient.RequestSigner.authorization(t.authorization()))
                    .orElse(null))
            .build();
  }

  CommandLineApi(URI base, Duration requestTimeout, Pause pause) {
    this(base, requestTimeout, pause, Optional.empty());
  }

  CommandLineApi(URI base, Duration requestTimeout) {
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
    return client.base();
  }

  /** The client itself, for the typed calls. */
  LineageApiClient client() {
    return client;
  }

  /**
   * GETs {@code path} (already escaped, starting with {@code /}) with these query parameters (null
   * values left out), read into {@code type}.
   */
  <T> LineageApiClient.Answer<T> get(String path, Map<String, String> query, Class<T> type) {
    try {
      return client.get(path, query, type);
    } catch (LineageApiException e) {
      throw translated(e);
    }
  }

  /** The client's failure as the command line says it. */
  RuntimeException translated(LineageApiException e) {
    URI base = client.base();
    if (e instanceof ApiErrorException refused) {
      if (refused.status() == 401) {
        return new CommandFailedException(
            "the Lineage server at "
                + base
                + (token.isEmpty()
                    ? " requires an API token: give its file with --api-token-file FILE or "
                        + ApiToken.ENV
                    : " refused the API token (" + refused.getMessage() + ")"));
      }
      if (refused.status() == 503) {
        return new CommandFailedException(
            "the Lineage server at "
                + base
                + " is not ready to answer ("
                + refused.getMessage()
                + "); gave up after "
                + MAX_ATTEMPTS
                + " attempts, try again shortly");
      }
      return new ApiError(refused.status(), refused.reason(), refused.getMessage());
    }
    if (e instanceof UnreadableAnswerException unreadable) {
      return new CommandFailedException(
          "the server at "
              + base
              + " did not answer with Lineage JSON (HTTP "
              + unreadable.status()
              + ", "
              + (unreadable.contentType() == null ? "no content type" : unreadable.contentType())
              + "); is --http the address of a Lineage server?");
    }
    if (e instanceof UnreachableException unreachable) {
      IOException cause = unreachable.getCause();
      if (cause instanceof HttpConnectTimeoutException) {
        return new CommandFailedException(
            "no Lineage server answers at "
                + base
                + " (no connection within "
                + LineageHttp.CONNECT_TIMEOUT.toSeconds()
                + " s; start one with ./lineage up)",
            cause);
      }
      if (cause instanceof HttpTimeoutException) {
        return new CommandFailedException(
            "the Lineage server at "
                + base
                + " did not answer within "
                + requestTimeout.toSeconds()
                + " s (raise --timeout for a large closure, or ask for --summary)",
            cause);
      }
      if (cause instanceof ConnectException) {
        return new CommandFailedException(
            "no Lineage server answers at " + base + " (start one with ./lineage up)", cause);
      }
      if (cause.getCause() instanceof UnresolvedAddressException) {
        return new CommandFailedException(
            "cannot resolve the host of " + base + " (check --http or LINEAGE_HTTP)", cause);
      }
      return new CommandFailedException(
          "the connection to the Lineage server at " + base + " failed: " + cause.getMessage(),
          cause);
    }
    return new CommandFailedException(e.getMessage(), e);
  }

  /**
   * Escapes a node id for a path: everything but unreserved characters and {@code : @ /} (which ids
   * contain and a path segment allows) is percent-encoded as UTF-8.
   */
  static String pathSegment(String id) {
    return LineageApiClient.idPath(id);
  }
}
