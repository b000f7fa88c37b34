package dev.lineage.translog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageTopology;
import dev.lineage.testing.Appended;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.ProofVerifier;
import dev.lineage.tlog.merkle.Rfc6962;
import dev.lineage.tlog.tiles.EntryBundleId;
import dev.lineage.tlog.tiles.InMemoryTileStore;
import dev.lineage.tlog.tiles.TileId;
import dev.lineage.tlog.tiles.TileResource;
import dev.lineage.tlog.tiles.TiledLog;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTopologyTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(3600);
  private static final String SOURCE = "source:transactions_q1";
  private static final String FEATURES = "sha256:" + "a".repeat(64);

  @TempDir Path stateDir;

  private final Topics topics = Topics.defaults();
  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer stranger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> artifacts;
  private TestInputTopic<byte[], byte[]> runs;
  private TestInputTopic<byte[], byte[]> log;
  private TestOutputTopic<byte[], byte[]> logOut;
  private TestOutputTopic<byte[], byte[]> rejected;
  private TestInputTopic<byte[], byte[]> deletions;
  private byte[] producerGrant;
  private byte[] gdprGrant;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lineage-log-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            LineageTopology.build(topics, TrustAnchors.of(List.of(root.publicKey()))), props);
    ByteArraySerializer ser = new ByteArraySerializer();
    ByteArrayDeserializer de = new ByteArrayDeserializer();
    TestInputTopic<byte[], byte[]> keys = driver.createInputTopic(topics.keys().name(), ser, ser);
    artifacts = driver.createInputTopic(topics.artifacts().name(), ser, ser);
    runs = driver.createInputTopic(topics.runs().name(), ser, ser);
    log = driver.createInputTopic(topics.log().name(), ser, ser);
    logOut = driver.createOutputTopic(topics.log().name(), de, de);
    rejected = driver.createOutputTopic(topics.rejected().name(), de, de);
    deletions = driver.createInputTopic(topics.deletionRequests().name(), ser, ser);
    producerGrant =
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T0),
            root);
    gdprGrant =
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(gdpr.publicKey(), List.of(Role.GDPR_REQUESTER), T0, null, T0),
            root);
    Appended.pipe(keys, bytes(producer.keyId() + "/grant"), producerGrant);
    Appended.pipe(keys, bytes(gdpr.keyId() + "/grant"), gdprGrant);
    // the keyring's grants enter the log at its first look, before anything else here
    integrate();
    integrate();
    List<LogLeaf> keyLeaves = logOut.readValuesToList().stream().map(LogLeaf::parse).toList();
    assertThat(keyLeaves)
        .containsExactlyInAnyOrder(
            new LogLeaf(digest(producerGrant), T0.toEpochMilli(), "keys"),
            new LogLeaf(digest(gdprGrant), T0.toEpochMilli(), "keys"));
    assertThat(head().size()).isEqualTo(2);
    keyEntries = keyLeaves.stream().map(LogLeaf::encode).toList();
  }

  private List<byte[]> keyEntries;

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void everyAcceptedEnvelopeBecomesOneLeafWithItsDigestAppendTimeAndSourceInLogOrder() {
    byte[] source = artifact(SOURCE, ArtifactKind.SOURCE, "transactions_q1", null, producer);
    byte[] features = artifact(FEATURES, ArtifactKind.DATASET, "features_v47", "47", producer);
    byte[] forged = artifact(FEATURES, ArtifactKind.DATASET, "features_v48", "48", stranger);
    byte[] run = run("run:extract_1", SOURCE, FEATURES);
    Instant appended = T1.plusSeconds(7);
    artifacts.pipeInput(bytes("k"), source, appended);
    Appended.pipe(artifacts, bytes("k"), forged);
    Appended.pipe(artifacts, bytes("k"), features);
    Appended.pipe(runs, bytes("k"), run);
    integrate();

    List<LogLeaf> leaves = logOut.readValuesToList().stream().map(LogLeaf::parse).toList();
    assertThat(leaves)
        .containsExactly(
            new LogLeaf(digest(source), appended.toEpochMilli(), "artifacts"),
            new LogLeaf(digest(features), T1.toEpochMilli(), "artifacts"),
            new LogLeaf(digest(run), T1.toEpochMilli(), "runs"));
    LogHead head = head();
    assertThat(head.size()).isEqualTo(5);
    assertThat(head.sequenced()).isEqualTo(5);
    List<byte[]> all = new ArrayList<>(keyEntries);
    leaves.forEach(l -> all.add(l.encode()));
    assertThat(head.rootHash()).isEqualTo(mth(all));
    KeyValueStore<String, Long> index = driver.getKeyValueStore(LogStores.INDEX);
    assertThat(index.get(digest(features))).isEqualTo(3L);
    assertThat(index.get(digest(forged))).as("refused: no leaf").isNull();
  }

  @Test
  void aReplayedEnvelopeOrARepeatedLeafAddsNothingAndARecordThatIsNoLeafIsRejected() {
    byte[] features = artifact(FEATURES, ArtifactKind.DATASET, "features_v47", "47", producer);
    Appended.pipe(artifacts, bytes("k"), features);
    Appended.pipe(artifacts, bytes("k"), features);
    integrate();
    LogHead once = head();
    assertThat(once.size()).isEqualTo(3);

    // a rebuild under a new application id writes the leaf again; and someone writes junk
    byte[] leaf = new LogLeaf(digest(features), T1.toEpochMilli(), "artifacts").encode();
    log.pipeInput(bytes(digest(features)), leaf);
    log.pipeInput(bytes(digest(features)), new LogLeaf(digest(features), 1, "runs").encode());
    log.pipeInput(bytes("junk"), bytes("sha256:00 1 artifacts\n"));
    integrate();

    assertThat(head()).isEqualTo(once);
    TestRecord<byte[], byte[]> refused = rejected.readRecord();
    assertThat(header(refused, RejectedHeaders.REASON)).isEqualTo("malformed");
    assertThat(header(refused, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.log().name());
    assertThat(refused.value()).isEqualTo(bytes("sha256:00 1 artifacts\n"));
    assertThat(rejected.isEmpty()).isTrue();
  }

  @Test
  void leavesWaitUntilTheIntegrationThenEnterTheTilesAsOneBatch() {
    log.pipeInput(bytes("a"), leaf(0).encode());
    log.pipeInput(bytes("b"), leaf(1).encode());
    LogHead waiting = head();
    assertThat(waiting.sequenced()).isEqualTo(4);
    assertThat(waiting.size()).isEqualTo(2);
    assertThat(waiting.rootHash()).isEqualTo(mth(keyEntries));

    integrate();

    assertThat(head().size()).isEqualTo(4);
    KeyValueStore<Long, byte[]> pending = driver.getKeyValueStore(LogStores.PENDING);
    assertThat(pending.approximateNumEntries()).isZero();
  }

  /**
   * Over tile boundaries, in batches of odd sizes: the root matches an independent RFC 6962 hash of
   * the leaves, the tiles match a log appended in one go, inclusion and consistency proofs verify,
   * only the right edge's partial tiles are stored, and an older partial is served as a prefix.
   */
  @Test
  void batchesAcrossTileBoundariesGiveTheRootTilesAndProofsOfOneAppend() throws Exception {
    List<byte[]> entries = new ArrayList<>(keyEntries);
    Map<Long, Hash> roots = new HashMap<>();
    int next = 0;
    for (int batch : new int[] {1, 250, 3, 257, 100}) {
      for (int i = 0; i < batch; i++) {
        byte[] e = leaf(next++).encode();
        entries.add(e);
        log.pipeInput(bytes("k"), e);
      }
      integrate();
      roots.put(head().size(), head().rootHash());
      assertThat(head().rootHash()).isEqualTo(mth(entries));
    }
    long size = entries.size();
    assertThat(head().size()).isEqualTo(size);

    InMemoryTileStore reference = new InMemoryTileStore();
    TiledLog oneGo = new TiledLog(reference, 0);
    oneGo.append(entries);
    KeyValueStore<String, byte[]> tiles = driver.getKeyValueStore(LogStores.TILES);
    TreeSet<String> stored = new TreeSet<>();
    try (KeyValueIterator<String, byte[]> it = tiles.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        stored.add(kv.key);
        assertThat(reference.read(TileResource.parse(kv.key)))
            .as(kv.key)
            .hasValueSatisfying(v -> assertThat(v).isEqualTo(kv.value));
      }
    }
    // 613 leaves: level 0 tiles 000, 001 full and 002.p/101; level 1 tile 000.p/2; bundles alike
    assertThat(stored)
        .containsExactlyInAnyOrder(
            "tile/0/000",
            "tile/0/001",
            "tile/0/002.p/101",
            "tile/1/000.p/2",
            "tile/entries/000",
            "tile/entries/001",
            "tile/entries/002.p/101");

    LogView view = new LogView(tiles::get, head());
    // a client holding an older checkpoint, of size 509, asks for tile/0/001.p/253
    assertThat(view.resource(new TileId(0, 1, 253)))
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .isEqualTo(
                        Arrays.copyOf(
                            reference.read(new TileId(0, 1, 256)).orElseThrow(), 253 * 32)));
    assertThat(view.resource(new EntryBundleId(2, 50))).isPresent();
    assertThat(view.resource(new EntryBundleId(2, 102))).as("beyond the tree").isEmpty();
    assertThat(view.resource(new TileId(2, 0, 1))).as("no level 2 yet").isEmpty();

    for (long index : new long[] {0, 255, 256, 300, size - 1}) {
      ProofVerifier.verifyInclusion(
          index,
          size,
          Rfc6962.leafHash(entries.get((int) index)),
          view.inclusionProof(index, size),
          view.root());
      assertThat(view.entry(index)).isEqualTo(entries.get((int) index));
    }
    for (Map.Entry<Long, Hash> old : roots.entrySet()) {
      ProofVerifier.verifyConsistency(
          old.getKey(),
          size,
          view.consistencyProof(old.getKey(), size),
          old.getValue(),
          view.root());
      assertThat(view.rootAt(old.getKey())).isEqualTo(old.getValue());
    }
  }

  @Test
  void deletionRequestsAndTheServicesEventsSignedUnderTheirRolesBecomeLeavesToo() {
    byte[] request = deletion("del-1", gdpr);
    byte[] wrongRole = deletion("del-2", producer);
    Instant appended = T1.plusSeconds(30);
    deletions.pipeInput(bytes("del-1"), request, appended);
    deletions.pipeInput(bytes("del-2"), wrongRole, appended);
    integrate();

    assertThat(logOut.readValuesToList().stream().map(LogLeaf::parse).toList())
        .containsExactly(
            new LogLeaf(digest(request), appended.toEpochMilli(), "deletion-requests"));
    assertThat(head().size()).isEqualTo(3);
    assertThat(rejected.isEmpty()).as("impact-service reports its refusals, not the log").isTrue();
  }

  @Test
  void obligationFactsSignedUnderTheirTypesRoleBecomeLeavesAndOthersDoNot() {
    TestInputTopic<byte[], byte[]> obligations =
        driver.createInputTopic(
            topics.obligations().name(), new ByteArraySerializer(), new ByteArraySerializer());
    // a retraining completion is a PRODUCER's to sign; an assessment is an APPROVER's
    byte[] completion =
        AvroEnvelopes.sign(
            EventType.RETRAINING_COMPLETED,
            RetrainingCompleted.newBuilder()
                .setTriggerId(FEATURES)
                .setRequestId("del-1")
                .setModelId("sha256:" + "b".repeat(64))
                .setNewModelDigest("sha256:" + "c".repeat(64))
                .setTrainingRunId("run:retrain_1")
                .setSignedAt(T1)
                .build(),
            producer);
    byte[] assessment =
        AvroEnvelopes.sign(
            EventType.IMPACT_ASSESSED,
            ImpactAssessed.newBuilder()
                .setTriggerId(FEATURES)
                .setRequestId("del-1")
                .setModelId("sha256:" + "b".repeat(64))
                .setDecision(AssessmentDecision.KEEP)
                .setJustification("bounded influence")
                .setSignedAt(T1)
                .build(),
            producer);
    Instant appended = T1.plusSeconds(5);
    obligations.pipeInput(bytes("del-1"), completion, appended);
    obligations.pipeInput(bytes("del-1"), assessment, appended);
    integrate();

    assertThat(logOut.readValuesToList().stream().map(LogLeaf::parse).toList())
        .containsExactly(new LogLeaf(digest(completion), appended.toEpochMilli(), "obligations"));
    assertThat(head().size()).isEqualTo(3);
  }

  @Test
  void everyLogProcessorStoreAndTopicIsNamed() {
    String description =
        LineageTopology.build(topics, TrustAnchors.of(List.of(root.publicKey())))
            .describe()
            .toString();
    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    assertThat(description)
        .contains("log-sink")
        .contains("log-service-sink")
        .contains("log-key-leaves-sink")
        .contains("log-verify-triggers")
        .contains("log-verify-obligations")
        .contains(LogStores.TILES)
        .contains(LogStores.INDEX)
        .contains(LogStores.PENDING)
        .contains(LogStores.HEAD)
        .contains("stores: [" + KeyLeafReporter.SENT_STORE + "]")
        .contains("stores: [" + LogTopology.PARKED_STORE + "]");
  }

  private byte[] deletion(String id, Signer signer) {
    return AvroEnvelopes.sign(
        EventType.DELETION_REQUESTED,
        DeletionRequested.newBuilder()
            .setRequestId(id)
            .setSubject(SOURCE)
            .setRecordSet(
                new RecordSet("sha256:" + "e".repeat(64), 3L, "cas:sha256:" + "e".repeat(64), true))
            .setDeadline(Instant.parse("2025-04-01T00:00:00Z"))
            .setSignedAt(T1.plusSeconds(30))
            .build(),
        signer);
  }

  private void integrate() {
    driver.advanceWallClockTime(LogTopology.DEFAULT_INTEGRATE_EVERY.plus(Duration.ofMillis(1)));
  }

  private LogHead head() {
    KeyValueStore<String, LogHead> heads = driver.getKeyValueStore(LogStores.HEAD);
    LogHead head = heads.get(LogStores.HEAD_KEY);
    return head == null ? LogHead.EMPTY : head;
  }

  private static LogLeaf leaf(int i) {
    String hex = String.format("%064x", i);
    return new LogLeaf("sha256:" + hex, 1_700_000_000_000L + i, "artifacts");
  }

  /** RFC 6962 §2.1 written out again, independent of the tlog module's tree code. */
  static Hash mth(List<byte[]> entries) {
    if (entries.isEmpty()) {
      return Rfc6962.EMPTY_ROOT;
    }
    if (entries.size() == 1) {
      return Rfc6962.leafHash(entries.get(0));
    }
    int k = Integer.highestOneBit(entries.size() - 1);
    return Rfc6962.nodeHash(mth(entries.subList(0, k)), mth(entries.subList(k, entries.size())));
  }

  private byte[] artifact(
      String id, ArtifactKind kind, String name, String version, Signer signer) {
    return AvroEnvelopes.sign(
        EventType.ARTIFACT_REGISTERED,
        ArtifactRegistered.newBuilder()
            .setNodeId(id)
            .setKind(kind)
            .setName(name)
            .setVersion(version)
            .setAttributes(Map.of())
            .setSignedAt(T1)
            .build(),
        signer);
  }

  private byte[] run(String runId, String input, String output) {
    return AvroEnvelopes.sign(
        EventType.RUN_COMPLETED,
        RunCompleted.newBuilder()
            .setRunId(runId)
            .setProcessName("fraud_signal_extractor")
            .setProcessVersion("2.3")
            .setInputs(List.of(input))
            .setOutputs(List.of(output))
            .setStartedAt(T1.minusSeconds(60))
            .setEndedAt(T1)
            .setEnvironment(Map.of("cpu.arch", "x86_64"))
            .setAttributes(Map.of())
            .setSignedAt(T1)
            .build(),
        producer);
  }

  private static String digest(byte[] envelope) {
    return AvroEnvelopes.digest(envelope).toString();
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
