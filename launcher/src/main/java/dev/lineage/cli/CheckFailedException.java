package dev.lineage.cli;

/** A check the user asked for did not pass; exit code 1 with this message. */
public final class CheckFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckFailedException(String message) {
    super(message);
  }
}
