package dev.lineage.broker;

/**
 * The embedded broker could not be started. The message names what went wrong in terms a person
 * running {@code lineage up} can act on: the port that is taken, the directory that cannot be
 * written, or how long the broker was given to answer.
 */
public final class BrokerStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public BrokerStartException(String message) {
    super(message);
  }

  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
