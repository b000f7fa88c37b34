package dev.lineage.metrics;

import dev.lineage.schemas.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a topology counts as it runs: events accepted by verification (by source topic) and records
 * sent to {@code lineage.rejected} (by {@link Reason}). Made by the app from its registry and
 * passed to the topology's builder, so the topology stays a pure function; tests pass one over a
 * {@code SimpleMeterRegistry}, and {@link #none()} counts into nothing.
 *
 * <p>Labels are bounded: the reason is one of the {@link Reason} constants and the topic one of the
 * declared topics; nothing a signer writes becomes a label. Counts are of processing, so a task
 * that replays a batch after a crash (exactly-once aborts its output, not these counters) counts it
 * again: a rate to alert on, not a ledger.
 */
public final class EventMetrics {
  /** Events accepted by verification: signature, key, role and rules all held. */
  public static final String VERIFIED = "lineage.events.verified";

  /** Records sent to {@code lineage.rejected}, by the {@link Reason}'s wire name. */
  public static final String REJECTED = "lineage.events.rejected";

  private final MeterRegistry registry;
  private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
  private final Map<String, Counter> verified = new ConcurrentHashMap<>();

  private EventMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    // every reason registered at 0, so a rate over a reason never seen yet is 0, not absent
    for (Reason reason : Reason.values()) {
      rejected.put(
          reason,
          Counter.builder(REJECTED)
              .description("records sent to lineage.rejected, by reason")
              .tag("reason", reason.wire())
              .register(registry));
    }
  }

  public static EventMetrics of(MeterRegistry registry) {
    return new EventMetrics(registry);
  }

  /** Counts into a registry that keeps nothing: for topologies built without an app. */
  public static EventMetrics none() {
    return new EventMetrics(new CompositeMeterRegistry());
  }

  /** The registry the app scrapes, for the app's own meters (timers of its processors). */
  public MeterRegistry registry() {
    return registry;
  }

  /** One record went to {@code lineage.rejected} for this reason. */
  public void rejected(Reason reason) {
    rejected.get(reason).increment();
  }

  /**
   * The counter of events from {@code topic} accepted by verification; a processor looks it up once
   * (in its constructor or {@code init}) and increments it per event.
   */
  public Counter verified(String topic) {
    return verified.computeIfAbsent(
        topic,
        t ->
            Counter.builder(VERIFIED)
                .description("events accepted by verification, by source topic")
                .tag("topic", t)
                .register(registry));
  }
}
