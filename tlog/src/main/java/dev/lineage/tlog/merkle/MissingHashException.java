package dev.lineage.tlog.merkle;

/** A hash a proof or root needs is not in the store: not appended yet, or its tile is missing. */
public final class MissingHashException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MissingHashException(String message) {
    super(message);
  }
}
