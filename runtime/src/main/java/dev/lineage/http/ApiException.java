package dev.lineage.http;

import java.util.Map;

/**
 * A failure the API reports to its caller: an HTTP status, a machine-readable reason and a message.
 * Thrown by handlers and turned into a JSON answer in one place, {@link ApiServer}.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String reason;
  private final Map<String, String> headers;

  public ApiException(int status, String reason, String message) {
    this(status, reason, message, Map.of());
  }

  public ApiException(int status, String reason, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.headers = Map.copyOf(headers);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad-request", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not-found", message);
  }

  /** The answer while state is moving between instances: the caller should come back shortly. */
  public static ApiException unavailable(String message, int retryAfterSeconds) {
    return new ApiException(
        503, "unavailable", message, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
