package dev.lineage.runtime;

import dev.lineage.http.Health;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;

/**
 * The life of one Kafka Streams instance, the same for every app that runs a topology
 * (lineage-streams, impact-service): start in the background, wait until running, report health,
 * close leaving the group. The app keeps its own configuration, topology and HTTP; messages and the
 * health component carry the app's {@code name}.
 *
 * <pre>{@code
 * StreamsLifecycle lifecycle = new StreamsLifecycle("lineage-streams", log);
 * lifecycle.start(topology, config, new MaxFailuresHandler(3, Duration.ofMinutes(1)));
 * lifecycle.awaitRunning(Duration.ofSeconds(60));
 * lifecycle.close(Duration.ofSeconds(30));
 * }</pre>
 */
public final class StreamsLifecycle {
  private final String name;
  private final Logger log;
  private volatile KafkaStreams streams;

  /**
   * @param name the app's name, in messages and as its health component
   * @param log the app's own logger, so state changes are logged where they were before
   */
  public StreamsLifecycle(String name, Logger log) {
    this.name = name;
    this.log = log;
  }

  /**
   * Starts processing in the background; returns at once.
   *
   * @throws IllegalStateException when already started
   */
  public synchronized void start(
      Topology topology, Properties config, StreamsUncaughtExceptionHandler onThreadFailure) {
    if (streams != null) {
      throw new IllegalStateException("already started");
    }
    KafkaStreams s = new KafkaStreams(topology, config);
    s.setUncaughtExceptionHandler(onThreadFailure);
    s.setStateListener(
        (now, before) -> {
          log.info("{} state {} -> {}", name, before, now);
          synchronized (this) {
            notifyAll();
          }
        });
    s.start();
    streams = s;
  }

  /** Whether {@link #start} has been called. */
  public boolean started() {
    return streams != null;
  }

  /**
   * Waits until the app runs (every task restored and processing), failing when it stops instead or
   * the time runs out.
   */
  public synchronized void awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State now = state();
      if (now == KafkaStreams.State.ERROR
          || now == KafkaStreams.State.NOT_RUNNING
          || now == KafkaStreams.State.PENDING_SHUTDOWN
          || now == KafkaStreams.State.PENDING_ERROR) {
        throw new IllegalStateException(name + " stopped while starting (" + now + ")");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(
            name + " was not running after " + timeout.toSeconds() + " s (" + now + ")");
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  /** The Streams state, {@code CREATED} before {@link #start}. */
  public KafkaStreams.State state() {
    KafkaStreams s = streams;
    return s == null ? KafkaStreams.State.CREATED : s.state();
  }

  /** The running Streams instance, for interactive queries; null before start. */
  public KafkaStreams streams() {
    return streams;
  }

  /** Up while running or rebalancing (a rebalance is part of running; queries answer 503). */
  public Health.Status health() {
    KafkaStreams.State state = state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
        ? Health.Status.up(state.name())
        : Health.Status.down(state.name());
  }

  /** Registers {@link #health()} as the component named for the app. */
  public void registerHealth(Health health) {
    health.register(name, this::health);
  }

  /** Closes the instance, if started, waiting at most {@code timeout}. */
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
}
