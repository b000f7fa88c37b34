package dev.lineage.gateway;

import dev.lineage.graph.GraphOp;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.openlineage.attest.GatewayAttestation;
import dev.lineage.openlineage.validate.OpenLineageValidator;
import dev.lineage.topics.Topics;
import dev.lineage.translog.LogLeaf;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * OpenLineage in lineage-streams (issue 15): the sub-topology that takes OpenLineage events in,
 * attested by the gateway, and gives the graph fold its operations. Pure, like {@code
 * LineageTopology}, which mounts it with one call.
 *
 * <pre>
 * openlineage.events ─► openlineage-intake (validate, attest with the gateway key) ─┬─ attested ─► lineage.openlineage-attested
 *                                                                                    └─ refused ──► lineage.rejected
 *
 * lineage.openlineage-attested ─► openlineage-verify [openlineage-applied] ─┬─ accepted ─► openlineage-ops ─► (the graph fold)
 *                                                                           │            └► openlineage-log-leaves ─► lineage.log
 *  (also written by POST /api/v1/lineage)                                    └─ refused ──► lineage.rejected
 * </pre>
 *
 * The intake is mounted only when a gateway key is configured ({@link Intake}); the attested topic
 * is always read, so attestations written by another instance or by the HTTP way in are folded.
 * Every processor, store and sink is named.
 */
public final class OpenLineageTopology {
  /** Idempotency key of each applied event → where it was first applied. */
  public static final String APPLIED_STORE = "openlineage-applied";

  /** The rejected record's header naming the first JSON path that breaks the spec. */
  public static final String VIOLATED_PATH_HEADER = "lineage.violated-path";

  /** The default name of the topic the OpenLineage Kafka transport writes to. */
  public static final String DEFAULT_TOPIC = "openlineage.events";

  /**
   * The Kafka way in: the topic OpenLineage integrations write to, and the gateway that attests
   * what it reads there.
   */
  public record Intake(String topic, GatewayAttestation gateway) {
    public Intake {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(gateway, "gateway");
    }
  }

  private OpenLineageTopology() {}

  /**
   * Adds the sub-topology to {@code builder} and returns the graph operations of every accepted
   * attestation, keyed by the id whose partition owns each entry (as the signed events' operations
   * are), for the caller to merge into the fold's input.
   */
  public static KStream<String, GraphOp> addTo(
      StreamsBuilder builder,
      Topics topics,
      TrustAnchors roots,
      Optional<Intake> intake,
      OpenLineageValidator validator) {
    return addTo(builder, topics, roots, intake, validator, EventMetrics.none());
  }

  /** As above, counting rejections and accepted attestations into {@code metrics}. */
  public static KStream<String, GraphOp> addTo(
      StreamsBuilder builder,
      Topics topics,
      TrustAnchors roots,
      Optional<Intake> intake,
      OpenLineageValidator validator,
      EventMetrics metrics) {
    return addTo(builder, topics, roots, intake, validator, metrics, true);
  }

  /** As above; without {@code transparencyLog} no accepted attestation is sent to the log. */
  public static KStream<String, GraphOp> addTo(
      StreamsBuilder builder,
      Topics topics,
      TrustAnchors roots,
      Optional<Intake> intake,
      OpenLineageValidator validator,
      EventMetrics metrics,
      boolean transparencyLog) {
    Objects.requireNonNull(validator, "validator");
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(APPLIED_STORE), Serdes.String(), Serdes.String())
            .withCachingEnabled());
    Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    Produced<byte[], byte[]> bytes = Produced.with(Serdes.ByteArray(), Serdes.ByteArray());

    intake.ifPresent(
        in -> {
          var intakeVerdicts =
              builder.stream(in.topic(), raw.withName("openlineage-source"))
                  .process(
                      () -> new IntakeProcessor(in.gateway(), validator),
                      Named.as("openlineage-intake"))
                  .split(Named.as("openlineage-intake-"))
                  .branch((k, c) -> c.verdict().accepted(), Branched.as("attested"))
                  .defaultBranch(Branched.as("refused"));
          intakeVerdicts
              .get("openlineage-intake-attested")
              .map(
                  (k, c) ->
                      KeyValue.pair(c.attestedKey().getBytes(StandardCharsets.UTF_8), c.attested()),
                  Named.as("openlineage-attestations"))
              .to(topics.openLineageAttested().name(), bytes.withName("openlineage-attested-sink"));
          intakeVerdicts
              .get("openlineage-intake-refused")
              .process(
                  () -> new GatewayRejectionProcessor(metrics),
                  Named.as("openlineage-intake-rejections"))
              .to(topics.rejected().name(), bytes.withName("openlineage-intake-rejected-sink"));
        });

    var verdicts =
        builder.stream(
                topics.openLineageAttested().name(), raw.withName("openlineage-attested-source"))
            .process(
                () -> new AttestedProcessor(roots, validator, metrics),
                Named.as("openlineage-verify"),
                APPLIED_STORE)
            .split(Named.as("openlineage-verdict-"))
            .branch((k, c) -> c.verdict().accepted(), Branched.as("accepted"))
            .defaultBranch(Branched.as("refused"));
    verdicts
        .get("openlineage-verdict-refused")
        .process(() -> new GatewayRejectionProcessor(metrics), Named.as("openlineage-rejections"))
        .to(topics.rejected().name(), bytes.withName("openlineage-rejected-sink"));
    var accepted = verdicts.get("openlineage-verdict-accepted");
    // the transparency log (issue 16): every accepted attestation is a leaf, as the signed events
    if (transparencyLog) {
      accepted
          .map(
              (k, c) -> {
                String digest = c.verdict().envelopeDigest();
                return KeyValue.pair(
                    digest.getBytes(StandardCharsets.US_ASCII),
                    LogLeaf.of(digest, c.appendedAt(), c.topic(), topics.prefix()).encode());
              },
              Named.as("openlineage-log-leaves"))
          .to(topics.log().name(), bytes.withName("openlineage-log-sink"));
    }
    return accepted.flatMap(
        (k, c) ->
            GatewayFold.operations(
                c.verdict().mapping(),
                c.verdict().source(),
                c.verdict().gatewayKeyId(),
                c.verdict().envelopeDigest(),
                c.appendedAt()),
        Named.as("openlineage-ops"));
  }
}
