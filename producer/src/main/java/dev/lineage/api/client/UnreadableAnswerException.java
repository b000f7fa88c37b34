package dev.lineage.api.client;

/**
 * An answer came that is not the JSON this API sends: most likely another server at that address.
 */
public final class UnreadableAnswerException extends LineageApiException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String contentType;

  public UnreadableAnswerException(
      String message, int status, String contentType, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.contentType = contentType;
  }

  public int status() {
    return status;
  }

  /** The content type the server said it sent; null when it said none. */
  public String contentType() {
    return contentType;
  }
}
