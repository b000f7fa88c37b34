package dev.lineage.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The meters of one running Kafka Streams instance, bound when the app starts and removed when it
 * closes: Kafka Streams' own metrics (threads, tasks, consumers, producers, RocksDB) through
 * Micrometer's {@link KafkaStreamsMetrics}, and the app's own gauges read at scrape time:
 *
 * <ul>
 *   <li>{@code lineage.store.entries{app,store}}: the approximate entries of each key-value store
 *       in the partitions this instance holds active (RocksDB's estimate: cheap, not exact); NaN
 *       while a rebalance moves the store;
 *   <li>{@code lineage.events.parked{app}}: events waiting for their signing key, the entries of
 *       the app's parked store;
 *   <li>a lag gauge per stage ({@link #lag}): the records not yet read by this instance from the
 *       stage's topics (the sum of its consumers' {@code records-lag}).
 * </ul>
 *
 * Every label is a name the app declares (its stores and topics); none comes from a record.
 */
public final class StreamsMeters implements AutoCloseable {
  public static final String STORE_ENTRIES = "lineage.store.entries";
  public static final String PARKED = "lineage.events.parked";

  private final MeterRegistry registry;
  private final String app;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics kafka;
  private final List<Meter> own = new ArrayList<>();

  private StreamsMeters(MeterRegistry registry, String app, KafkaStreams streams) {
    this.registry = registry;
    this.app = app;
    this.streams = streams;
    this.kafka = new KafkaStreamsMetrics(streams, Tags.of("app", app));
  }

  /**
   * Binds the instance's metrics and a store-size gauge for every key-value store of its topology.
   *
   * @param app the app's name, the {@code app} label (two apps may share one process and registry)
   */
  public static StreamsMeters bind(
      MeterRegistry registry, String app, KafkaStreams streams, Topology topology) {
    StreamsMeters meters = new StreamsMeters(registry, app, streams);
    meters.kafka.bindTo(registry);
    for (String store : storeNames(topology)) {
      meters.own.add(
          Gauge.builder(STORE_ENTRIES, meters, m -> m.entries(store))
              .description("approximate entries of a store, in the partitions held here")
              .tags("app", app, "store", store)
              .strongReference(true)
              .register(registry));
    }
    return meters;
  }

  /** Adds {@code lineage.events.parked{app}}: the entries of the store holding parked events. */
  public StreamsMeters parked(String store) {
    own.add(
        Gauge.builder(PARKED, this, m -> m.entries(store))
            .description("events waiting for their signing key (approximate)")
            .tag("app", app)
            .strongReference(true)
            .register(registry));
    return this;
  }

  /**
   * Adds a gauge named {@code name}: the records of {@code topics} appended and not yet read by
   * this instance (its consumers' {@code records-lag}, summed over the partitions it holds).
   */
  public StreamsMeters lag(String name, String description, Collection<String> topics) {
    Set<String> tagged = topics.stream().map(StreamsMeters::tagged).collect(Collectors.toSet());
    own.add(
        Gauge.builder(name, this, m -> m.recordsLag(tagged))
            .description(description)
            .baseUnit("records")
            .tag("app", app)
            .strongReference(true)
            .register(registry));
    return this;
  }

  double entries(String store) {
    try {
      return streams
          .store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
          .approximateNumEntries();
    } catch (InvalidStateStoreException e) {
      return Double.NaN;
    }
  }

  /**
   * A topic as the consumers' metrics tag it: each partition's lag is reported twice, under the
   * topic's name and with its dots written as underscores; counted once, under the second.
   */
  private static String tagged(String topic) {
    return topic.replace('.', '_');
  }

  double recordsLag(Set<String> topics) {
    Map<String, Double> byPartition = new HashMap<>();
    for (var e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (!"records-lag".equals(name.name())
          || !"consumer-fetch-manager-metrics".equals(name.group())) {
        continue;
      }
      String topic = name.tags().get("topic");
      String partition = name.tags().get("partition");
      if (topic == null || partition == null || !topics.contains(tagged(topic))) {
        continue;
      }
      Object value = ((Metric) e.getValue()).metricValue();
      if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
        byPartition.put(
            name.tags().get("client-id") + " " + tagged(topic) + " " + partition, n.doubleValue());
      }
    }
    double sum = 0;
    for (double lag : byPartition.values()) {
      sum += lag;
    }
    return sum;
  }

  /** The key-value stores of a topology, global ones included. */
  static Set<String> storeNames(Topology topology) {
    Set<String> names = new TreeSet<>();
    TopologyDescription d = topology.describe();
    for (TopologyDescription.Subtopology s : d.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Processor p) {
          names.addAll(p.stores());
        }
      }
    }
    for (TopologyDescription.GlobalStore g : d.globalStores()) {
      names.addAll(g.processor().stores());
    }
    return names;
  }

  @Override
  public void close() {
    own.forEach(registry::remove);
    kafka.close();
  }
}
