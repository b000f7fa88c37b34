package dev.lineage.query;

import dev.lineage.graph.GraphStores;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * Where this instance's graph stores stand, as interactive queries v2 report it (the fold's
 * repartition topic, partition to offset). Asking costs a store query per partition, most of a
 * small answer's time, so the value is reused for {@link #MAX_AGE}: the stores only grow, so an
 * older position is still a true lower bound of what an answer reflects.
 */
public final class StorePosition implements Supplier<Map<String, Long>> {
  public static final Duration MAX_AGE = Duration.ofMillis(200);

  private final Supplier<KafkaStreams> streams;
  private volatile Map<String, Long> last = Map.of();
  private volatile long readAt;

  public StorePosition(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  @Override
  public Map<String, Long> get() {
    long now = System.nanoTime();
    if (readAt != 0 && now - readAt < MAX_AGE.toNanos()) {
      return last;
    }
    Map<String, Long> out = new TreeMap<>();
    try {
      StateQueryResult<Object> result =
          streams
              .get()
              .query(
                  StateQueryRequest.inStore(GraphStores.EDGES_OUT)
                      .withQuery(KeyQuery.<String, Object>withKey("")));
      Position position = result.getPosition();
      for (String topic : position.getTopics()) {
        position
            .getPartitionPositions(topic)
            .forEach((partition, offset) -> out.put(topic + "-" + partition, offset));
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
