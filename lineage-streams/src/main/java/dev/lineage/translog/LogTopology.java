package dev.lineage.translog;

import dev.lineage.runtime.Checked;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The transparency log's own sub-topologies (issue 16): every envelope the system accepts becomes a
 * leaf on the single-partition log topic, whose offsets are the log's one total order, and the log
 * topic's one task integrates the leaves into tiles.
 *
 * <pre>
 * checked (lineage-streams' verified artifacts, runs, approvals; parked ones included)
 *   ─► log-accepted ─► log-leaves ─► log-sink ──────────────────────────────────┐
 * lineage.deletion-requests ─► log-verify-deletions ───┐                          │
 * lineage.bug-reports ───────► log-verify-bug-reports ─┤                          │
 * lineage.retraining-triggers ► log-verify-triggers ───┼─ log-park-unknown-keys   │
 * lineage.impact-reports ────► log-verify-reports ─────┤   [log-parked]           │
 * lineage.obligations ───────► log-verify-obligations ─┘                          │
 * lineage.openlineage-attested ─► openlineage-verify (accepted) ─► openlineage-log-leaves ─┤
 *   ─► log-service-accepted ─► log-service-leaves ─► log-service-sink ────────────┤
 *                                                                                 ▼
 * lineage.log (1 partition, LogAppendTime, kept forever) ─► log-source
 *   ├─► log-integrate [log-index] [log-pending] [log-tiles] [log-head] ─► log-rejected-sink
 *   └─► log-key-leaves [log-key-leaves-sent] (reads the keyring) ─► log-key-leaves-sink ─► lineage.log
 * </pre>
 *
 * <p>A leaf is written in the transaction that consumed what it records (exactly-once), keyed by
 * the envelope digest. "Accepted" means the signature and the signer's role at the append time held
 * ({@code EventVerifier}); an envelope that passes them and is later refused by a rule about
 * content (an ownership {@code conflict}, a request impact-service does not admit) is in the log
 * too, as what was verified: whoever reads the log decides those rules again from the order it
 * gives. Key grants and revocations are the ones the keyring accepted ({@link KeyLeafReporter}).
 *
 * <p>Every node, store and topic is named here and nowhere else; {@code LineageTopology.build}
 * mounts it with one line.
 */
public final class LogTopology {
  /** How often sequenced leaves are integrated into the tiles, and the keyring looked through. */
  public static final Duration DEFAULT_INTEGRATE_EVERY = Duration.ofMillis(500);

  static final String PARKED_STORE = "log-parked";

  private LogTopology() {}

  /**
   * Adds the log, fed by the verified records of {@code checked}, the impact-service topics
   * (checked here under {@code roots} and {@code skew}, an unknown key waiting as {@code keyWait}
   * says) and the keyring.
   */
  public static void addTo(
      StreamsBuilder builder,
      Topics topics,
      KStream<byte[], Checked> checked,
      TrustAnchors roots,
      ClockSkew skew,
      ParkingProcessor.Limits keyWait) {
    addTo(builder, topics, checked, roots, skew, keyWait, DEFAULT_INTEGRATE_EVERY);
  }

  public static void addTo(
      StreamsBuilder builder,
      Topics topics,
      KStream<byte[], Checked> checked,
      TrustAnchors roots,
      ClockSkew skew,
      ParkingProcessor.Limits keyWait,
      Duration integrateEvery) {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(roots, "roots");
    Objects.requireNonNull(skew, "skew");
    Objects.requireNonNull(keyWait, "keyWait");
    Objects.requireNonNull(integrateEvery, "integrateEvery");
    Produced<byte[], byte[]> bytes = Produced.with(Serdes.ByteArray(), Serdes.ByteArray());
    String prefix = topics.prefix();

    leaves(checked, prefix, "log").to(topics.log().name(), bytes.withName("log-sink"));

    Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    Map<String, ServiceEventVerifier.Rule> rules =
        Map.of(
            topics.deletionRequests().name(), ServiceEventVerifier.DELETIONS,
            topics.bugReports().name(), ServiceEventVerifier.BUG_REPORTS,
            topics.retrainingTriggers().name(), ServiceEventVerifier.TRIGGERS,
            topics.impactReports().name(), ServiceEventVerifier.REPORTS,
            topics.obligations().name(), ServiceEventVerifier.OBLIGATIONS);
    builder.addStateStore(ParkingProcessor.storeBuilder(PARKED_STORE));
    KStream<byte[], Checked> service =
        verified(builder, raw, topics.deletionRequests().name(), "deletions", rules, roots, skew)
            .merge(
                verified(
                    builder, raw, topics.bugReports().name(), "bug-reports", rules, roots, skew),
                Named.as("log-requests"))
            .merge(
                verified(
                    builder,
                    raw,
                    topics.retrainingTriggers().name(),
                    "triggers",
                    rules,
                    roots,
                    skew),
                Named.as("log-requests-triggers"))
            .merge(
                verified(
                    builder, raw, topics.impactReports().name(), "reports", rules, roots, skew),
                Named.as("log-service-events"))
            .merge(
                verified(
                    builder, raw, topics.obligations().name(), "obligations", rules, roots, skew),
                Named.as("log-service-obligations"))
            .process(
                () ->
                    new ParkingProcessor(
                        PARKED_STORE,
                        keyWait,
                        context -> ServiceEventVerifier.recheck(roots, skew, rules, context)),
                Named.as("log-park-unknown-keys"),
                PARKED_STORE);
    leaves(service, prefix, "log-service")
        .to(topics.log().name(), bytes.withName("log-service-sink"));

    builder.addStateStore(LogStores.tiles());
    builder.addStateStore(LogStores.index());
    builder.addStateStore(LogStores.pending());
    builder.addStateStore(LogStores.head());
    builder.addStateStore(LogStores.keyLeavesSent());
    KStream<byte[], byte[]> log = builder.stream(topics.log().name(), raw.withName("log-source"));
    log.process(
            () -> new LogIntegrator(integrateEvery),
            Named.as("log-integrate"),
            LogStores.TILES,
            LogStores.INDEX,
            LogStores.PENDING,
            LogStores.HEAD)
        .to(topics.rejected().name(), bytes.withName("log-rejected-sink"));
    log.process(
            () -> new KeyLeafReporter(integrateEvery),
            Named.as("log-key-leaves"),
            KeyLeafReporter.SENT_STORE)
        .to(topics.log().name(), bytes.withName("log-key-leaves-sink"));
  }

  private static KStream<byte[], byte[]> leaves(
      KStream<byte[], Checked> checked, String prefix, String name) {
    return checked
        .filter((key, c) -> c.verdict().accepted(), Named.as(name + "-accepted"))
        .map(
            (key, c) -> {
              String digest = c.verdict().envelopeDigest();
              return KeyValue.pair(
                  digest.getBytes(StandardCharsets.US_ASCII),
                  LogLeaf.of(digest, c.verdict().appendedAt(), c.topic(), prefix).encode());
            },
            Named.as(name + "-leaves"));
  }

  private static KStream<byte[], Checked> verified(
      StreamsBuilder builder,
      Consumed<byte[], byte[]> raw,
      String topic,
      String name,
      Map<String, ServiceEventVerifier.Rule> rules,
      TrustAnchors roots,
      ClockSkew skew) {
    ServiceEventVerifier.Rule rule = rules.get(topic);
    return builder.stream(topic, raw.withName("log-" + name + "-source"))
        .process(() -> new ServiceEventVerifier(roots, skew, rule), Named.as("log-verify-" + name));
  }
}
