package dev.lineage.broker;

/**
 * The embedded broker could not be started. The message names what went wrong in terms a person
 * running {@code lineage up} can act on: the port that is taken, the directory that cannot be
 * written, or how long the broker was given to answer; {@link #problem()} says which, so a caller
 * can put the advice in its own terms (which option to change) instead of adding a second hint.
 */
public final class BrokerStartException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kept the broker from starting. */
  public enum Problem {
    /** A port the broker needs is taken by another process. */
    PORT_IN_USE,
    /** Another broker runs on the data directory (it holds the directory's lock). */
    DATA_DIR_IN_USE,
    /** The data directory cannot be created, written or locked. */
    DATA_DIR_UNUSABLE,
    /** Anything else: configuration, formatting, startup, timeout. */
    OTHER
  }

  private final Problem problem;

  public BrokerStartException(String message) {
    this(Problem.OTHER, message, null);
  }

  public BrokerStartException(String message, Throwable cause) {
    this(Problem.OTHER, message, cause);
  }

  public BrokerStartException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
