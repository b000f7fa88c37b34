package dev.lineage.query;

import dev.lineage.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance owns each partition of a repartition topic, from the group's current assignment,
 * and so which instance holds a key's state: the stores behind that topic are partitioned as it is.
 * Asked per request; while any partition has no owner (a rebalance), asking answers 503 with {@code
 * Retry-After}.
 *
 * <p>Kafka Streams replaces its immutable {@link StreamsMetadata} objects when an assignment
 * changes, so the owners computed from one set of them are reused for as long as the same objects
 * (by identity) come back: a request then pays a few reference comparisons instead of a scan of
 * every assigned partition (~4 % of a small answer's CPU, issue 19). Anything else recomputes.
 */
public final class PartitionOwners {
  /** The last owners per topic and partition count, with the metadata objects they came from. */
  private static final ConcurrentMap<String, Computed> LAST = new ConcurrentHashMap<>();

  private record Computed(StreamsMetadata[] from, PartitionOwners owners) {
    boolean sameAs(Collection<StreamsMetadata> now) {
      if (now.size() != from.length) {
        return false;
      }
      int i = 0;
      for (StreamsMetadata m : now) {
        if (m != from[i++]) {
          return false;
        }
      }
      return true;
    }
  }

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
    Collection<StreamsMetadata> all = streams.metadataForAllStreamsClients();
    String key = topic + "#" + partitions;
    Computed last = LAST.get(key);
    if (last != null && last.sameAs(all)) {
      return last.owners();
    }
    HostInfo[] ownerOf = new HostInfo[partitions];
    for (StreamsMetadata m : all) {
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
    PartitionOwners owners = new PartitionOwners(ownerOf);
    LAST.put(key, new Computed(all.toArray(new StreamsMetadata[0]), owners));
    return owners;
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
