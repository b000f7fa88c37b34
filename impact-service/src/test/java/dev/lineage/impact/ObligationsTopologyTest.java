package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.PrivacyGuarantee;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RecordListErasureReason;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.Role;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.ErasedObjectException;
import dev.lineage.cas.Tombstone;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.impact.analysis.TriggerIds;
import dev.lineage.impact.obligations.ObligationState;
import dev.lineage.impact.obligations.ObligationStores;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.obligations.Obligation;
import dev.lineage.obligations.ObligationGate;
import dev.lineage.obligations.ObligationReasons;
import dev.lineage.obligations.ObligationStatus;
import dev.lineage.obligations.RequestStatus;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.signing.Verifier;
import dev.lineage.testing.Appended;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.vault.RecordListErasedException;
import dev.lineage.vault.RecordListVault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The obligation loop of the impact service on the topology driver: a deletion's trigger opens an
 * obligation, which a valid completion or an independent assessment closes, and which the clock
 * makes overdue; invalid closings go to lineage.rejected with the check's reason.
 */
class ObligationsTopologyTest {
  static final List<String> KEYS = List.of("alice@example.com", "customer-4711", "bob@example.org");

  /** The affected dataset's content, which holds the records: kept in the test's CAS. */
  static final byte[] FEATURE_BYTES =
      (String.join(",0.93\n", KEYS) + ",0.12\nanyone-else,0.5\n").getBytes(StandardCharsets.UTF_8);

  static final String FEATURES = Sha256.of(FEATURE_BYTES).toString();
  static final String MODEL = "sha256:" + "b".repeat(64);
  static final String CLEAN_FEATURES = "sha256:" + "c".repeat(64);
  static final String NEW_MODEL = "sha256:" + "d".repeat(64);
  static final String SOURCE = "source:transactions_q1";
  static final String RETRAIN_RUN = "run:retrain_1";
  static final Instant DEADLINE = Instant.parse("2025-04-01T00:00:00Z");
  static final Instant SIGNED = Instant.parse("2025-03-01T00:05:00Z");

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2025-03-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer approver = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Topics topics = Topics.defaults();
  private final MapLineageGraph graph = MapLineageGraph.seed(FEATURES, MODEL, null);
  private final MovableClock clock = new MovableClock();
  private final String trigger = TriggerIds.of("gdpr-1", MODEL);
  @TempDir Path dir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> obligations;
  private TestOutputTopic<byte[], byte[]> rejected;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ContentStore cas;
  private RecordListVault vault;
  private String records;
  private TestOutputTopic<String, byte[]> facts;

  @BeforeEach
  void start() throws Exception {
    cas = new ContentStore(dir.resolve("cas"));
    cas.putBytes(FEATURE_BYTES);
    vault = RecordListVault.at(dir.resolve("vault"), clock);
    records =
        vault
            .store(
                "gdpr-1",
                new ByteArrayInputStream(
                    String.join("\n", KEYS).concat("\n").getBytes(StandardCharsets.UTF_8)))
            .digest()
            .toString();
    graph.signer(MODEL, producer.keyId());
    ImpactTopology.Options d = ImpactTopology.Options.defaults(graph, service);
    ImpactTopology.Options options =
        new ImpactTopology.Options(
            graph,
            Optional.of(dir.resolve("cas")),
            service,
            d.assessThreshold(),
            d.maxPathsPerModel(),
            d.unknownSubjectGrace(),
            d.retryInterval(),
            d.maxRetryBackoff(),
            d.keyWait(),
            d.clockSkew());
    Properties p = new Properties();
    p.put("application.id", "obligations-test");
    p.put("bootstrap.servers", "unused:9092");
    p.put("state.dir", dir.resolve("state").toString());
    driver =
        new TopologyTestDriver(
            ImpactTopology.build(
                topics,
                TrustAnchors.of(List.of(root.publicKey())),
                options,
                clock,
                ImpactTopology.Erasure.defaults(Optional.of(dir.resolve("vault"))),
                EventMetrics.of(registry)),
            p,
            Instant.parse("2025-03-01T00:00:00Z"));
    TestInputTopic<String, byte[]> keys =
        driver.createInputTopic(
            topics.keys().name(), new StringSerializer(), new ByteArraySerializer());
    Appended.pipe(keys, "g1", Fixtures.grant(root, gdpr, Role.GDPR_REQUESTER));
    Appended.pipe(keys, "g2", Fixtures.grant(root, producer, Role.PRODUCER, Role.APPROVER));
    Appended.pipe(keys, "g3", Fixtures.grant(root, approver, Role.APPROVER));
    Appended.pipe(keys, "g4", Fixtures.grant(root, service, Role.IMPACT_SERVICE));
    obligations =
        driver.createInputTopic(
            topics.obligations().name(), new StringSerializer(), new ByteArraySerializer());
    rejected =
        driver.createOutputTopic(
            topics.rejected().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    facts =
        driver.createOutputTopic(
            topics.obligations().name(), new StringDeserializer(), new ByteArrayDeserializer());
    TestInputTopic<String, byte[]> deletions =
        driver.createInputTopic(
            topics.deletionRequests().name(), new StringSerializer(), new ByteArraySerializer());
    DeletionRequested request =
        DeletionRequested.newBuilder()
            .setRequestId("gdpr-1")
            .setSubject(SOURCE)
            .setRecordSet(new RecordSet(records, 3L, "vault:gdpr-1", true))
            .setDeadline(DEADLINE)
            .setSignedAt(Fixtures.T0.plusSeconds(60))
            .build();
    Appended.pipe(
        deletions, "gdpr-1", AvroEnvelopes.sign(EventType.DELETION_REQUESTED, request, gdpr));
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private ObligationState state() {
    return driver.<String, ObligationState>getKeyValueStore(ObligationStores.STATE).get("gdpr-1");
  }

  private RequestStatus status() {
    return state().status(clock.instant());
  }

  /** The retraining run in the graph, trained on {@code input}, its manifest in the CAS. */
  private void retrainingRun(String input, boolean declaresExclusion) throws Exception {
    TrainingManifest.Builder b =
        TrainingManifest.builder()
            .subject("model_m92", Digest.parse(NEW_MODEL))
            .dataset("features_v47", Digest.parse(input))
            .codeCommit("0123456789abcdef0123456789abcdef01234567")
            .lockfile(new ArtifactRef("poetry.lock", Digest.parse("sha256:" + "1".repeat(64))))
            .containerImage("oci:ghcr.io/acme/trainer@sha256:" + "a".repeat(64))
            .seed("global", 1829)
            .hardware(new HardwareFingerprint("amd64", "Xeon", 2, null, 0))
            .createdAt(Instant.parse("2025-03-01T00:02:00Z"));
    if (declaresExclusion) {
      b.excludedRecordSet(Digest.parse(records));
    }
    String manifest =
        SignedManifests.store(SignedManifests.sign(b.build(), producer), cas).toString();
    graph
        .node(input, "DATASET", "features_v47")
        .node(RETRAIN_RUN, "RUN", "model_training", null, manifest)
        .node(NEW_MODEL, "MODEL", "model_m92")
        .edge(input, RETRAIN_RUN)
        .edge(RETRAIN_RUN, NEW_MODEL);
  }

  private byte[] completion(Signer by) {
    RetrainingCompleted c =
        RetrainingCompleted.newBuilder()
            .setTriggerId(trigger)
            .setRequestId("gdpr-1")
            .setModelId(MODEL)
            .setNewModelDigest(NEW_MODEL)
            .setTrainingRunId(RETRAIN_RUN)
            .setSignedAt(SIGNED)
            .build();
    return AvroEnvelopes.sign(EventType.RETRAINING_COMPLETED, c, by);
  }

  private byte[] assessment(Signer by) {
    ImpactAssessed a =
        ImpactAssessed.newBuilder()
            .setTriggerId(trigger)
            .setRequestId("gdpr-1")
            .setModelId(MODEL)
            .setDecision(AssessmentDecision.KEEP)
            .setJustification("3 of 1000 records, DP-SGD bounds their influence")
            .setGuarantee(new PrivacyGuarantee("gaussian", "1.0", "0.00001"))
            .setSignedAt(SIGNED)
            .build();
    return AvroEnvelopes.sign(EventType.IMPACT_ASSESSED, a, by);
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private void assertRejected(byte[] value, String reason) {
    TestRecord<byte[], byte[]> r = rejected.readRecord();
    assertThat(r.value()).isEqualTo(value);
    assertThat(header(r, RejectedHeaders.REASON)).isEqualTo(reason);
    assertThat(header(r, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.obligations().name());
    assertThat(rejected.isEmpty()).isTrue();
    // counted once, under its reason, whether the verifier or the fold refused it
    Map<String, Double> counted = new TreeMap<>();
    registry
        .find(EventMetrics.REJECTED)
        .counters()
        .forEach(
            c -> {
              if (c.count() > 0) {
                counted.put(c.getId().getTag("reason"), c.count());
              }
            });
    assertThat(counted).isEqualTo(Map.of(reason, 1.0));
  }

  @Test
  void aTriggerOpensAnObligationAndTheRequestIsTriggered() {
    ObligationState s = state();
    assertThat(s.cause()).isEqualTo("DELETION");
    assertThat(s.analysed()).isTrue();
    assertThat(s.obligations()).hasSize(1);
    ObligationState.Entry e = s.obligations().get(0);
    assertThat(e.triggerId()).isEqualTo(trigger);
    assertThat(e.modelId()).isEqualTo(MODEL);
    assertThat(e.action()).isEqualTo("RETRAIN");
    assertThat(e.deadline()).isEqualTo(DEADLINE.toEpochMilli());
    assertThat(e.recordSet()).isEqualTo(records);
    assertThat(e.affected()).contains(SOURCE, FEATURES, "run:training_j1829", MODEL);
    assertThat(status().state()).isEqualTo(RequestStatus.State.TRIGGERED);
    assertThat(status().open()).hasSize(1);
  }

  @Test
  void aCompletionWhoseManifestDeclaresTheExclusionClosesTheObligationAndFulfilsTheRequest()
      throws Exception {
    retrainingRun(CLEAN_FEATURES, true);
    byte[] done = completion(producer);

    Appended.pipe(obligations, "gdpr-1", done);

    assertThat(rejected.isEmpty()).isTrue();
    ObligationState.Entry e = state().obligations().get(0);
    assertThat(e.closedAs()).isEqualTo("RETRAINED");
    assertThat(e.closedBy()).isEqualTo(AvroEnvelopes.digest(done).toString());
    assertThat(e.newModel()).isEqualTo(NEW_MODEL);
    assertThat(e.closedBySigner()).isEqualTo(producer.keyId());
    assertThat(status().state()).isEqualTo(RequestStatus.State.FULFILLED);
    ObligationGate gate = ObligationGate.judge(MODEL, state().asObligations(), clock.instant());
    assertThat(gate.supersededBy()).contains(Digest.parse(NEW_MODEL));
    assertThat(gate.refusal()).isEmpty();

    // the same completion again changes nothing and refuses nothing
    Appended.pipe(obligations, "gdpr-1", done);
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(state().obligations().get(0).closedBy())
        .isEqualTo(AvroEnvelopes.digest(done).toString());
  }

  @Test
  void aCompletionWhoseManifestDoesNotDeclareTheExclusionIsRejectedWithTheReason()
      throws Exception {
    retrainingRun(CLEAN_FEATURES, false);
    byte[] done = completion(producer);

    Appended.pipe(obligations, "gdpr-1", done);

    assertRejected(done, ObligationReasons.EXCLUSION_NOT_DECLARED);
    assertThat(status().state()).isEqualTo(RequestStatus.State.TRIGGERED);
  }

  @Test
  void aCompletionThatTrainedOnAnAffectedDatasetIsRejectedWithTheReason() throws Exception {
    retrainingRun(FEATURES, true);
    byte[] done = completion(producer);

    Appended.pipe(obligations, "gdpr-1", done);

    assertRejected(done, ObligationReasons.AFFECTED_SNAPSHOT_REUSED);
    assertThat(state().obligations().get(0).open()).isTrue();
  }

  @Test
  void aCompletionSignedByAnApproverKeyIsRejectedWrongRole() throws Exception {
    retrainingRun(CLEAN_FEATURES, true);
    byte[] done = completion(approver);

    Appended.pipe(obligations, "gdpr-1", done);

    assertRejected(done, Reason.WRONG_ROLE.wire());
    assertThat(state().obligations().get(0).open()).isTrue();
  }

  @Test
  void aCompletionArrivingBeforeLineageStreamsKnowsItsRunWaitsThenCloses() throws Exception {
    byte[] done = completion(producer);

    Appended.pipe(obligations, "gdpr-1", done);

    assertThat(rejected.isEmpty()).isTrue();
    assertThat(state().waiting()).hasSize(1);
    assertThat(state().waiting().get(0).why()).contains("not in the graph");

    retrainingRun(CLEAN_FEATURES, true);
    driver.advanceWallClockTime(Duration.ofSeconds(2));

    assertThat(rejected.isEmpty()).isTrue();
    assertThat(state().waiting()).isEmpty();
    assertThat(status().state()).isEqualTo(RequestStatus.State.FULFILLED);
  }

  @Test
  void aCompletionWhoseRunNeverAppearsIsRejectedRunNotFoundAfterTheGrace() {
    byte[] done = completion(producer);

    Appended.pipe(obligations, "gdpr-1", done);
    driver.advanceWallClockTime(Duration.ofSeconds(31));

    assertRejected(done, ObligationReasons.RUN_NOT_FOUND);
    assertThat(state().waiting()).isEmpty();
  }

  @Test
  void whileLineageStreamsIsDownACompletionWaitsAndIsJudgedWhenItIsBack() throws Exception {
    retrainingRun(CLEAN_FEATURES, true);
    graph.unavailable = true;
    Appended.pipe(obligations, "gdpr-1", completion(producer));
    driver.advanceWallClockTime(Duration.ofSeconds(60));
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(state().waiting()).hasSize(1);

    graph.unavailable = false;
    driver.advanceWallClockTime(Duration.ofSeconds(2));

    assertThat(status().state()).isEqualTo(RequestStatus.State.FULFILLED);
  }

  @Test
  void anAssessmentByTheModelsOwnProducerIsRejected() {
    byte[] kept = assessment(producer);

    Appended.pipe(obligations, "gdpr-1", kept);

    assertRejected(kept, ObligationReasons.ASSESSOR_PRODUCED_MODEL);
    assertThat(state().obligations().get(0).open()).isTrue();
  }

  @Test
  void anAssessmentByAnIndependentApproverClosesTheObligationAsAssessed() {
    Appended.pipe(obligations, "gdpr-1", assessment(approver));

    assertThat(rejected.isEmpty()).isTrue();
    assertThat(state().obligations().get(0).closedAs()).isEqualTo("ASSESSED");
    assertThat(status().state()).isEqualTo(RequestStatus.State.FULFILLED);
    assertThat(ObligationGate.judge(MODEL, state().asObligations(), clock.instant()).supersededBy())
        .isEmpty();
  }

  @Test
  void aCompletionForAnUnknownTriggerIsRejectedAfterTheGrace() {
    RetrainingCompleted c =
        RetrainingCompleted.newBuilder()
            .setTriggerId("sha256:" + "9".repeat(64))
            .setRequestId("gdpr-1")
            .setModelId(MODEL)
            .setNewModelDigest(NEW_MODEL)
            .setTrainingRunId(RETRAIN_RUN)
            .setSignedAt(SIGNED)
            .build();
    byte[] done = AvroEnvelopes.sign(EventType.RETRAINING_COMPLETED, c, producer);

    Appended.pipe(obligations, "gdpr-1", done);
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(rejected.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(25));

    assertRejected(done, ObligationReasons.UNKNOWN_TRIGGER);
  }

  @Test
  void aReportsPredictionsAreObligationsDueByTheDeadlineClosedOnlyByTheirOwnersInvalidation() {
    String scores = "sha256:" + "5".repeat(64);
    graph
        .node("run:scoring_1", "RUN", "scoring")
        .node(scores, "PREDICTIONS", "fraud_scores")
        .edge(MODEL, "run:scoring_1")
        .edge("run:scoring_1", scores)
        .signer(scores, producer.keyId());
    TestInputTopic<String, byte[]> deletions =
        driver.createInputTopic(
            topics.deletionRequests().name(), new StringSerializer(), new ByteArraySerializer());
    DeletionRequested second =
        DeletionRequested.newBuilder()
            .setRequestId("gdpr-2")
            .setSubject(SOURCE)
            .setRecordSet(new RecordSet(records, 3L, "vault:gdpr-2", true))
            .setDeadline(DEADLINE)
            .setSignedAt(Fixtures.T0.plusSeconds(60))
            .build();
    Appended.pipe(
        deletions, "gdpr-2", AvroEnvelopes.sign(EventType.DELETION_REQUESTED, second, gdpr));
    ObligationState s =
        driver.<String, ObligationState>getKeyValueStore(ObligationStores.STATE).get("gdpr-2");
    ObligationState.Entry prediction =
        s.entry(TriggerIds.ofPrediction("gdpr-2", scores)).orElseThrow();
    assertThat(s.obligations()).hasSize(2);
    assertThat(prediction.action()).isEqualTo("INVALIDATE");
    assertThat(prediction.modelId()).isEqualTo(scores);
    assertThat(prediction.deadline()).isEqualTo(DEADLINE.toEpochMilli());
    assertThat(prediction.trigger()).isNotNull();
    // the prediction's obligation is not the model's: the deploy gate never sees it
    assertThat(
            ObligationGate.judge(MODEL, s.asObligations(), clock.instant()).open().stream()
                .map(Obligation::triggerId))
        .containsExactly(TriggerIds.of("gdpr-2", MODEL));

    // an APPROVER-only key does not hold PRODUCER: refused by the verifier
    Appended.pipe(obligations, "gdpr-2", invalidation("gdpr-2", scores, approver));
    assertThat(header(rejected.readRecord(), RejectedHeaders.REASON)).isEqualTo("wrong-role");
    // the model's producer closes it: the obligation, not the request (its model is still owed)
    Appended.pipe(obligations, "gdpr-2", invalidation("gdpr-2", scores, producer));
    ObligationState after =
        driver.<String, ObligationState>getKeyValueStore(ObligationStores.STATE).get("gdpr-2");
    assertThat(after.entry(prediction.triggerId()).orElseThrow().closedAs())
        .isEqualTo("INVALIDATED");
    assertThat(after.status(clock.instant()).state()).isEqualTo(RequestStatus.State.TRIGGERED);
    assertThat(rejected.isEmpty()).isTrue();
    // past the deadline only the model's obligation is overdue
    clock.now = DEADLINE.plusSeconds(1);
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    RequestStatus late =
        driver
            .<String, ObligationState>getKeyValueStore(ObligationStores.STATE)
            .get("gdpr-2")
            .status(clock.instant());
    assertThat(late.state()).isEqualTo(RequestStatus.State.OVERDUE);
    assertThat(late.overdue()).extracting(Obligation::modelId).containsExactly(MODEL);
    assertThat(late.closed()).extracting(Obligation::modelId).containsExactly(scores);
  }

  private static byte[] invalidation(String request, String prediction, Signer by) {
    return AvroEnvelopes.sign(
        EventType.PREDICTION_INVALIDATED,
        dev.lineage.avro.PredictionInvalidated.newBuilder()
            .setRequestId(request)
            .setPredictionId(prediction)
            .setReason("scores withdrawn; consumers told")
            .setSignedAt(SIGNED)
            .build(),
        by);
  }

  @Test
  void theDeadlinePassingByTheInjectedClockMakesTheRequestOverdueAndTheGateRefusesTheModel() {
    assertThat(status().state()).isEqualTo(RequestStatus.State.TRIGGERED);

    clock.now = DEADLINE.plusSeconds(1);
    driver.advanceWallClockTime(Duration.ofSeconds(2));

    assertThat(state().obligations().get(0).overdueSince())
        .isEqualTo(DEADLINE.plusSeconds(1).toEpochMilli());
    assertThat(status().state()).isEqualTo(RequestStatus.State.OVERDUE);
    assertThat(status().overdue().get(0).status(clock.instant()))
        .isEqualTo(ObligationStatus.OVERDUE);
    ObligationGate gate = ObligationGate.judge(MODEL, state().asObligations(), clock.instant());
    assertThat(gate.refusal()).contains(ObligationReasons.OBLIGATION_OVERDUE);
  }

  @Test
  void anErasureFactSignedByTheServiceIsKeptForTheAudit() {
    byte[] fact =
        AvroEnvelopes.sign(
            EventType.RECORD_LIST_ERASED,
            RecordListErased.newBuilder()
                .setRequestId("gdpr-1")
                .setRecordSetDigest(records)
                .setErasedAt(SIGNED)
                .setSignedAt(SIGNED)
                .build(),
            service);

    Appended.pipe(obligations, "gdpr-1", fact);

    assertThat(state().erasures()).hasSize(1);
    assertThat(state().erasures().get(0).kind()).isEqualTo("RECORD_LIST");
    assertThat(state().erasures().get(0).digests()).containsExactly(records);
    assertThat(state().erasures().get(0).signer()).isEqualTo(service.keyId());
  }

  @Test
  void aFulfilledDeletionHasItsRecordListDestroyedAndTheSignedFactPublished() throws Exception {
    retrainingRun(CLEAN_FEATURES, true);
    assertThat(vault.find("gdpr-1").orElseThrow().state()).isEqualTo(RecordListVault.State.STORED);
    byte[] done = completion(producer);

    Appended.pipe(obligations, "gdpr-1", done);

    assertThat(status().state()).isEqualTo(RequestStatus.State.FULFILLED);
    List<TestRecord<String, byte[]>> out = factsOf(EventType.RECORD_LIST_ERASED);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key()).isEqualTo("gdpr-1");
    assertThat(
            new Verifier(List.of(service.publicKey()))
                .verify(AvroEnvelopes.fromRecordValue(out.get(0).value()))
                .verified())
        .isTrue();
    RecordListErased fact =
        EventType.RECORD_LIST_ERASED.decode(EnvelopeCodec.standard().decode(out.get(0).value()));
    assertThat(fact.getRecordSetDigest()).isEqualTo(records);
    assertThat(fact.getReason()).isEqualTo(RecordListErasureReason.FULFILLED);
    assertThat(vault.find("gdpr-1").orElseThrow().state()).isEqualTo(RecordListVault.State.ERASED);
    assertThatThrownBy(() -> vault.read("gdpr-1")).isInstanceOf(RecordListErasedException.class);
    // the fact came back through the topic, verified, into the request's trail
    assertThat(state().erasures())
        .extracting(ObligationState.Erasure::kind)
        .contains("RECORD_LIST");
    assertThat(state().listSettledAt()).isNotNull();
    // nothing of the list is left anywhere under the vault
    try (Stream<Path> files = Files.walk(dir.resolve("vault"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String key : KEYS) {
          assertThat(text).as(f.toString()).doesNotContain(key);
        }
        assertThat(f.getFileName().toString()).doesNotEndWith(".list").doesNotEndWith(".key");
      }
    }

    // the same completion again, and time passing: nothing is erased or published twice
    Appended.pipe(obligations, "gdpr-1", done);
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(facts.isEmpty()).isTrue();
  }

  @Test
  void anOpenRequestKeepsItsRecordList() throws Exception {
    retrainingRun(CLEAN_FEATURES, false);
    Appended.pipe(obligations, "gdpr-1", completion(producer));
    driver.advanceWallClockTime(Duration.ofSeconds(5));

    assertThat(status().state()).isEqualTo(RequestStatus.State.TRIGGERED);
    assertThat(facts.isEmpty()).isTrue();
    assertThat(vault.recordKeys("gdpr-1")).containsExactlyInAnyOrderElementsOf(KEYS);
  }

  @Test
  void anUnfulfilledDeletionsListIsDestroyedOnceItsRetentionRunsOutAndTheObligationStaysOpen()
      throws Exception {
    Long requestedAt = state().requestedAt();
    assertThat(requestedAt).isNotNull();
    Duration retention = ImpactSettings.RECORD_LIST_RETENTION.defaultValue().orElseThrow();
    clock.now = Instant.ofEpochMilli(requestedAt).plus(retention).minusSeconds(1);
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertThat(facts.isEmpty()).isTrue();
    assertThat(vault.find("gdpr-1").orElseThrow().state()).isEqualTo(RecordListVault.State.STORED);

    clock.now = Instant.ofEpochMilli(requestedAt).plus(retention).plusSeconds(1);
    driver.advanceWallClockTime(Duration.ofSeconds(2));

    List<TestRecord<String, byte[]>> out = facts.readRecordsToList();
    assertThat(out).hasSize(1);
    RecordListErased fact =
        EventType.RECORD_LIST_ERASED.decode(EnvelopeCodec.standard().decode(out.get(0).value()));
    assertThat(fact.getReason()).isEqualTo(RecordListErasureReason.RETENTION_EXPIRED);
    assertThat(fact.getRecordSetDigest()).isEqualTo(records);
    assertThat(vault.find("gdpr-1").orElseThrow().state()).isEqualTo(RecordListVault.State.ERASED);
    assertThat(status().state()).isIn(RequestStatus.State.TRIGGERED, RequestStatus.State.OVERDUE);
    assertThat(state().obligations()).allMatch(ObligationState.Entry::open);
    // time passing and a late completion: no second erasure
    retrainingRun(CLEAN_FEATURES, true);
    Appended.pipe(obligations, "gdpr-1", completion(producer));
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(status().state()).isEqualTo(RequestStatus.State.FULFILLED);
    assertThat(factsOf(EventType.RECORD_LIST_ERASED)).isEmpty();
  }

  private final List<TestRecord<String, byte[]>> seenFacts = new java.util.ArrayList<>();

  /** The facts published so far of one type (every fact read is kept for the next call). */
  private List<TestRecord<String, byte[]>> factsOf(EventType<?> type) {
    seenFacts.addAll(facts.readRecordsToList());
    return seenFacts.stream()
        .filter(
            r ->
                EnvelopeCodec.standard()
                    .decode(r.value())
                    .getPayloadType()
                    .equals(type.payloadType()))
        .toList();
  }

  @Test
  void aFulfilledDeletionTombstonesItsAffectedSnapshotsWithASignedFactAndKeepsTheModels()
      throws Exception {
    retrainingRun(CLEAN_FEATURES, true);
    assertThat(cas.readBytes(Digest.parse(FEATURES))).isEqualTo(FEATURE_BYTES);

    Appended.pipe(obligations, "gdpr-1", completion(producer));

    assertThat(status().state()).isEqualTo(RequestStatus.State.FULFILLED);
    List<TestRecord<String, byte[]>> out = factsOf(EventType.SNAPSHOT_ERASED);
    assertThat(out).hasSize(1);
    assertThat(
            new Verifier(List.of(service.publicKey()))
                .verify(AvroEnvelopes.fromRecordValue(out.get(0).value()))
                .verified())
        .isTrue();
    SnapshotErased fact =
        EventType.SNAPSHOT_ERASED.decode(EnvelopeCodec.standard().decode(out.get(0).value()));
    assertThat(fact.getRequestId()).isEqualTo("gdpr-1");
    // the dataset on the path, not the model, not the source (no CAS object), not the run
    assertThat(fact.getSnapshots())
        .extracting(ErasedSnapshot::getDigest, ErasedSnapshot::getSizeBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(FEATURES, (long) FEATURE_BYTES.length));
    assertThatThrownBy(() -> cas.readBytes(Digest.parse(FEATURES)))
        .isInstanceOf(ErasedObjectException.class)
        .hasMessageContaining("erased for request gdpr-1");
    Tombstone t = cas.erasure(Digest.parse(FEATURES)).orElseThrow();
    assertThat(t.sizeBytes()).isEqualTo(FEATURE_BYTES.length);
    assertThat(t.fact().signedEnvelope()).isEqualTo(out.get(0).value());
    // the fact came back through the verifier into the trail, and nothing is erased twice
    assertThat(state().erasures()).extracting(ObligationState.Erasure::kind).contains("SNAPSHOTS");
    assertThat(state().snapshotsSettledAt()).isNotNull();
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(factsOf(EventType.SNAPSHOT_ERASED)).hasSize(1);
    // no record key is left in the CAS
    try (Stream<Path> files = Files.walk(dir.resolve("cas"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String key : KEYS) {
          assertThat(text).as(f.toString()).doesNotContain(key);
        }
      }
    }
  }

  @Test
  void anOpenRequestsSnapshotsAreKept() throws Exception {
    retrainingRun(CLEAN_FEATURES, false);
    Appended.pipe(obligations, "gdpr-1", completion(producer));
    driver.advanceWallClockTime(Duration.ofSeconds(5));

    assertThat(factsOf(EventType.SNAPSHOT_ERASED)).isEmpty();
    assertThat(cas.readBytes(Digest.parse(FEATURES))).isEqualTo(FEATURE_BYTES);
  }
}
