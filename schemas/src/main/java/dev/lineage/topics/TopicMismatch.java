package dev.lineage.topics;

import java.util.Objects;

/**
 * One difference between a declared topic and the topic on the cluster.
 *
 * @param topic the topic name
 * @param key what differs: a config key such as {@code retention.ms}, or {@code partitions} or
 *     {@code replication.factor}
 * @param expected what the declaration asks for
 * @param actual what the cluster has
 */
public record TopicMismatch(String topic, String key, String expected, String actual) {
  public TopicMismatch {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(actual, "actual");
  }

  @Override
  public String toString() {
    return topic + ": " + key + " expected " + expected + ", actual " + actual;
  }
}
