package dev.lineage.api.client;

import dev.lineage.api.ApiError;

/**
 * The server answered with a status other than 200 and said why: its status, its stable {@code
 * reason} and its {@code message}. A 503 is only thrown once the client's attempts are used up.
 */
public final class ApiErrorException extends LineageApiException {
  private static final long serialVersionUID = 1L;
  private final transient ApiError error;
  private final String request;

  public ApiErrorException(String request, ApiError error) {
    super(error.message());
    this.request = request;
    this.error = error;
  }

  public int status() {
    return error.status();
  }

  public String reason() {
    return error.reason();
  }

  public ApiError error() {
    return error;
  }

  /** The request refused, as {@code METHOD /path}: for messages. */
  public String request() {
    return request;
  }
}
