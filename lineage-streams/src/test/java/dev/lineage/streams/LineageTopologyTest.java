package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.graph.EdgeRecord;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NameEntry;
import dev.lineage.graph.NodeRecord;
import dev.lineage.index.GraphIndex;
import dev.lineage.index.NodeInterner;
import dev.lineage.ownership.OwnershipStores;
import dev.lineage.ownership.SourcePartitions;
import dev.lineage.runtime.ParkedRecord;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.stores.JsonSerde;
import dev.lineage.testing.Appended;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageTopologyTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant T1 = T0.plusSeconds(3600);
  static final Instant T2 = T0.plusSeconds(7200);
  static final Instant T3 = T0.plusSeconds(10800);
  static final String SOURCE = "source:transactions_q1";
  static final String FEATURES = "sha256:" + "a".repeat(64);
  static final String MODEL = "sha256:" + "b".repeat(64);
  static final Duration GRACE = ParkingProcessor.Limits.DEFAULT_GRACE;
  static final List<String> GRAPH_STORES =
      List.of(
          GraphStores.NODES,
          GraphStores.EDGES_OUT,
          GraphStores.EDGES_IN,
          GraphStores.NAMES,
          GraphStores.PROCESS_RUNS);

  @TempDir Path stateDir;

  private final Topics topics = Topics.defaults();
  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer stranger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final List<TopologyTestDriver> drivers = new ArrayList<>();

  private Pipeline pipeline;

  /** One driver with its topics. */
  final class Pipeline {
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> keys;
    final TestInputTopic<byte[], byte[]> artifacts;
    final TestInputTopic<byte[], byte[]> runs;
    final TestOutputTopic<byte[], byte[]> rejected;
    final GraphIndex index = new GraphIndex();

    Pipeline(Path dir) {
      this(dir, ParkingProcessor.Limits.defaults());
    }

    Pipeline(Path dir, ParkingProcessor.Limits keyWait) {
      this(dir, LineageTopology.Options.defaults().withKeyWait(keyWait));
    }

    Pipeline(Path dir, LineageTopology.Options options) {
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lineage-streams-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
      driver =
          new TopologyTestDriver(
              LineageTopology.build(
                  topics, TrustAnchors.of(List.of(root.publicKey())), options.withIndex(index)),
              props);
      drivers.add(driver);
      ByteArraySerializer ser = new ByteArraySerializer();
      keys = driver.createInputTopic(topics.keys().name(), ser, ser);
      artifacts = driver.createInputTopic(topics.artifacts().name(), ser, ser);
      runs = driver.createInputTopic(topics.runs().name(), ser, ser);
      rejected =
          driver.createOutputTopic(
              topics.rejected().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      grant(root, producer, Role.PRODUCER);
    }

    void grant(Signer by, Signer to, Role role) {
      Appended.pipe(
          keys,
          bytes(to.keyId() + "/grant"),
          AvroEnvelopes.sign(
              EventType.KEY_GRANTED,
              Envelopes.grant(to.publicKey(), List.of(role), T0, null, T0),
              by));
    }

    void artifact(byte[] value) {
      Appended.pipe(artifacts, bytes("k"), value);
    }

    /** A record appended by the broker at {@code appendedAt}, whatever its signedAt says. */
    void artifactAt(byte[] value, Instant appendedAt) {
      artifacts.pipeInput(bytes("k"), value, appendedAt);
    }

    void runAt(byte[] value, Instant appendedAt) {
      runs.pipeInput(bytes("k"), value, appendedAt);
    }

    void run(byte[] value) {
      Appended.pipe(runs, bytes("k"), value);
    }

    <V> KeyValueStore<String, V> store(String name) {
      return driver.getKeyValueStore(name);
    }

    /** Every entry of the graph stores, values as JSON: equal dumps mean equal stores. */
    Map<String, String> dump(List<String> stores) {
      Map<String, String> all = new TreeMap<>();
      for (String name : stores) {
        KeyValueStore<String, Object> store = store(name);
        try (KeyValueIterator<String, Object> it = store.all()) {
          while (it.hasNext()) {
            KeyValue<String, Object> kv = it.next();
            all.put(name + " " + kv.key.replace('\u0000', '|'), json(kv.value));
          }
        }
      }
      return all;
    }
  }

  @BeforeEach
  void start() {
    pipeline = new Pipeline(stateDir.resolve("main"));
  }

  @AfterEach
  void stop() {
    drivers.forEach(TopologyTestDriver::close);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String json(Object value) {
    try {
      return value instanceof String s ? s : JsonSerde.mapper().writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ArtifactRegistered artifactEvent(
      String id, ArtifactKind kind, String name, String version, Instant signedAt) {
    return ArtifactRegistered.newBuilder()
        .setNodeId(id)
        .setKind(kind)
        .setName(name)
        .setVersion(version)
        .setAttributes(Map.of("team", "fraud"))
        .setSignedAt(signedAt)
        .build();
  }

  static RunCompleted runEvent(
      String runId, List<String> inputs, List<String> outputs, Instant signedAt) {
    return RunCompleted.newBuilder()
        .setRunId(runId)
        .setProcessName("fraud_signal_extractor")
        .setProcessVersion("2.3")
        .setConfigDigest("sha256:" + "c".repeat(64))
        .setInputs(inputs)
        .setOutputs(outputs)
        .setStartedAt(signedAt.minusSeconds(60))
        .setEndedAt(signedAt)
        .setEnvironment(Map.of("cpu.arch", "x86_64"))
        .setAttributes(Map.of())
        .setSignedAt(signedAt)
        .build();
  }

  byte[] signedArtifact(ArtifactRegistered event, Signer signer) {
    return AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, event, signer);
  }

  byte[] signedRun(RunCompleted event, Signer signer) {
    return AvroEnvelopes.sign(EventType.RUN_COMPLETED, event, signer);
  }

  byte[] sourceArtifact() {
    return signedArtifact(
        artifactEvent(SOURCE, ArtifactKind.SOURCE, "transactions_q1", null, T1), producer);
  }

  byte[] featuresArtifact() {
    return signedArtifact(
        artifactEvent(FEATURES, ArtifactKind.DATASET, "features_v47", "47", T1), producer);
  }

  byte[] extractionRun() {
    return signedRun(runEvent("run:extract_1", List.of(SOURCE), List.of(FEATURES), T2), producer);
  }

  @Test
  void foldsAcceptedArtifactsAndRunsIntoEveryStore() {
    pipeline.artifact(sourceArtifact());
    pipeline.artifact(featuresArtifact());
    pipeline.run(extractionRun());

    assertThat(pipeline.rejected.isEmpty()).isTrue();
    KeyValueStore<String, NodeRecord> nodes = pipeline.store(GraphStores.NODES);
    NodeRecord features = nodes.get(FEATURES);
    assertThat(features.kind()).isEqualTo("DATASET");
    assertThat(features.idKind()).isEqualTo("ARTIFACT");
    assertThat(features.name()).isEqualTo("features_v47");
    assertThat(features.signer()).isEqualTo(producer.keyId());
    assertThat(features.firstSeen()).isEqualTo(T1.toEpochMilli());
    assertThat(features.attributes()).containsEntry("team", "fraud");
    NodeRecord run = nodes.get("run:extract_1");
    assertThat(run.kind()).isEqualTo("RUN");
    assertThat(run.processName()).isEqualTo("fraud_signal_extractor");
    assertThat(run.processVersion()).isEqualTo("2.3");
    assertThat(run.configDigest()).isEqualTo("sha256:" + "c".repeat(64));
    assertThat(run.endedAt()).isEqualTo(T2.toEpochMilli());
    assertThat(nodes.get(SOURCE).idKind()).isEqualTo("SOURCE");

    KeyValueStore<String, EdgeRecord> out = pipeline.store(GraphStores.EDGES_OUT);
    KeyValueStore<String, EdgeRecord> in = pipeline.store(GraphStores.EDGES_IN);
    assertThat(keysWithPrefix(out, SOURCE)).containsExactly(SOURCE + "\u0000run:extract_1");
    assertThat(keysWithPrefix(out, "run:extract_1"))
        .containsExactly("run:extract_1\u0000" + FEATURES);
    assertThat(out.get(GraphStores.edgeKey(SOURCE, "run:extract_1")).relation())
        .isEqualTo(EdgeRecord.INPUT);
    assertThat(in.get(GraphStores.edgeKey("run:extract_1", FEATURES)).relation())
        .isEqualTo(EdgeRecord.OUTPUT);
    assertThat(in.get(GraphStores.edgeKey(SOURCE, "run:extract_1"))).isNotNull();

    KeyValueStore<String, NameEntry> names = pipeline.store(GraphStores.NAMES);
    assertThat(names.get(GraphStores.nameKey("features_v47", "47", FEATURES)).nodeId())
        .isEqualTo(FEATURES);
    assertThat(names.get(GraphStores.nameKey("transactions_q1", null, SOURCE))).isNotNull();

    KeyValueStore<String, String> processRuns = pipeline.store(GraphStores.PROCESS_RUNS);
    assertThat(
            processRuns.get(
                GraphStores.processRunKey(
                    "fraud_signal_extractor", "2.3", T2.toEpochMilli(), "run:extract_1")))
        .isEqualTo("run:extract_1");
    KeyValueStore<String, String> applied = pipeline.store(GraphStores.APPLIED);
    assertThat(applied.approximateNumEntries()).isEqualTo(3);
  }

  @Test
  void theInMemoryIndexFollowsTheEdgeStoresAndIsRebuiltFromThemOnRestart() {
    pipeline.artifact(sourceArtifact());
    pipeline.artifact(featuresArtifact());
    pipeline.run(extractionRun());
    pipeline.run(extractionRun()); // a replay adds no second copy

    assertThat(pipeline.index.downstream().neighbors(SOURCE)).containsExactly("run:extract_1");
    assertThat(pipeline.index.downstream().neighbors("run:extract_1")).containsExactly(FEATURES);
    assertThat(pipeline.index.upstream().neighbors(FEATURES)).containsExactly("run:extract_1");
    NodeInterner ids = pipeline.index.interner();
    assertThat(ids.kind(ids.lookup(FEATURES))).isEqualTo("DATASET");
    assertThat(pipeline.index.downstream().edgeCount())
        .isEqualTo(pipeline.store(GraphStores.EDGES_OUT).approximateNumEntries());

    // The task closes: its share of the index goes with it (FoldProcessorTest covers the rebuild).
    pipeline.driver.close();
    drivers.remove(pipeline.driver);
    assertThat(pipeline.index.downstream().edgeCount()).isZero();
    assertThat(pipeline.index.upstream().neighbors(FEATURES)).isEmpty();
  }

  static List<String> keysWithPrefix(KeyValueStore<String, ?> store, String nodeId) {
    List<String> keys = new ArrayList<>();
    try (var it = store.prefixScan(GraphStores.prefix(nodeId), Serdes.String().serializer())) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  @Test
  void replayingTheSameEnvelopesChangesNothing() {
    List<byte[]> artifacts = List.of(sourceArtifact(), featuresArtifact());
    byte[] run = extractionRun();
    artifacts.forEach(pipeline::artifact);
    pipeline.run(run);
    List<String> all = new ArrayList<>(GRAPH_STORES);
    all.add(GraphStores.APPLIED);
    Map<String, String> before = pipeline.dump(all);

    artifacts.forEach(pipeline::artifact);
    pipeline.run(run);
    Appended.pipe(pipeline.artifacts, bytes("another-key"), artifacts.get(1));

    assertThat(pipeline.dump(all)).isEqualTo(before);
    assertThat(pipeline.rejected.isEmpty()).isTrue();
  }

  @Test
  void runBeforeItsArtifactsFoldsToTheSameStores() {
    pipeline.artifact(sourceArtifact());
    pipeline.artifact(featuresArtifact());
    pipeline.run(extractionRun());

    Pipeline reversed = new Pipeline(stateDir.resolve("reversed"));
    reversed.run(extractionRun());
    assertThat(reversed.dump(List.of(GraphStores.EDGES_OUT))).hasSize(2);
    reversed.artifact(featuresArtifact());
    reversed.artifact(sourceArtifact());

    assertThat(reversed.dump(GRAPH_STORES)).isEqualTo(pipeline.dump(GRAPH_STORES));
  }

  @Test
  void storesACycle() {
    pipeline.run(signedRun(runEvent("run:a", List.of(FEATURES), List.of(MODEL), T1), producer));
    pipeline.run(signedRun(runEvent("run:b", List.of(MODEL), List.of(FEATURES), T2), producer));

    KeyValueStore<String, EdgeRecord> out = pipeline.store(GraphStores.EDGES_OUT);
    assertThat(keysWithPrefix(out, FEATURES)).containsExactly(FEATURES + "\u0000run:a");
    assertThat(keysWithPrefix(out, "run:a")).containsExactly("run:a\u0000" + MODEL);
    assertThat(keysWithPrefix(out, MODEL)).containsExactly(MODEL + "\u0000run:b");
    assertThat(keysWithPrefix(out, "run:b")).containsExactly("run:b\u0000" + FEATURES);
  }

  @Test
  void latestRegistrationOfANameIsTheMostRecentlyAppended() {
    pipeline.artifact(
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "2", T2), producer));
    pipeline.artifact(
        signedArtifact(
            artifactEvent(FEATURES, ArtifactKind.MODEL, "model_m92", "1", T1), producer));

    KeyValueStore<String, NameEntry> names = pipeline.store(GraphStores.NAMES);
    NameEntry latest = null;
    try (var it = names.prefixScan("model_m92\u0000", Serdes.String().serializer())) {
      while (it.hasNext()) {
        latest = NameEntry.latest(latest, it.next().value);
      }
    }
    assertThat(latest.nodeId()).isEqualTo(MODEL);
  }

  /** The reasons on the rejected topic, in order, as far as it holds records now. */
  List<Reason> rejectedReasons() {
    List<Reason> reasons = new ArrayList<>();
    while (!pipeline.rejected.isEmpty()) {
      String wire = header(pipeline.rejected.readRecord().headers(), RejectedHeaders.REASON);
      reasons.add(
          Reason.ofWire(wire).orElseThrow(() -> new AssertionError("unknown reason " + wire)));
    }
    return reasons;
  }

  @Test
  void aFutureDatedEventIsRefusedClockSkew() {
    byte[] future =
        signedArtifact(
            artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "1", T1.plusSeconds(2400)),
            producer);

    pipeline.artifactAt(future, T1);

    assertThat(rejectedReasons()).containsExactly(Reason.CLOCK_SKEW);
    assertThat(pipeline.store(GraphStores.NODES).get(MODEL)).isNull();
  }

  @Test
  void aRevokedProducerCannotPublishByBackDatingWithinTheSkew() {
    Appended.pipe(
        pipeline.keys,
        bytes(producer.keyId() + "/revoke"),
        AvroEnvelopes.sign(
            EventType.KEY_REVOKED, Envelopes.revoke(producer.publicKey(), T2, T2), root));
    // signed a second before the revocation, appended a second after it
    byte[] backDated =
        signedArtifact(
            artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "1", T2.minusSeconds(1)),
            producer);

    pipeline.artifactAt(backDated, T2.plusSeconds(1));

    assertThat(rejectedReasons()).containsExactly(Reason.REVOKED_KEY);
    assertThat(pipeline.store(GraphStores.NODES).get(MODEL)).isNull();
  }

  @Test
  void aSecondProducerCannotTakeOverARunByReSigningItEarlier() {
    Signer rival = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    pipeline.grant(root, rival, Role.PRODUCER);
    RunCompleted original = runEvent("run:training_j1829", List.of(FEATURES), List.of(MODEL), T2);
    original.setManifestDigest("sha256:" + "1".repeat(64));
    pipeline.run(signedRun(original, producer));

    // the same outputs, another manifest, an earlier signedAt (within the skew of its append)
    RunCompleted takeover =
        RunCompleted.newBuilder(original)
            .setManifestDigest("sha256:" + "2".repeat(64))
            .setSignedAt(T3.minusSeconds(200))
            .build();
    pipeline.runAt(signedRun(takeover, rival), T3);

    TestRecord<byte[], byte[]> out = pipeline.rejected.readRecord();
    assertThat(header(out.headers(), RejectedHeaders.REASON)).isEqualTo(Reason.CONFLICT.wire());
    assertThat(header(out.headers(), RejectedHeaders.DETAIL)).contains(producer.keyId());
    NodeRecord run = pipeline.<NodeRecord>store(GraphStores.NODES).get("run:training_j1829");
    assertThat(run.signer()).isEqualTo(producer.keyId());
    assertThat(run.manifestDigest()).isEqualTo("sha256:" + "1".repeat(64));
    assertThat(run.firstSeen()).isEqualTo(T2.toEpochMilli());
  }

  @Test
  void theOwnerReSendingTheSameFactsIsANoOpAndChangingThemIsAConflict() {
    RunCompleted run = runEvent("run:extract_1", List.of(SOURCE), List.of(FEATURES), T2);
    pipeline.run(signedRun(run, producer));
    Map<String, String> before = pipeline.dump(GRAPH_STORES);

    pipeline.run(signedRun(RunCompleted.newBuilder(run).setSignedAt(T3).build(), producer));
    assertThat(pipeline.rejected.isEmpty()).isTrue();
    assertThat(pipeline.dump(GRAPH_STORES)).isEqualTo(before);

    pipeline.run(
        signedRun(
            RunCompleted.newBuilder(run).setOutputs(List.of(MODEL)).setSignedAt(T3).build(),
            producer));
    assertThat(rejectedReasons()).containsExactly(Reason.CONFLICT);
    assertThat(pipeline.dump(GRAPH_STORES)).isEqualTo(before);
  }

  @Test
  void anotherKeyCannotRegisterUnderATakenName() {
    Signer rival = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    pipeline.grant(root, rival, Role.PRODUCER);
    pipeline.artifact(
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "1", T1), producer));
    String other = "sha256:" + "e".repeat(64);

    // dated 2099: refused for the date alone
    pipeline.artifactAt(
        signedArtifact(
            artifactEvent(
                other, ArtifactKind.MODEL, "model_m92", "2", Instant.parse("2099-01-01T00:00:00Z")),
            rival),
        T2);
    // dated honestly: the name is taken
    pipeline.artifact(
        signedArtifact(artifactEvent(other, ArtifactKind.MODEL, "model_m92", "2", T2), rival));

    TestRecord<byte[], byte[]> skewed = pipeline.rejected.readRecord();
    assertThat(header(skewed.headers(), RejectedHeaders.REASON))
        .isEqualTo(Reason.CLOCK_SKEW.wire());
    TestRecord<byte[], byte[]> taken = pipeline.rejected.readRecord();
    assertThat(header(taken.headers(), RejectedHeaders.REASON)).isEqualTo(Reason.NAME_TAKEN.wire());
    assertThat(header(taken.headers(), RejectedHeaders.DETAIL)).contains(producer.keyId());
    assertThat(pipeline.store(GraphStores.NODES).get(other)).isNull();
    KeyValueStore<String, NameEntry> names = pipeline.store(GraphStores.NAMES);
    try (var it = names.prefixScan("model_m92\u0000", Serdes.String().serializer())) {
      it.forEachRemaining(e -> assertThat(e.value.nodeId()).isEqualTo(MODEL));
    }
    // the owner may register more versions under its name (another digest: the refused
    // registration still claimed its own id, the id step coming first)
    String next = "sha256:" + "f".repeat(64);
    pipeline.artifact(
        signedArtifact(artifactEvent(next, ArtifactKind.MODEL, "model_m92", "2", T3), producer));
    assertThat(pipeline.store(GraphStores.NODES).get(next)).isNotNull();
  }

  @Test
  void aNameBelongsToTheFirstAppendedRegistrationWhateverOrderTheyArriveIn() {
    Signer rival = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    String other = "sha256:" + "e".repeat(64);
    byte[] owners =
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "1", T2), producer);
    byte[] ownersNext =
        signedArtifact(artifactEvent(FEATURES, ArtifactKind.MODEL, "model_m92", "2", T3), producer);
    byte[] rivals =
        signedArtifact(
            artifactEvent(other, ArtifactKind.MODEL, "model_m92", "9", T2.plusSeconds(1)), rival);

    // in append order: the owner's registrations, then the rival's, refused
    Pipeline inOrder = new Pipeline(stateDir.resolve("in-order"));
    inOrder.grant(root, rival, Role.PRODUCER);
    inOrder.artifactAt(owners, T2);
    inOrder.artifactAt(rivals, T2.plusSeconds(1));
    inOrder.artifactAt(ownersNext, T3);

    // as a stream thread may read two partitions in a rebuild: the rival's and the owner's second
    // registration first, the owner's first one last
    Pipeline late = new Pipeline(stateDir.resolve("late"));
    late.grant(root, rival, Role.PRODUCER);
    late.artifactAt(rivals, T2.plusSeconds(1));
    late.artifactAt(ownersNext, T3);
    assertThat(late.store(GraphStores.NODES).get(other)).isNotNull();
    late.artifactAt(owners, T2);

    List<String> stores = new ArrayList<>(GRAPH_STORES);
    stores.addAll(
        List.of(
            OwnershipStores.NAME_CLAIMS, OwnershipStores.ID_CLAIMS, OwnershipStores.NAME_HOLDINGS));
    // the driver numbers offsets in piping order (on a broker they are the log's): not compared
    assertThat(withoutOffsets(late.dump(stores))).isEqualTo(withoutOffsets(inOrder.dump(stores)));
    assertThat(late.store(GraphStores.NODES).get(other)).isNull();
    assertThat(late.store(GraphStores.NODES).get(MODEL)).isNotNull();
    assertThat(late.store(GraphStores.NODES).get(FEATURES)).isNotNull();
    // the rival is refused in both; the late arrival also refused the owner's second registration
    // for a while (the rejected topic keeps that), until the owner's first one arrived
    List<TestRecord<byte[], byte[]>> inOrderRefused = inOrder.rejected.readRecordsToList();
    assertThat(inOrderRefused).hasSize(1);
    assertThat(inOrderRefused.get(0).value()).isEqualTo(rivals);
    List<TestRecord<byte[], byte[]>> lateRefused = late.rejected.readRecordsToList();
    assertThat(lateRefused).extracting(TestRecord::value).containsExactly(ownersNext, rivals);
    for (TestRecord<byte[], byte[]> refused : List.of(inOrderRefused.get(0), lateRefused.get(1))) {
      assertThat(header(refused.headers(), RejectedHeaders.REASON))
          .isEqualTo(Reason.NAME_TAKEN.wire());
      assertThat(header(refused.headers(), RejectedHeaders.DETAIL)).contains(producer.keyId());
    }
    // the retraction reached the in-memory index too: the rival's node has no kind any more
    int node = late.index.interner().intern(other);
    assertThat(late.index.interner().kind(node)).isNull();
  }

  @Test
  void aRegistrationOutsideThePartitionItsIdBelongsInIsRefusedMisrouted() {
    // two partitions per topic; the test driver reads every record from partition 0
    SourcePartitions two = topic -> 2;
    String home = idIn(two, 0);
    String away = idIn(two, 1);
    Pipeline p =
        new Pipeline(
            stateDir.resolve("two"), LineageTopology.Options.defaults().withSourcePartitions(two));
    p.artifact(signedArtifact(artifactEvent(home, ArtifactKind.MODEL, "m", "1", T1), producer));
    p.artifact(signedArtifact(artifactEvent(away, ArtifactKind.MODEL, "m", "2", T1), producer));

    assertThat(p.store(GraphStores.NODES).get(home)).isNotNull();
    assertThat(p.store(GraphStores.NODES).get(away)).isNull();
    TestRecord<byte[], byte[]> refused = p.rejected.readRecord();
    assertThat(header(refused.headers(), RejectedHeaders.REASON))
        .isEqualTo(Reason.MISROUTED.wire());
    assertThat(header(refused.headers(), RejectedHeaders.DETAIL)).contains("partition 1 of 2");
    assertThat(p.store(OwnershipStores.ID_CLAIMS).get(away)).isNull();
  }

  private static Map<String, String> withoutOffsets(Map<String, String> dump) {
    Map<String, String> out = new TreeMap<>();
    dump.forEach((k, v) -> out.put(k, v.replaceAll("\"offset\":\\d+", "\"offset\":_")));
    return out;
  }

  /** An artifact id that Kafka's default partitioner puts in {@code partition}. */
  private String idIn(SourcePartitions partitions, int partition) {
    for (int i = 0; ; i++) {
      String id = "sha256:" + String.format("%064x", i);
      if (partitions.of(topics.artifacts().name(), id) == partition) {
        return id;
      }
    }
  }

  @Test
  void aTombstoneOnTheKeysTopicIsReportedAndErasesNoRevocation() {
    Appended.pipe(
        pipeline.keys,
        bytes(producer.keyId() + "/revoke"),
        AvroEnvelopes.sign(
            EventType.KEY_REVOKED, Envelopes.revoke(producer.publicKey(), T2, T2), root));
    pipeline.keys.pipeInput(bytes(producer.keyId() + "/revoke"), null, T2.plusSeconds(1));

    pipeline.artifactAt(
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "m", null, T3), producer), T3);
    pipeline.driver.advanceWallClockTime(Duration.ofSeconds(10));

    assertThat(rejectedReasons()).containsExactlyInAnyOrder(Reason.REVOKED_KEY, Reason.TOMBSTONE);
  }

  @Test
  void rejectsEachBadRecordWithItsReasonAndOriginalBytes() {
    Signer approver = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    pipeline.grant(root, approver, Role.APPROVER);

    Envelope tampered = EnvelopeCodec.standard().decode(featuresArtifact());
    tampered.setPayload(
        ByteBuffer.wrap(
            EventType.ARTIFACT_REGISTERED.encode(
                artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", null, T1))));
    byte[] unknownSchema = new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0};

    Map<String, byte[]> artifactCases = new TreeMap<>();
    artifactCases.put(Reason.BAD_SIGNATURE.wire(), EnvelopeCodec.standard().encode(tampered));
    artifactCases.put(
        Reason.UNKNOWN_KEY.wire(),
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "m", null, T1), stranger));
    artifactCases.put(
        Reason.WRONG_ROLE.wire(),
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "m", null, T1), approver));
    artifactCases.put(Reason.TYPE_MISMATCH.wire(), extractionRun());
    artifactCases.put(Reason.MALFORMED.wire(), new byte[] {1, 2, 3});
    artifactCases.put(Reason.UNKNOWN_SCHEMA.wire(), unknownSchema);
    artifactCases.put(
        Reason.INVALID_ID.wire(),
        signedArtifact(
            artifactEvent("sha256:" + "A".repeat(64), ArtifactKind.MODEL, "m", null, T1),
            producer));
    artifactCases.put(
        Reason.MUTABLE_REFERENCE.wire(),
        signedArtifact(
            artifactEvent("oci:ghcr.io/acme/trainer", ArtifactKind.CONTAINER_IMAGE, "t", null, T1),
            producer));

    for (Map.Entry<String, byte[]> c : artifactCases.entrySet()) {
      Headers sent = new RecordHeaders();
      sent.add("trace", bytes("t-1"));
      sent.add(RejectedHeaders.REASON, bytes("forged"));
      pipeline.artifacts.pipeInput(
          new TestRecord<>(bytes("key-" + c.getKey()), c.getValue(), sent, T1));
      if (c.getKey().equals(Reason.UNKNOWN_KEY.wire())) {
        // the signer's grant might still be on its way: final only after the grace
        pipeline.driver.advanceWallClockTime(GRACE.plusSeconds(1));
      }

      TestRecord<byte[], byte[]> out = pipeline.rejected.readRecord();
      assertThat(header(out.headers(), RejectedHeaders.REASON)).isEqualTo(c.getKey());
      assertThat(out.key()).isEqualTo(bytes("key-" + c.getKey()));
      assertThat(out.value()).isEqualTo(c.getValue());
      assertThat(header(out.headers(), RejectedHeaders.SOURCE_TOPIC))
          .isEqualTo(topics.artifacts().name());
      assertThat(header(out.headers(), RejectedHeaders.SOURCE_PARTITION)).isEqualTo("0");
      assertThat(header(out.headers(), RejectedHeaders.SOURCE_OFFSET)).isNotBlank();
      assertThat(header(out.headers(), RejectedHeaders.DETAIL)).isNotBlank();
      assertThat(header(out.headers(), "trace")).isEqualTo("t-1");
      assertThat(out.headers().headers(RejectedHeaders.REASON)).hasSize(1);
    }

    byte[] nameInput =
        signedRun(runEvent("run:x", List.of("name:features_v47"), List.of(MODEL), T1), producer);
    pipeline.run(nameInput);
    TestRecord<byte[], byte[]> out = pipeline.rejected.readRecord();
    assertThat(header(out.headers(), RejectedHeaders.REASON)).isEqualTo(Reason.INVALID_ID.wire());
    assertThat(header(out.headers(), RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.runs().name());
    assertThat(out.value()).isEqualTo(nameInput);

    assertThat(pipeline.rejected.isEmpty()).isTrue();
    assertThat(pipeline.dump(GRAPH_STORES)).isEmpty();
  }

  @Test
  void acceptsWhatARevokedKeySignedBeforeItsRevocationOnly() {
    Appended.pipe(
        pipeline.keys,
        bytes(producer.keyId() + "/revoke"),
        AvroEnvelopes.sign(
            EventType.KEY_REVOKED, Envelopes.revoke(producer.publicKey(), T2, T2), root));

    pipeline.artifact(sourceArtifact()); // signed at T1
    byte[] late =
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", null, T3), producer);
    pipeline.artifact(late);

    KeyValueStore<String, NodeRecord> nodes = pipeline.store(GraphStores.NODES);
    assertThat(nodes.get(SOURCE)).isNotNull();
    assertThat(nodes.get(MODEL)).isNull();
    TestRecord<byte[], byte[]> out = pipeline.rejected.readRecord();
    assertThat(header(out.headers(), RejectedHeaders.REASON)).isEqualTo(Reason.REVOKED_KEY.wire());
    assertThat(out.value()).isEqualTo(late);
  }

  @Test
  void grantSignedByNonAdminIsIgnoredAndReported() {
    byte[] grant =
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(stranger.publicKey(), List.of(Role.PRODUCER), T0, null, T0),
            producer);
    Appended.pipe(pipeline.keys, bytes(stranger.keyId() + "/grant-1"), grant);
    pipeline.artifact(
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "m", null, T1), stranger));

    pipeline.driver.advanceWallClockTime(Duration.ofSeconds(10));
    TestRecord<byte[], byte[]> refusedGrant = pipeline.rejected.readRecord();
    assertThat(header(refusedGrant.headers(), RejectedHeaders.REASON))
        .isEqualTo(Reason.WRONG_ROLE.wire());
    assertThat(header(refusedGrant.headers(), RejectedHeaders.SOURCE_TOPIC))
        .isEqualTo(topics.keys().name());
    assertThat(refusedGrant.value()).isEqualTo(grant);
    assertThat(refusedGrant.key()).isEqualTo(bytes(stranger.keyId() + "/grant-1"));

    assertThat(pipeline.rejected.isEmpty()).as("the artifact waits for a trusted grant").isTrue();

    pipeline.driver.advanceWallClockTime(GRACE);
    TestRecord<byte[], byte[]> refusedArtifact = pipeline.rejected.readRecord();
    assertThat(header(refusedArtifact.headers(), RejectedHeaders.REASON))
        .isEqualTo(Reason.UNKNOWN_KEY.wire());

    pipeline.driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(pipeline.rejected.isEmpty()).as("reported once").isTrue();
  }

  /** A record of lineage.artifacts as a publisher sends it: own key, a header, a timestamp. */
  static TestRecord<byte[], byte[]> published(byte[] key, byte[] value) {
    Headers headers = new RecordHeaders();
    headers.add("trace", bytes("t-7"));
    return new TestRecord<>(key, value, headers, Envelopes.signedAtOf(value));
  }

  long parkedCount(Pipeline p) {
    KeyValueStore<String, ParkedRecord> parked = p.store(LineageTopology.PARKED_STORE);
    long n = 0;
    try (KeyValueIterator<String, ParkedRecord> it = parked.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  List<String> withApplied() {
    List<String> all = new ArrayList<>(GRAPH_STORES);
    all.add(GraphStores.APPLIED);
    return all;
  }

  @Test
  void foldsAnEventSignedBeforeItsGrantArrivedOnceTheGrantArrivesWithinTheGrace() {
    Signer newcomer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    byte[] event =
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "1", T1), newcomer);

    pipeline.artifacts.pipeInput(published(bytes("k"), event));
    pipeline.driver.advanceWallClockTime(Duration.ofSeconds(5));

    assertThat(pipeline.rejected.isEmpty()).isTrue();
    assertThat(pipeline.store(GraphStores.NODES).get(MODEL)).isNull();
    assertThat(parkedCount(pipeline)).isEqualTo(1);
    assertThat(pipeline.driver.producedTopicNames())
        .as("parked records are changelogged")
        .contains("lineage-streams-test-" + LineageTopology.PARKED_STORE + "-changelog");

    pipeline.grant(root, newcomer, Role.PRODUCER);
    pipeline.driver.advanceWallClockTime(ParkingProcessor.INTERVAL);

    KeyValueStore<String, NodeRecord> nodes = pipeline.store(GraphStores.NODES);
    assertThat(nodes.get(MODEL).signer()).isEqualTo(newcomer.keyId());
    assertThat(parkedCount(pipeline)).isZero();
    assertThat(pipeline.rejected.isEmpty()).isTrue();

    // the same stores as when the grant came first: the late event took the usual path
    Pipeline grantFirst = new Pipeline(stateDir.resolve("grant-first"));
    grantFirst.grant(root, newcomer, Role.PRODUCER);
    grantFirst.artifacts.pipeInput(published(bytes("k"), event));
    assertThat(pipeline.dump(withApplied())).isEqualTo(grantFirst.dump(withApplied()));
  }

  @Test
  void anEventWhoseKeyNeverArrivesIsRejectedUnknownKeyAfterTheGraceAndNotBefore() {
    byte[] event =
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "1", T1), stranger);
    pipeline.artifacts.pipeInput(published(bytes("k-stranger"), event));

    pipeline.driver.advanceWallClockTime(GRACE.minusMillis(100));
    assertThat(pipeline.rejected.isEmpty()).as("still within the grace").isTrue();
    assertThat(parkedCount(pipeline)).isEqualTo(1);

    pipeline.driver.advanceWallClockTime(Duration.ofMillis(200));
    TestRecord<byte[], byte[]> out = pipeline.rejected.readRecord();
    assertThat(header(out.headers(), RejectedHeaders.REASON)).isEqualTo(Reason.UNKNOWN_KEY.wire());
    assertThat(header(out.headers(), RejectedHeaders.DETAIL))
        .startsWith("waited 30100 ms for the key");
    assertThat(header(out.headers(), RejectedHeaders.SOURCE_TOPIC))
        .isEqualTo(topics.artifacts().name());
    assertThat(header(out.headers(), RejectedHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(out.headers(), "trace")).isEqualTo("t-7");
    assertThat(out.key()).isEqualTo(bytes("k-stranger"));
    assertThat(out.value()).isEqualTo(event);
    assertThat(out.getRecordTime().toEpochMilli())
        .as("the original timestamp")
        .isEqualTo(Envelopes.signedAtOf(event));
    assertThat(pipeline.rejected.isEmpty()).isTrue();
    assertThat(parkedCount(pipeline)).isZero();
    assertThat(pipeline.store(GraphStores.NODES).get(MODEL)).isNull();

    pipeline.driver.advanceWallClockTime(GRACE);
    assertThat(pipeline.rejected.isEmpty()).as("rejected once").isTrue();
  }

  @Test
  void aBadSignatureGoesToRejectedAtOnce() {
    Envelope tampered = EnvelopeCodec.standard().decode(featuresArtifact());
    tampered.setPayload(
        ByteBuffer.wrap(
            EventType.ARTIFACT_REGISTERED.encode(
                artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", null, T1))));
    pipeline.artifact(EnvelopeCodec.standard().encode(tampered));

    TestRecord<byte[], byte[]> out = pipeline.rejected.readRecord();
    assertThat(header(out.headers(), RejectedHeaders.REASON))
        .isEqualTo(Reason.BAD_SIGNATURE.wire());
    assertThat(parkedCount(pipeline)).isZero();
  }

  @Test
  void aReplayOfAParkedEventChangesNothingOnceItIsAccepted() {
    Signer newcomer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    byte[] event =
        signedArtifact(artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "1", T1), newcomer);
    pipeline.artifacts.pipeInput(published(bytes("k"), event));
    pipeline.artifacts.pipeInput(published(bytes("k"), event)); // a copy parked as well
    assertThat(parkedCount(pipeline)).isEqualTo(2);

    pipeline.grant(root, newcomer, Role.PRODUCER);
    pipeline.driver.advanceWallClockTime(ParkingProcessor.INTERVAL);
    assertThat(parkedCount(pipeline)).isZero();
    KeyValueStore<String, String> applied = pipeline.store(GraphStores.APPLIED);
    assertThat(applied.approximateNumEntries()).as("applied once").isEqualTo(1);
    Map<String, String> before = pipeline.dump(withApplied());
    assertThat(before).containsKey(GraphStores.NODES + " " + MODEL);

    pipeline.artifacts.pipeInput(published(bytes("k"), event));
    pipeline.artifacts.pipeInput(published(bytes("another-key"), event));
    pipeline.driver.advanceWallClockTime(GRACE.plusSeconds(1));

    assertThat(pipeline.dump(withApplied())).isEqualTo(before);
    assertThat(parkedCount(pipeline)).isZero();
    assertThat(pipeline.rejected.isEmpty()).isTrue();
  }

  @Test
  void parksAtMostTheCapacityAndRefusesBeyondAtOnce() {
    Pipeline small =
        new Pipeline(stateDir.resolve("small"), ParkingProcessor.Limits.defaults().withCapacity(2));
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(
          signedArtifact(
              artifactEvent(MODEL, ArtifactKind.MODEL, "model_m92", "v" + i, T1), stranger));
    }

    events.forEach(small::artifact);
    assertThat(parkedCount(small)).isEqualTo(2);
    TestRecord<byte[], byte[]> full = small.rejected.readRecord();
    assertThat(header(full.headers(), RejectedHeaders.REASON)).isEqualTo(Reason.UNKNOWN_KEY.wire());
    assertThat(header(full.headers(), RejectedHeaders.DETAIL)).startsWith("parking full");
    assertThat(full.value()).isEqualTo(events.get(2));
    assertThat(small.rejected.isEmpty()).isTrue();

    small.driver.advanceWallClockTime(GRACE.plusSeconds(1));
    assertThat(small.rejected.readRecordsToList()).hasSize(2);
    small.artifact(events.get(2));
    assertThat(parkedCount(small)).as("room again once the grace freed it").isEqualTo(1);
    assertThat(small.rejected.isEmpty()).isTrue();
  }

  @Test
  void everyProcessorStoreAndTopicIsNamed() {
    Topology topology = LineageTopology.build(topics, TrustAnchors.of(List.of(root.publicKey())));
    String description = topology.describe().toString();

    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    assertThat(description)
        .contains("graph-ops-repartition")
        .contains("verify-artifacts")
        .contains("keyring-fold")
        .contains("park-unknown-keys")
        .contains("stores: [" + LineageTopology.PARKED_STORE + ", " + GraphStores.APPLIED + "]");
  }

  static String header(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
