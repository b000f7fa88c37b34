package dev.lineage.topics;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One topic as the project declares it: its full name, the partitions it needs at least, and the
 * topic-level configs it must have (only those declared; everything else is the broker's business).
 *
 * @param name the full topic name, prefix included
 * @param partitions the minimum number of partitions; a topic may have more (scaled out), never
 *     fewer
 * @param configs topic-level configs, e.g. {@code retention.ms=-1}; copied, unmodifiable, sorted
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
  /** Kafka's own rule for topic names (kafka.common.internals.Topic). */
  static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

  static final int MAX_NAME_LENGTH = 249;

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(configs, "configs");
    if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "Illegal topic name '" + name + "': use only ASCII letters, digits, '.', '_' and '-'");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "Topic name " + name + " is longer than Kafka's limit of " + MAX_NAME_LENGTH);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "Topic " + name + " needs at least one partition, got " + partitions);
    }
    configs.forEach(
        (key, value) -> {
          Objects.requireNonNull(key, "config key");
          Objects.requireNonNull(value, () -> "value of config " + key);
        });
    configs = Map.copyOf(configs);
  }

  /** The declared configs in key order, for messages and reports. */
  public Map<String, String> sortedConfigs() {
    return new TreeMap<>(configs);
  }
}
