package dev.lineage.cli;

/**
 * The work a command was asked to do could not be done (a port in use, a directory that cannot be
 * written, a cluster that does not answer); exit code 1, and the message, written for the person at
 * the terminal, says what to change.
 *
 * <p>The message is one line on standard error. When what to change takes several lines (steps,
 * commands to copy), they go in {@link #details()}, printed as they are after that line.
 */
public final class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String details;

  public CommandFailedException(String message) {
    this(message, "", null);
  }

  public CommandFailedException(String message, Throwable cause) {
    this(message, "", cause);
  }

  /**
   * @param message one line: what failed
   * @param details lines printed after the message, as they are (may be empty)
   * @param cause the underlying exception, or null
   */
  public CommandFailedException(String message, String details, Throwable cause) {
    super(message, cause);
    this.details = details == null ? "" : details;
  }

  /** The lines printed after the message, as they are; empty when there are none. */
  public String details() {
    return details;
  }
}
