package dev.lineage.query;

import dev.lineage.http.ApiException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance owns each partition of a repartition topic, from the group's current assignment,
 * and so which instance holds a key's state: the stores behind that topic are partitioned as it is.
 * Built per request; while any partition has no owner (a rebalance), building it answers 503 with
 * {@code Retry-After}.
 */
public final class PartitionOwners {
  private final HostInfo[] ownerOf;

  private PartitionOwners(HostInfo[] ownerOf) {
    this.ownerOf = ownerOf;
  }

  /**
   * The owners now.
   *
   * @param topic the full name of the repartition topic
   * @param partitions how many partitions it has
   * @param what what its partitions hold, for the 503's message ("the graph")
   */
  public static PartitionOwners of(
      KafkaStreams streams, String topic, int partitions, String what) {
    HostInfo[] ownerOf = new HostInfo[partitions];
    for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
      for (TopicPartition tp : m.topicPartitions()) {
        if (tp.topic().equals(topic) && tp.partition() < partitions) {
          ownerOf[tp.partition()] = m.hostInfo();
        }
      }
    }
    for (int p = 0; p < partitions; p++) {
      if (ownerOf[p] == null) {
        throw ApiException.unavailable("partition " + p + " of " + what + " has no owner yet", 1);
      }
    }
    return new PartitionOwners(ownerOf);
  }

  /** The owner of a key: the same hash Kafka's default partitioner applies to the key. */
  public HostInfo ofKey(String key) {
    return ownerOf[
        Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % ownerOf.length];
  }

  /** The owner of one partition. */
  public HostInfo ofPartition(int partition) {
    return ownerOf[partition];
  }

  public int partitions() {
    return ownerOf.length;
  }

  /** Whether {@code host} owns every partition. */
  public boolean allOwnedBy(HostInfo host) {
    for (HostInfo h : ownerOf) {
      if (!h.equals(host)) {
        return false;
      }
    }
    return true;
  }
}
