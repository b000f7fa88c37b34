package dev.lineage.kafka;

/**
 * A Kafka client config file that cannot be used: missing, unreadable, or setting what the command
 * line sets. The message is one line naming the file; a command reports it as a usage error.
 */
public final class InvalidKafkaConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String where;
  private final String reason;

  InvalidKafkaConfigException(String where, String reason, Throwable cause) {
    super("Kafka client config " + where + ": " + reason, cause);
    this.where = where;
    this.reason = reason;
  }

  /** The file (or "the settings" for settings given in code). */
  public String where() {
    return where;
  }

  /** What is wrong with it, e.g. {@code no such file}. */
  public String reason() {
    return reason;
  }
}
