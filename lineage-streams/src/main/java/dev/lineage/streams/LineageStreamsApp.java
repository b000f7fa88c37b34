package dev.lineage.streams;

import dev.lineage.http.Health;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lineage-streams application: configuration, lifecycle and state of the Kafka Streams instance
 * running {@link LineageTopology}. Topics are expected to exist (the launcher provisions them with
 * {@code TopicProvisioner} before starting the apps).
 */
public final class LineageStreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LineageStreamsApp.class);

  private final StreamsSettings settings;
  private final Topology topology;
  private volatile KafkaStreams streams;

  /** Reads the root keys and builds the topology; does not connect to anything yet. */
  public LineageStreamsApp(StreamsSettings settings) throws IOException {
    this.settings = settings;
    this.topology =
        LineageTopology.build(settings.topics(), TrustAnchors.fromPemFiles(settings.trustRoots()));
  }

  public StreamsSettings settings() {
    return settings;
  }

  public Topology topology() {
    return topology;
  }

  /** Starts processing in the background; returns at once. */
  public synchronized void start() throws IOException {
    if (streams != null) {
      throw new IllegalStateException("already started");
    }
    Files.createDirectories(settings.stateDir());
    KafkaStreams s = new KafkaStreams(topology, settings.streamsConfig());
    s.setUncaughtExceptionHandler(
        new MaxFailuresHandler(settings.maxThreadFailures(), settings.failureWindow()));
    s.setStateListener((now, before) -> log.info("lineage-streams state {} -> {}", before, now));
    s.start();
    streams = s;
  }

  /** The Streams state, {@code CREATED} before {@link #start()}. */
  public KafkaStreams.State state() {
    KafkaStreams s = streams;
    return s == null ? KafkaStreams.State.CREATED : s.state();
  }

  /** Up while running or rebalancing (a rebalance is part of running; queries answer 503). */
  public Health.Status health() {
    KafkaStreams.State state = state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
        ? Health.Status.up(state.name())
        : Health.Status.down(state.name());
  }

  /** Registers this app's health as the {@code lineage-streams} component. */
  public void registerHealth(Health health) {
    health.register("lineage-streams", this::health);
  }

  /** The running Streams instance, for interactive-query metadata; null before start. */
  public KafkaStreams streams() {
    return streams;
  }

  /** A local store of this instance (the partitions it owns, or all of a global store). */
  public <T> T store(String name, QueryableStoreType<T> type) {
    KafkaStreams s = streams;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.store(StoreQueryParameters.fromNameAndType(name, type));
  }

  public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
    return store(name, QueryableStoreTypes.keyValueStore());
  }

  public void close(Duration timeout) {
    KafkaStreams s;
    synchronized (this) {
      s = streams;
    }
    if (s != null) {
      // Leaving the group hands this instance's partitions over at once, instead of after the
      // session timeout (45 s), which would stall the other instances' work.
      s.close(
          CloseOptions.timeout(timeout)
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** {@code lineage-streams [settings.properties]}; the environment overrides the file. */
  public static void main(String[] args) throws Exception {
    Properties file = new Properties();
    if (args.length > 0) {
      try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
        file.load(in);
      }
    }
    LineageStreamsApp app = new LineageStreamsApp(StreamsSettings.load(file, System.getenv()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "lineage-streams-shutdown"));
    app.start();
    stopped.await();
  }
}
