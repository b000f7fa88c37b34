package dev.lineage.ownership;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * How many partitions a source topic has, and so which one a registration of an id belongs in: the
 * partition Kafka's default partitioner picks for the id as record key (murmur2, as the Java
 * producer and the pipeline library do; librdkafka clients set {@code partitioner=murmur2_random}).
 *
 * <p>Every registration of one id then sits in one partition, in append order, and reaches its
 * claim in that order, live or rebuilt: that is what makes "the first registration owns the id" a
 * fact of the log rather than of which partition a stream thread happened to read first.
 */
@FunctionalInterface
public interface SourcePartitions {
  /** The partition count of {@code topic}. */
  int count(String topic);

  /** Every topic has one partition, as in a topology test driver. */
  static SourcePartitions single() {
    return topic -> 1;
  }

  /** The partition a record keyed {@code id} belongs in, on {@code topic}. */
  default int of(String topic, String id) {
    return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % count(topic);
  }
}
