package dev.lineage.api.client;

/** A call of the Lineage HTTP API that did not bring an answer the caller can use. */
public class LineageApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LineageApiException(String message, Throwable cause) {
    super(message, cause);
  }

  public LineageApiException(String message) {
    super(message);
  }
}
