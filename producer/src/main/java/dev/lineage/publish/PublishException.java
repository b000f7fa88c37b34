package dev.lineage.publish;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * Kafka did not take a signed event. The message names the event type and topic and, for a timeout,
 * the two usual causes; {@link #getCause()} is Kafka's own exception.
 */
public final class PublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String topic;

  PublishException(String what, String topic, String servers, Throwable cause) {
    super(message(what, topic, servers, cause), cause);
    this.topic = topic;
  }

  /** The topic the event was meant for. */
  public String topic() {
    return topic;
  }

  /** True when Kafka did not answer in time (unreachable cluster or missing topic). */
  public boolean isTimeout() {
    return getCause() instanceof TimeoutException;
  }

  private static String message(String what, String topic, String servers, Throwable cause) {
    String base = "cannot publish " + what + " to " + topic + " at " + servers + ": ";
    if (cause instanceof TimeoutException) {
      return base
          + "no answer in time ("
          + cause.getMessage()
          + "); is the cluster reachable and does the topic exist? (lineage up creates the"
          + " topics)";
    }
    return base + cause;
  }
}
