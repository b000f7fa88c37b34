package dev.lineage.manifest;

/** A training manifest that is incomplete or malformed; the message says what is wrong. */
public final class ManifestFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ManifestFormatException(String message) {
    super(message);
  }

  public ManifestFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
