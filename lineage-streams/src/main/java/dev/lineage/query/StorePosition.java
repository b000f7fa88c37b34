package dev.lineage.query;

import dev.lineage.graph.GraphStores;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * Where this instance's graph stores stand, as interactive queries v2 report it (the fold's
 * repartition topic, partition to offset), for the partitions it holds as active. A store's
 * position only moves when the store is written, so the position of a partition is the largest over
 * the graph stores: the last fold input that changed any of them (the fold handles a partition's
 * records in order). Asking costs a store query per store, most of a small answer's time, so the
 * value is reused for {@link #MAX_AGE}: the stores only grow, so an older position is still a true
 * lower bound of what an answer reflects.
 */
public final class StorePosition implements Supplier<Map<String, Long>> {
  public static final Duration MAX_AGE = Duration.ofMillis(200);

  private static final List<String> STORES =
      List.of(
          GraphStores.NODES,
          GraphStores.EDGES_OUT,
          GraphStores.EDGES_IN,
          GraphStores.NAMES,
          GraphStores.PROCESS_RUNS);

  private final Supplier<KafkaStreams> streams;
  private volatile Map<String, Long> last = Map.of();
  private volatile long readAt;

  public StorePosition(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /** The position, at most {@link #MAX_AGE} old. */
  @Override
  public Map<String, Long> get() {
    long now = System.nanoTime();
    if (readAt != 0 && now - readAt < MAX_AGE.toNanos()) {
      return last;
    }
    return fresh();
  }

  /** The position now, for waiting on a bound. */
  public Map<String, Long> fresh() {
    long now = System.nanoTime();
    Map<String, Long> out = new TreeMap<>();
    try {
      for (String store : STORES) {
        StateQueryResult<Object> result =
            streams
                .get()
                .query(
                    StateQueryRequest.inStore(store)
                        .withQuery(KeyQuery.<String, Object>withKey(""))
                        .requireActive());
        // Partition by partition: a standby's is a failure (NOT_ACTIVE) without a position.
        for (QueryResult<Object> partition : result.getPartitionResults().values()) {
          Position position = partition.isSuccess() ? partition.getPosition() : null;
          if (position == null) {
            continue;
          }
          for (String topic : position.getTopics()) {
            position
                .getPartitionPositions(topic)
                .forEach((p, offset) -> out.merge(topic + "-" + p, offset, Math::max));
          }
        }
      }
    } catch (RuntimeException e) {
      // A receipt without a position is still true; failing the query for it would not be.
      return Map.of();
    }
    last = Collections.unmodifiableMap(out);
    readAt = now;
    return last;
  }
}
