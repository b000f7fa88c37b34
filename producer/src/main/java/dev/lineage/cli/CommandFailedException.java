package dev.lineage.cli;

/**
 * The work a command was asked to do could not be done (a port in use, a directory that cannot be
 * written, a cluster that does not answer); exit code 1, and the message, written for the person at
 * the terminal, says what to change.
 */
public final class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandFailedException(String message) {
    super(message);
  }

  public CommandFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
