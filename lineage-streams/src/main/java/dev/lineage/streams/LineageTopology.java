package dev.lineage.streams;

import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.Role;
import dev.lineage.gateway.OpenLineageTopology;
import dev.lineage.governance.GovernanceTopology;
import dev.lineage.graph.ColumnRecord;
import dev.lineage.graph.EdgeRecord;
import dev.lineage.graph.EquivalenceRecord;
import dev.lineage.graph.FoldProcessor;
import dev.lineage.graph.GraphOp;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NameEntry;
import dev.lineage.graph.NodeRecord;
import dev.lineage.index.GraphIndex;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.openlineage.validate.OpenLineageValidator;
import dev.lineage.ownership.Claim;
import dev.lineage.ownership.IdClaimProcessor;
import dev.lineage.ownership.NameClaimProcessor;
import dev.lineage.ownership.OwnershipStores;
import dev.lineage.ownership.Registration;
import dev.lineage.ownership.Registrations;
import dev.lineage.ownership.SourcePartitions;
import dev.lineage.runtime.Checked;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.schemas.EventType;
import dev.lineage.stores.JsonSerde;
import dev.lineage.topics.Topics;
import dev.lineage.translog.LogTopology;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.KeyringGlobalStore;
import dev.lineage.trust.TrustAnchors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The lineage-streams topology, built by one pure function: no I/O, no configuration loading.
 *
 * <pre>
 * lineage.keys ──► keyring-fold ──► [keyring] (global: every instance holds all keys)
 *
 * lineage.artifacts ─► verify-artifacts ─┐                                       ┌─ rejected ─► rejection-headers ─┐
 *                                        ├─ checked ─ park-unknown-keys ─ verdict-┤                                ├─► lineage.rejected
 * lineage.runs ──────► verify-runs ──────┤   [applied]  [parked]                 ├─ accepted ─► graph-ops          │
 * lineage.approvals ─► verify-approvals ─┘                                       └─ approval ─► approval-by-model  │
 *                                                                              │               │
 * lineage.artifacts ─► keyring-rejections (partition 0 only) ──────────────────┼───────────────┘
 *                                                                              ▼
 *   registrations ─► claim-ids [id-claims] ─┬─ named ─► key-by-name ─► claims-by-name repartition
 *                                           │     ─► claim-names [name-claims, name-holdings] ─┐
 *                                           └─ runs, attestations, refused ────────────────────┤
 *           ─┬─ refused ─► lineage.rejected
 *            └─ held (and retractions) ─► graph-ops repartition
 *                                                       (by owning node id / name / process)
 *                                                                              ▼
 *         (merged with the OpenLineage operations: dev.lineage.gateway.OpenLineageTopology)
 *                           fold ─► [nodes] [edges-out] [edges-in] [names] [process-runs]
 *                                   [equivalences]
 *
 * approval-by-model ─► approvals-by-model repartition (by model digest) ─► approvals-fold ─► [approvals]
 * </pre>
 *
 * <p>{@code lineage.runs} holds {@code RunCompleted} and {@code EquivalenceAttested} (both signed
 * by a {@code PRODUCER}); {@code lineage.approvals} holds {@code DeploymentApproved}, signed by an
 * {@code APPROVER}.
 *
 * <p>park-unknown-keys holds back records refused {@code unknown-key} (their key's grant may not
 * have reached the keyring yet) and sends them on when the key is known or the grace is over: see
 * {@link ParkingProcessor}.
 *
 * <p>Every processor, store and repartition topic is named, so adding a step never renames a store
 * and orphans its changelog.
 */
public final class LineageTopology {
  /** Records refused {@code unknown-key}, waiting for their key (see {@link ParkingProcessor}). */
  public static final String PARKED_STORE = "parked";

  /**
   * Tunables that shape the topology (not connection settings).
   *
   * @param index the in-memory adjacency the fold keeps in step with its stores, for fast closures;
   *     the application owns it and its query side reads it
   * @param keyWait how long and how many {@code unknown-key} records wait for their key
   * @param clockSkew how far an event's {@code signedAt} may lie from its append time
   * @param sourcePartitions the partition counts of the artifacts and runs topics, which fix the
   *     partition each id's registrations belong in (read once per task, when it starts)
   * @param openLineage the OpenLineage Kafka way in (topic and gateway key), when configured; the
   *     attested topic is read either way
   */
  public record Options(
      Duration keyringReportInterval,
      GraphIndex index,
      ParkingProcessor.Limits keyWait,
      ClockSkew clockSkew,
      SourcePartitions sourcePartitions,
      Optional<OpenLineageTopology.Intake> openLineage,
      boolean transparencyLog) {
    public Options {
      Objects.requireNonNull(keyringReportInterval, "keyringReportInterval");
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(keyWait, "keyWait");
      Objects.requireNonNull(clockSkew, "clockSkew");
      Objects.requireNonNull(sourcePartitions, "sourcePartitions");
      Objects.requireNonNull(openLineage, "openLineage");
    }

    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(5),
          new GraphIndex(),
          ParkingProcessor.Limits.defaults(),
          ClockSkew.defaults(),
          SourcePartitions.single(),
          Optional.empty(),
          true);
    }

    public Options withIndex(GraphIndex index) {
      return new Options(
          keyringReportInterval,
          index,
          keyWait,
          clockSkew,
          sourcePartitions,
          openLineage,
          transparencyLog);
    }

    public Options withKeyWait(ParkingProcessor.Limits limits) {
      return new Options(
          keyringReportInterval,
          index,
          limits,
          clockSkew,
          sourcePartitions,
          openLineage,
          transparencyLog);
    }

    public Options withSourcePartitions(SourcePartitions partitions) {
      return new Options(
          keyringReportInterval,
          index,
          keyWait,
          clockSkew,
          partitions,
          openLineage,
          transparencyLog);
    }

    public Options withClockSkew(ClockSkew skew) {
      return new Options(
          keyringReportInterval,
          index,
          keyWait,
          skew,
          sourcePartitions,
          openLineage,
          transparencyLog);
    }

    /** With the OpenLineage Kafka way in (issue 15). */
    public Options withOpenLineage(OpenLineageTopology.Intake intake) {
      return new Options(
          keyringReportInterval,
          index,
          keyWait,
          clockSkew,
          sourcePartitions,
          Optional.of(intake),
          transparencyLog);
    }

    /**
     * Without the transparency log (issue 16; {@code lineage.log.enabled=false}): no leaf is sent
     * to the log topic and the log's sub-topologies are not mounted. Every other node, store and
     * repartition topic keeps its name, so the rest of the topology is the same.
     */
    public Options withoutTransparencyLog() {
      return new Options(
          keyringReportInterval, index, keyWait, clockSkew, sourcePartitions, openLineage, false);
    }
  }

  private LineageTopology() {}

  public static Topology build(Topics topics, TrustAnchors roots) {
    return build(topics, roots, Options.defaults());
  }

  private static final VerifyProcessor.TopicRule ARTIFACTS_RULE =
      VerifyProcessor.TopicRule.producer(EventType.ARTIFACT_REGISTERED);
  private static final VerifyProcessor.TopicRule RUNS_RULE =
      VerifyProcessor.TopicRule.producer(EventType.RUN_COMPLETED, EventType.EQUIVALENCE_ATTESTED);
  private static final VerifyProcessor.TopicRule APPROVALS_RULE =
      new VerifyProcessor.TopicRule(List.of(EventType.DEPLOYMENT_APPROVED), Set.of(Role.APPROVER));

  public static Topology build(Topics topics, TrustAnchors roots, Options options) {
    return build(topics, roots, options, EventMetrics.none());
  }

  /**
   * As {@link #build(Topics, TrustAnchors, Options)}, counting verified and rejected events into
   * {@code metrics} (the app's registry; a test's {@code SimpleMeterRegistry}).
   */
  public static Topology build(
      Topics topics, TrustAnchors roots, Options options, EventMetrics metrics) {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(roots, "roots");
    Objects.requireNonNull(options, "options");
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(store(GraphStores.APPLIED, Serdes.String()));
    builder.addStateStore(store(KeyringRejectionReporter.PROGRESS_STORE, Serdes.Long()));
    builder.addStateStore(ParkingProcessor.storeBuilder(PARKED_STORE));
    builder.addStateStore(store(GraphStores.NODES, JsonSerde.of(NodeRecord.class)));
    builder.addStateStore(store(GraphStores.EDGES_OUT, JsonSerde.of(EdgeRecord.class)));
    builder.addStateStore(store(GraphStores.EDGES_IN, JsonSerde.of(EdgeRecord.class)));
    builder.addStateStore(store(GraphStores.NAMES, JsonSerde.of(NameEntry.class)));
    builder.addStateStore(store(GraphStores.PROCESS_RUNS, Serdes.String()));
    builder.addStateStore(store(GraphStores.EQUIVALENCES, JsonSerde.of(EquivalenceRecord.class)));
    builder.addStateStore(store(GraphStores.COLUMNS, JsonSerde.of(ColumnRecord.class)));
    builder.addStateStore(store(OwnershipStores.NAME_CLAIMS, JsonSerde.of(Claim.class)));
    builder.addStateStore(store(OwnershipStores.ID_CLAIMS, JsonSerde.of(Claim.class)));
    builder.addStateStore(store(OwnershipStores.NAME_HOLDINGS, JsonSerde.of(Registration.class)));

    Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    KStream<byte[], byte[]> artifacts =
        builder.stream(topics.artifacts().name(), raw.withName("artifacts-source"));
    KStream<byte[], byte[]> runs =
        builder.stream(topics.runs().name(), raw.withName("runs-source"));
    KStream<byte[], byte[]> approvals =
        builder.stream(topics.approvals().name(), raw.withName("approvals-source"));

    KStream<byte[], Checked> checked =
        artifacts
            .process(
                () -> new VerifyProcessor(roots, options.clockSkew(), ARTIFACTS_RULE, metrics),
                Named.as("verify-artifacts"),
                GraphStores.APPLIED)
            .merge(
                runs.process(
                    () -> new VerifyProcessor(roots, options.clockSkew(), RUNS_RULE, metrics),
                    Named.as("verify-runs"),
                    GraphStores.APPLIED),
                Named.as("checked"))
            .merge(
                approvals.process(
                    () -> new VerifyProcessor(roots, options.clockSkew(), APPROVALS_RULE, metrics),
                    Named.as("verify-approvals"),
                    GraphStores.APPLIED),
                Named.as("checked-approvals"))
            .process(
                () ->
                    new ParkingProcessor(
                        PARKED_STORE,
                        options.keyWait(),
                        context ->
                            VerifyProcessor.recheck(
                                roots,
                                options.clockSkew(),
                                Map.of(
                                    topics.artifacts().name(), ARTIFACTS_RULE,
                                    topics.runs().name(), RUNS_RULE,
                                    topics.approvals().name(), APPROVALS_RULE),
                                context,
                                metrics)),
                Named.as("park-unknown-keys"),
                PARKED_STORE,
                GraphStores.APPLIED);

    Map<String, KStream<byte[], Checked>> verdicts =
        checked
            .split(Named.as("verdict-"))
            .branch((key, c) -> !c.verdict().accepted(), Branched.as("rejected"))
            .branch(
                (key, c) -> c.verdict().event() instanceof DeploymentApproved,
                Branched.as("approval"))
            .defaultBranch(Branched.as("accepted"));

    KStream<byte[], byte[]> keyringRejections =
        artifacts.process(
            () ->
                new KeyringRejectionReporter(
                    topics.keys().name(), options.keyringReportInterval(), metrics),
            Named.as("keyring-rejections"),
            KeyringRejectionReporter.PROGRESS_STORE);
    verdicts
        .get("verdict-rejected")
        .process(() -> new RejectionProcessor(metrics), Named.as("rejection-headers"))
        .merge(keyringRejections, Named.as("all-rejections"))
        .to(
            topics.rejected().name(),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("rejected-sink"));

    // An accepted graph event folds only once its claims hold: an id belongs to its first
    // registration, then an artifact's name to the key whose registration under it was appended
    // first (see IdClaimProcessor, NameClaimProcessor). An id's registrations all sit in the one
    // source partition its id hashes to (others are refused misrouted), so its claim is held right
    // here, in that partition's task, in append order: no repartition. Only named registrations
    // travel on, to the partition that owns their name.
    Serde<Registration> registrations = JsonSerde.of(Registration.class);
    Map<String, KStream<String, Registration>> byId =
        verdicts
            .get("verdict-accepted")
            .map(
                (key, c) ->
                    KeyValue.pair(
                        (String) null,
                        Registrations.of(
                            c.verdict(), key, c.rawValue(), c.topic(), c.partition(), c.offset())),
                Named.as("registrations"))
            .process(
                () -> new IdClaimProcessor(OwnershipStores.ID_CLAIMS, options.sourcePartitions()),
                Named.as("claim-ids"),
                OwnershipStores.ID_CLAIMS)
            .split(Named.as("id-"))
            .branch((key, r) -> !r.rejected() && r.name() != null, Branched.as("named"))
            .defaultBranch(Branched.as("settled"));
    KStream<String, Registration> claimed =
        byId.get("id-named")
            .selectKey((key, r) -> r.nameClaimKey(), Named.as("key-by-name"))
            .repartition(
                Repartitioned.with(Serdes.String(), registrations)
                    .withName(OwnershipStores.BY_NAME_REPARTITION))
            .process(
                () ->
                    new NameClaimProcessor(
                        OwnershipStores.NAME_CLAIMS, OwnershipStores.NAME_HOLDINGS),
                Named.as("claim-names"),
                OwnershipStores.NAME_CLAIMS,
                OwnershipStores.NAME_HOLDINGS)
            .merge(byId.get("id-settled"), Named.as("claimed"));
    Map<String, KStream<String, Registration>> claims =
        claimed
            .split(Named.as("claim-"))
            .branch((key, r) -> r.rejected(), Branched.as("refused"))
            .defaultBranch(Branched.as("held"));
    claims
        .get("claim-refused")
        .process(() -> new ClaimRejectionProcessor(metrics), Named.as("claim-rejection-headers"))
        .to(
            topics.rejected().name(),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("claim-rejected-sink"));

    claims
        .get("claim-held")
        .flatMap((key, r) -> Registrations.operations(r), Named.as("graph-ops"))
        .merge(
            OpenLineageTopology.addTo(
                builder,
                topics,
                roots,
                options.openLineage(),
                OpenLineageValidator.bundled(),
                metrics,
                options.transparencyLog()),
            Named.as("graph-ops-with-openlineage"))
        .repartition(
            Repartitioned.with(Serdes.String(), JsonSerde.of(GraphOp.class))
                .withName(GraphStores.FOLD_REPARTITION))
        .process(
            () -> new FoldProcessor(options.index()),
            Named.as("fold"),
            GraphStores.NODES,
            GraphStores.EDGES_OUT,
            GraphStores.EDGES_IN,
            GraphStores.NAMES,
            GraphStores.PROCESS_RUNS,
            GraphStores.EQUIVALENCES,
            GraphStores.COLUMNS);

    GovernanceTopology.addTo(builder, verdicts.get("verdict-approval"));
    if (options.transparencyLog()) {
      LogTopology.addTo(builder, topics, checked, roots, options.clockSkew(), options.keyWait());
    }

    return KeyringGlobalStore.addTo(
        builder.build(), topics.keys().name(), roots, options.clockSkew());
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
    // Cached: the fold reads each entry before it merges into it, and a node or name touched by
    // many events
    // in one commit interval reaches RocksDB and its changelog once.
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), values)
        .withCachingEnabled();
  }
}
