package dev.lineage.impact;

import dev.lineage.impact.obligations.ObligationEventVerifier;
import dev.lineage.impact.obligations.ObligationFold;
import dev.lineage.impact.obligations.ObligationInput;
import dev.lineage.impact.obligations.ObligationState;
import dev.lineage.impact.obligations.ObligationStores;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.runtime.Checked;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.stores.JsonSerde;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.trust.Verdict;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * The obligation loop's part of the impact-service topology (issue 14), added by {@link
 * ImpactTopology#build}:
 *
 * <pre>
 * accepted requests ─► obligation-requests ─► [impact-obligations-requests repartition] ─┐
 * impact outputs ────► obligation-impact-outputs ─► [impact-obligations-impact repartition] ─┤
 * lineage.obligations ─► verify-obligation-events ─► park-obligation-events [parked]          │
 *      obligation-verdict-┬─ rejected ─► obligation-event-refusals ─► lineage.rejected        │
 *                         └─ accepted ─► obligation-events ─► [impact-obligations-events] ────┤
 *                                                                                             ▼
 *                        obligation-fold [impact-obligations] ─┬► lineage.rejected (refused closings)
 *                                                              └► lineage.obligations (erasure facts)
 * </pre>
 *
 * Each input reaches the fold keyed by its signed request id, through its own repartition topic
 * (all with the obligations topic's partition count, so one request's inputs meet in one task);
 * merging before would join the impact sub-topologies into one. The service's own requests,
 * triggers and reports are passed on inside the app, in the transaction that produced them: nothing
 * they hold is read back from a topic anybody can write to.
 */
final class ObligationsTopology {
  private ObligationsTopology() {}

  static void addTo(
      StreamsBuilder builder,
      Topics topics,
      TrustAnchors roots,
      ImpactTopology.Options options,
      Clock clock,
      ImpactTopology.Erasure erasure,
      KStream<byte[], CheckedRequest> acceptedRequests,
      KStream<String, Outbound> published,
      EventMetrics metrics) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ObligationStores.STATE),
            Serdes.String(),
            JsonSerde.of(ObligationState.class)));
    builder.addStateStore(ParkingProcessor.storeBuilder(ObligationStores.PARKED));
    int partitions = topics.obligations().partitions();
    Serde<ObligationInput> inputs = JsonSerde.of(ObligationInput.class);
    String serviceKeyId = options.serviceKey().keyId();

    KStream<String, ObligationInput> requests =
        acceptedRequests
            .process(
                () ->
                    new ContextualProcessor<byte[], CheckedRequest, String, ObligationInput>() {
                      @Override
                      public void process(Record<byte[], CheckedRequest> r) {
                        byte[] value = r.value().rawValue();
                        context()
                            .forward(
                                r.withKey(r.value().requestId())
                                    .withValue(
                                        new ObligationInput(
                                            ObligationInput.Kind.REQUEST,
                                            value,
                                            null,
                                            r.timestamp(),
                                            AvroEnvelopes.digest(value).toString(),
                                            null,
                                            -1,
                                            -1L)));
                      }
                    },
                Named.as("obligation-requests"))
            .repartition(
                Repartitioned.with(Serdes.String(), inputs)
                    .withName(ObligationStores.BY_REQUEST_REPARTITION + "-requests")
                    .withNumberOfPartitions(partitions));

    KStream<String, ObligationInput> impact =
        published
            .process(
                () ->
                    new ContextualProcessor<String, Outbound, String, ObligationInput>() {
                      @Override
                      public void process(Record<String, Outbound> r) {
                        Outbound o = r.value();
                        boolean trigger = o.kind() == Outbound.Kind.TRIGGER;
                        // a trigger is keyed by its model; the fold needs its request
                        String request =
                            trigger
                                ? EventType.RETRAINING_TRIGGERED
                                    .decode(EnvelopeCodec.standard().decode(o.value()))
                                    .getRequestId()
                                : r.key();
                        context()
                            .forward(
                                r.withKey(request)
                                    .withValue(
                                        new ObligationInput(
                                            trigger
                                                ? ObligationInput.Kind.TRIGGER
                                                : ObligationInput.Kind.REPORT,
                                            o.value(),
                                            serviceKeyId,
                                            r.timestamp(),
                                            AvroEnvelopes.digest(o.value()).toString(),
                                            trigger
                                                ? topics.retrainingTriggers().name()
                                                : topics.impactReports().name(),
                                            -1,
                                            -1L)));
                      }
                    },
                Named.as("obligation-impact-outputs"))
            .repartition(
                Repartitioned.with(Serdes.String(), inputs)
                    .withName(ObligationStores.BY_REQUEST_REPARTITION + "-impact")
                    .withNumberOfPartitions(partitions));

    Map<String, KStream<byte[], Checked>> verdicts =
        builder.stream(
                topics.obligations().name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                    .withName("obligations-source"))
            .process(
                () -> new ObligationEventVerifier(roots, options.clockSkew()),
                Named.as("verify-obligation-events"))
            .process(
                () ->
                    new ParkingProcessor(
                        ObligationStores.PARKED,
                        options.keyWait(),
                        context ->
                            ObligationEventVerifier.recheck(roots, options.clockSkew(), context)),
                Named.as("park-obligation-events"),
                ObligationStores.PARKED)
            .split(Named.as("obligation-verdict-"))
            .branch((key, c) -> !c.verdict().accepted(), Branched.as("rejected"))
            .defaultBranch(Branched.as("accepted"));
    verdicts
        .get("obligation-verdict-rejected")
        .process(
            () ->
                new ContextualProcessor<byte[], Checked, byte[], byte[]>() {
                  @Override
                  public void process(Record<byte[], Checked> r) {
                    Checked c = r.value();
                    metrics.rejected(c.verdict().rejection().reason());
                    context()
                        .forward(
                            r.withValue(c.rawValue())
                                .withHeaders(
                                    RejectedHeaders.of(
                                        r.headers(),
                                        c.verdict().rejection().reason(),
                                        c.verdict().rejection().detail(),
                                        c.topic(),
                                        c.partition(),
                                        c.offset())));
                  }
                },
            Named.as("obligation-event-refusals"))
        .to(
            topics.rejected().name(),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName("obligation-events-rejected-sink"));
    KStream<String, ObligationInput> events =
        verdicts
            .get("obligation-verdict-accepted")
            .process(
                () ->
                    new ContextualProcessor<byte[], Checked, String, ObligationInput>() {
                      @Override
                      public void process(Record<byte[], Checked> r) {
                        Checked c = r.value();
                        Verdict v = c.verdict();
                        // every event of the topic names its request; the signed one is the key
                        String request = (String) v.event().get("requestId");
                        context()
                            .forward(
                                r.withKey(request)
                                    .withValue(
                                        new ObligationInput(
                                            ObligationInput.Kind.EVENT,
                                            c.rawValue(),
                                            v.signer(),
                                            v.appendedAt(),
                                            v.envelopeDigest(),
                                            c.topic(),
                                            c.partition(),
                                            c.offset())));
                      }
                    },
                Named.as("obligation-events"))
            .repartition(
                Repartitioned.with(Serdes.String(), inputs)
                    .withName(ObligationStores.BY_REQUEST_REPARTITION + "-events")
                    .withNumberOfPartitions(partitions));

    Map<String, KStream<byte[], ObligationFold.Output>> outputs =
        requests
            .merge(impact, Named.as("obligation-inputs-impact"))
            .merge(events, Named.as("obligation-inputs"))
            .process(
                () ->
                    new ObligationFold(
                        roots,
                        new ObligationFold.Options(
                            options.graph(),
                            options.cas(),
                            clock,
                            options.unknownSubjectGrace(),
                            options.retryInterval(),
                            erasure.vault(),
                            options.serviceKey(),
                            erasure.listRetention()),
                        metrics),
                Named.as("obligation-fold"),
                ObligationStores.STATE)
            .split(Named.as("obligation-output-"))
            .branch((key, o) -> o.refusal(), Branched.as("refused"))
            .defaultBranch(Branched.as("facts"));
    outputs
        .get("obligation-output-refused")
        .mapValues(ObligationFold.Output::value, Named.as("obligation-refused-values"))
        .to(
            topics.rejected().name(),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName("obligation-rejected-sink"));
    // the service's signed erasure facts go on the topic, and come back through the verifier
    outputs
        .get("obligation-output-facts")
        .mapValues(ObligationFold.Output::value, Named.as("obligation-fact-values"))
        .to(
            topics.obligations().name(),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName("obligation-facts-sink"));
  }
}
