package dev.lineage.signing;

/** Bytes that are not a DSSE envelope; the message says what is wrong. */
public final class MalformedEnvelopeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MalformedEnvelopeException(String message) {
    super(message);
  }

  public MalformedEnvelopeException(String message, Throwable cause) {
    super(message, cause);
  }
}
