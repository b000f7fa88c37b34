package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.ImpactStatus;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.impact.analysis.TriggerIds;
import dev.lineage.impact.requests.RequestState;
import dev.lineage.impact.requests.RequestStatus;
import dev.lineage.impact.requests.RequestStores;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.publish.EventRules;
import dev.lineage.publish.Events;
import dev.lineage.runtime.ParkingProcessor;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImpactTopologyTest {
  static final String FEATURES = "sha256:" + "a".repeat(64);
  static final String MODEL = "sha256:" + "b".repeat(64);
  static final String SOURCE = "source:transactions_q1";

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Topics topics = Topics.defaults();
  private final MapLineageGraph graph = MapLineageGraph.seed(FEATURES, MODEL, null);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  @TempDir Path dir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> keys;
  private TestInputTopic<String, byte[]> deletions;
  private TestInputTopic<String, byte[]> bugs;
  private TestOutputTopic<String, byte[]> triggers;
  private TestOutputTopic<String, byte[]> reports;
  private TestOutputTopic<byte[], byte[]> rejected;

  private Topology topology() {
    return ImpactTopology.build(
        topics,
        TrustAnchors.of(List.of(root.publicKey())),
        ImpactTopology.Options.defaults(graph, service),
        Clock.systemUTC(),
        ImpactTopology.Erasure.defaults(Optional.empty()),
        EventMetrics.of(registry));
  }

  private void start() {
    start(true);
  }

  /** Starts the driver with the producer's grant, and the GDPR key's when {@code grantGdpr}. */
  private void start(boolean grantGdpr) {
    Properties p = new Properties();
    p.put("application.id", "impact-test");
    p.put("bootstrap.servers", "unused:9092");
    p.put("state.dir", dir.toString());
    driver = new TopologyTestDriver(topology(), p, Instant.parse("2025-03-01T00:00:00Z"));
    keys =
        driver.createInputTopic(
            topics.keys().name(), new StringSerializer(), new ByteArraySerializer());
    if (grantGdpr) {
      Appended.pipe(keys, "g1", Fixtures.grant(root, gdpr, Role.GDPR_REQUESTER));
    }
    Appended.pipe(keys, "g2", Fixtures.grant(root, producer, Role.PRODUCER));
    deletions =
        driver.createInputTopic(
            topics.deletionRequests().name(), new StringSerializer(), new ByteArraySerializer());
    bugs =
        driver.createInputTopic(
            topics.bugReports().name(), new StringSerializer(), new ByteArraySerializer());
    triggers =
        driver.createOutputTopic(
            topics.retrainingTriggers().name(),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    reports =
        driver.createOutputTopic(
            topics.impactReports().name(), new StringDeserializer(), new ByteArrayDeserializer());
    rejected =
        driver.createOutputTopic(
            topics.rejected().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private byte[] deletion(String id, String subject, Signer signer) {
    DeletionRequested event =
        DeletionRequested.newBuilder()
            .setRequestId(id)
            .setSubject(subject)
            .setRecordSet(
                new RecordSet("sha256:" + "e".repeat(64), 3L, "cas:sha256:" + "e".repeat(64), true))
            .setDeadline(Instant.parse("2025-04-01T00:00:00Z"))
            .setSignedAt(Fixtures.T0.plusSeconds(60))
            .build();
    return AvroEnvelopes.sign(EventType.DELETION_REQUESTED, event, signer);
  }

  private <T extends org.apache.avro.specific.SpecificRecordBase> T signedBy(
      EventType<T> type, byte[] value, Signer signer) {
    assertThat(
            new Verifier(List.of(signer.publicKey()))
                .verify(AvroEnvelopes.fromRecordValue(value))
                .verified())
        .isTrue();
    return type.decode(EnvelopeCodec.standard().decode(value));
  }

  private RequestStatus status(String id) {
    return driver.<String, RequestStatus>getKeyValueStore(RequestStores.STATUS).get(id);
  }

  @Test
  void everyProcessorStoreAndTopicIsNamed() {
    String described = topology().describe().toString();

    assertThat(described).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    assertThat(described).contains("impact-requests-by-id-repartition");
    assertThat(described).contains("park-unknown-keys").contains(ImpactTopology.PARKED_STORE);
  }

  private long parked() {
    long n = 0;
    try (KeyValueIterator<Object, Object> it =
        driver.getKeyValueStore(ImpactTopology.PARKED_STORE).all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void aDeletionSignedBeforeItsGdprGrantArrivesWaitsAndTriggersOnceTheGrantArrives() {
    start(false);

    Appended.pipe(deletions, "k", deletion("req-1", SOURCE, gdpr));
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(status("req-1")).isNull();
    assertThat(parked()).isEqualTo(1);

    Appended.pipe(keys, "g1", Fixtures.grant(root, gdpr, Role.GDPR_REQUESTER));
    driver.advanceWallClockTime(ParkingProcessor.INTERVAL);

    List<TestRecord<String, byte[]>> t = triggers.readRecordsToList();
    assertThat(t).hasSize(1);
    assertThat(t.get(0).key()).isEqualTo(MODEL);
    assertThat(signedBy(EventType.RETRAINING_TRIGGERED, t.get(0).value(), service).getTriggerId())
        .isEqualTo(TriggerIds.of("req-1", MODEL));
    assertThat(reports.readRecordsToList()).hasSize(1);
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(parked()).isZero();
    assertThat(status("req-1").status()).isEqualTo(RequestState.COMPLETE);

    // the same request again, now with its key known: seen, nothing new
    Appended.pipe(deletions, "k", deletion("req-1", SOURCE, gdpr));
    driver.advanceWallClockTime(Duration.ofSeconds(31));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(reports.isEmpty()).isTrue();
    assertThat(graph.closureCalls.get()).isEqualTo(1);
  }

  @Test
  void aDeletionWhoseKeyNeverArrivesIsRejectedUnknownKeyAfterTheGraceNotBefore() {
    start(false);
    byte[] value = deletion("req-1", SOURCE, gdpr);

    Appended.pipe(deletions, "k", value);
    driver.advanceWallClockTime(
        ParkingProcessor.Limits.DEFAULT_GRACE.minus(ParkingProcessor.INTERVAL));
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(parked()).isEqualTo(1);

    driver.advanceWallClockTime(ParkingProcessor.INTERVAL);

    TestRecord<byte[], byte[]> r = rejected.readRecord();
    assertThat(r.value()).isEqualTo(value);
    assertThat(header(r, RejectedHeaders.REASON)).isEqualTo(Reason.UNKNOWN_KEY.wire());
    assertThat(header(r, RejectedHeaders.DETAIL)).startsWith("waited 30000 ms for the key");
    assertThat(header(r, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.deletionRequests().name());
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(parked()).isZero();
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(status("req-1")).isNull();
  }

  @Test
  void theSeedDeletionGivesOneSignedTriggerForTheModelAndACompleteReport() {
    start();

    Appended.pipe(deletions, "ignored-key", deletion("req-1", SOURCE, gdpr));

    List<TestRecord<String, byte[]>> t = triggers.readRecordsToList();
    assertThat(t).hasSize(1);
    assertThat(t.get(0).key()).isEqualTo(MODEL);
    RetrainingTriggered trigger =
        signedBy(EventType.RETRAINING_TRIGGERED, t.get(0).value(), service);
    assertThat(trigger.getTriggerId()).isEqualTo(TriggerIds.of("req-1", MODEL));
    assertThat(trigger.getRequestId()).isEqualTo("req-1");
    assertThat(trigger.getCause()).isEqualTo(ImpactCause.DELETION);
    assertThat(trigger.getModelName()).isEqualTo("model_m92");
    assertThat(trigger.getTrainingRunId()).isEqualTo("run:training_j1829");
    assertThat(trigger.getPaths()).hasSize(1);
    assertThat(trigger.getPaths().get(0).stream().map(PathNode::getId))
        .containsExactly(
            SOURCE, "run:fraud_signal_extractor_r1", FEATURES, "run:training_j1829", MODEL);
    assertThat(trigger.getAction()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(trigger.getDecisionRule())
        .isEqualTo("training run run:training_j1829 declares no manifest: RETRAIN");
    assertThat(trigger.getAffectedFraction()).isEqualTo(0.003);
    assertThat(trigger.getRecordSet().getCount()).isEqualTo(3);
    assertThat(trigger.getDeadline()).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));

    List<TestRecord<String, byte[]>> r = reports.readRecordsToList();
    assertThat(r).hasSize(1);
    assertThat(r.get(0).key()).isEqualTo("req-1");
    ImpactReport report = signedBy(EventType.IMPACT_REPORT, r.get(0).value(), service);
    assertThat(report.getStatus()).isEqualTo(ImpactStatus.COMPLETE);
    assertThat(report.getModels()).containsExactly(MODEL);
    assertThat(report.getCountsByKind()).containsEntry("MODEL", 1L).containsEntry("RUN", 2L);
    assertThat(report.getReceipt().getPosition()).isEqualTo("{\"p-0\":7}");
    assertThat(status("req-1").status()).isEqualTo(RequestState.COMPLETE);
    assertThat(status("req-1").triggers()).isEqualTo(1);
  }

  @Test
  void aRepeatedRequestIdAddsNothingEvenUnderAnotherKeyOrEnvelope() {
    start();
    Appended.pipe(deletions, "a", deletion("req-1", SOURCE, gdpr));
    triggers.readRecordsToList();
    reports.readRecordsToList();

    Appended.pipe(deletions, "b", deletion("req-1", SOURCE, gdpr));
    Appended.pipe(deletions, "req-1", deletion("req-1", SOURCE, gdpr));

    assertThat(triggers.isEmpty()).isTrue();
    assertThat(reports.isEmpty()).isTrue();
    assertThat(graph.closureCalls.get()).isEqualTo(1);
  }

  @Test
  void twoRequestsReachingOneModelGiveOneTriggerEach() {
    start();
    Appended.pipe(deletions, "x", deletion("req-1", SOURCE, gdpr));
    Appended.pipe(deletions, "x", deletion("req-2", SOURCE, gdpr));

    List<String> ids =
        triggers.readRecordsToList().stream()
            .map(r -> signedBy(EventType.RETRAINING_TRIGGERED, r.value(), service).getTriggerId())
            .toList();
    assertThat(ids).containsExactly(TriggerIds.of("req-1", MODEL), TriggerIds.of("req-2", MODEL));
  }

  @Test
  void aRequestSignedWithoutTheGdprRoleIsRejectedWithTheReason() {
    start();
    byte[] value = deletion("req-9", SOURCE, producer);

    Appended.pipe(deletions, "req-9", value);

    TestRecord<byte[], byte[]> r = rejected.readRecord();
    assertThat(r.value()).isEqualTo(value);
    assertThat(
            new String(
                r.headers().lastHeader(RejectedHeaders.REASON).value(), StandardCharsets.UTF_8))
        .isEqualTo(Reason.WRONG_ROLE.wire());
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(status("req-9")).isNull();
  }

  @Test
  void eachRefusedRequestCountsItsReasonAndAnAdmittedOneIsCountedAndTimedToItsTrigger() {
    start();
    Appended.pipe(deletions, "k", deletion("req-9", SOURCE, producer));
    Appended.pipe(deletions, "k", deletion("req-8", "transactions without prefix", gdpr));
    Appended.pipe(deletions, "k", deletion("req-7", "also not an id", gdpr));
    Appended.pipe(deletions, "k", deletion("req-1", SOURCE, gdpr));

    Map<String, Double> refused = new TreeMap<>();
    registry
        .find(EventMetrics.REJECTED)
        .counters()
        .forEach(
            c -> {
              if (c.count() > 0) {
                refused.put(c.getId().getTag("reason"), c.count());
              }
            });
    assertThat(refused)
        .isEqualTo(Map.of(Reason.WRONG_ROLE.wire(), 1.0, Reason.INVALID_ID.wire(), 2.0));
    assertThat(
            registry
                .get(EventMetrics.VERIFIED)
                .tag("topic", topics.deletionRequests().name())
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(triggers.readRecordsToList()).hasSize(1);
    assertThat(registry.get(ImpactProcessor.REQUEST_TO_TRIGGER).timer().count()).isEqualTo(1);
  }

  @Test
  void aRequestWhoseSubjectIsNotANodeIdIsRejected() {
    start();
    Appended.pipe(deletions, "k", deletion("req-8", "transactions without prefix", gdpr));

    TestRecord<byte[], byte[]> r = rejected.readRecord();
    assertThat(
            new String(
                r.headers().lastHeader(RejectedHeaders.REASON).value(), StandardCharsets.UTF_8))
        .isEqualTo(Reason.INVALID_ID.wire());
  }

  @Test
  void aRequestWaitsUntilLineageStreamsHasFoldedWhatWasAppendedBeforeItByTheBrokersClock() {
    start();
    // appended 30 s after its signer says it was signed: the broker's time is the barrier
    Instant appended = Fixtures.T0.plusSeconds(90);
    graph.foldedUntil = appended.toEpochMilli();

    deletions.pipeInput("k", deletion("req-1", SOURCE, gdpr), appended);
    deletions.pipeInput("k", deletion("req-2", SOURCE, gdpr), appended.plusSeconds(1));

    assertThat(triggers.isEmpty()).isTrue();
    assertThat(status("req-1").status()).isEqualTo(RequestState.PENDING);
    assertThat(status("req-1").detail()).contains("folded").contains(appended.toString());
    assertThat(status("req-2").status()).isEqualTo(RequestState.PENDING);
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(graph.barriersAsked).isNotEmpty().containsOnly(appended.toEpochMilli());
    assertThat(graph.closureCalls.get()).isZero();

    // the fold catches up to both requests' append times
    graph.foldedUntil = appended.plusSeconds(2).toEpochMilli();
    driver.advanceWallClockTime(Duration.ofSeconds(2));

    assertThat(triggers.readRecordsToList()).hasSize(2);
    assertThat(status("req-1").status()).isEqualTo(RequestState.COMPLETE);
    assertThat(status("req-1").receipt().foldedBefore()).isEqualTo(appended.toEpochMilli());
    assertThat(status("req-2").receipt().foldedBefore())
        .isEqualTo(appended.plusSeconds(1).toEpochMilli());
    assertThat(graph.barriersAsked).doesNotContain(Fixtures.T0.plusSeconds(60).toEpochMilli());
  }

  @Test
  void aBarrierThatIsNotYetMetIsAskedAgainSoonThenLessAndLessOften() {
    start();
    Instant appended = Fixtures.T0.plusSeconds(90);
    graph.foldedUntil = appended.toEpochMilli();
    deletions.pipeInput("k", deletion("req-1", SOURCE, gdpr), appended);
    assertThat(graph.barriersAsked).hasSize(1);

    // the first wait is short: not the retry interval (1 s)
    driver.advanceWallClockTime(ImpactProcessor.FIRST_BARRIER_RETRY);
    assertThat(graph.barriersAsked).hasSize(2);
    assertThat(triggers.isEmpty()).isTrue();

    // then doubling up to the retry interval: 50, 100, 200, 400, 800, 1000, 1000 ... ms, so ten
    // seconds of 50-ms sweeps ask about 15 times, not 200
    for (int i = 0; i < 200; i++) {
      driver.advanceWallClockTime(ImpactProcessor.FIRST_BARRIER_RETRY);
    }
    assertThat(graph.barriersAsked).hasSizeBetween(10, 20);

    // met again: the next sweep (within the retry interval) answers it, and a new "not yet"
    // starts again from the short wait
    graph.foldedUntil = appended.plusSeconds(1).toEpochMilli();
    for (int i = 0; i < 20 && triggers.isEmpty(); i++) {
      driver.advanceWallClockTime(ImpactProcessor.FIRST_BARRIER_RETRY);
    }
    assertThat(triggers.readRecordsToList()).isNotEmpty();
    assertThat(status("req-1").status()).isEqualTo(RequestState.COMPLETE);
    int asked = graph.barriersAsked.size();
    deletions.pipeInput("k", deletion("req-2", SOURCE, gdpr), appended.plusSeconds(2));
    driver.advanceWallClockTime(ImpactProcessor.FIRST_BARRIER_RETRY);
    assertThat(graph.barriersAsked).hasSize(asked + 2);
  }

  @Test
  void whileLineageStreamsIsUnavailableTheRequestStaysPendingAndIsRetriedLater() {
    start();
    graph.unavailable = true;

    Appended.pipe(deletions, "k", deletion("req-1", SOURCE, gdpr));
    Appended.pipe(deletions, "k", deletion("req-2", SOURCE, gdpr));

    assertThat(triggers.isEmpty()).isTrue();
    assertThat(status("req-1").status()).isEqualTo(RequestState.PENDING);
    assertThat(status("req-1").detail()).contains("503");
    assertThat(status("req-2").status()).isEqualTo(RequestState.PENDING);
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(triggers.isEmpty()).isTrue();

    graph.unavailable = false;
    driver.advanceWallClockTime(Duration.ofSeconds(31));

    assertThat(triggers.readRecordsToList()).hasSize(2);
    assertThat(reports.readRecordsToList()).hasSize(2);
    assertThat(status("req-1").status()).isEqualTo(RequestState.COMPLETE);
    assertThat(driver.getKeyValueStore(RequestStores.PENDING).get("req-1")).isNull();
  }

  @Test
  void anUnknownSubjectIsRetriedForTheGracePeriodThenGetsAnEmptyReport() {
    start();
    Appended.pipe(deletions, "k", deletion("req-1", "source:not_yet_folded", gdpr));
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(reports.isEmpty()).isTrue();

    // folded in the meantime: the retry finds it
    Appended.pipe(deletions, "k", deletion("req-2", "source:never", gdpr));
    graph
        .node("source:not_yet_folded", "SOURCE", "x")
        .edge("source:not_yet_folded", "run:training_j1829");
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertThat(triggers.readRecordsToList()).hasSize(1);
    assertThat(reports.readRecordsToList()).hasSize(1);

    driver.advanceWallClockTime(Duration.ofSeconds(31));
    List<TestRecord<String, byte[]>> r = reports.readRecordsToList();
    assertThat(r).hasSize(1);
    ImpactReport empty = signedBy(EventType.IMPACT_REPORT, r.get(0).value(), service);
    assertThat(empty.getRequestId()).isEqualTo("req-2");
    assertThat(empty.getStatus()).isEqualTo(ImpactStatus.COMPLETE);
    assertThat(empty.getModels()).isEmpty();
    assertThat(triggers.isEmpty()).isTrue();
  }

  @Test
  void aBugReportSignedByAProducerTriggersRetrainingFromTheAffectedRun() {
    start();
    BugReported bug =
        BugReported.newBuilder()
            .setReportId("bug-1")
            .setProcessName("fraud_signal_extractor")
            .setMinVersion("2.0")
            .setWindowStart(Fixtures.T0)
            .setWindowEnd(Fixtures.T0.plus(Duration.ofDays(90)))
            .setSignedAt(Fixtures.T0.plusSeconds(60))
            .build();

    Appended.pipe(bugs, "bug-1", AvroEnvelopes.sign(EventType.BUG_REPORTED, bug, producer));

    RetrainingTriggered t =
        signedBy(EventType.RETRAINING_TRIGGERED, triggers.readRecord().value(), service);
    assertThat(t.getCause()).isEqualTo(ImpactCause.BUG);
    assertThat(t.getPaths().get(0).get(0).getId()).isEqualTo("run:fraud_signal_extractor_r1");
    assertThat(t.getAffectedFraction()).isNull();
    assertThat(t.getAction()).isEqualTo(RetrainingAction.RETRAIN);
    ImpactReport report = signedBy(EventType.IMPACT_REPORT, reports.readRecord().value(), service);
    assertThat(report.getCause()).isEqualTo(ImpactCause.BUG);
    assertThat(status("bug-1").cause()).isEqualTo("BUG");
    assertThat(Optional.ofNullable(status("bug-1").decisions().get(MODEL)).orElseThrow().action())
        .isEqualTo("RETRAIN");
  }

  @Test
  void aBugReportAPublisherMayBuildIsAdmittedAndOneItRefusesIsRejectedTheSameWay() {
    start();
    // process names are text for publishers and readers alike: a run of "fraud extractor" may be
    // in the graph, so a report about it must get through (Events used to refuse the name)
    BugReported spaced =
        Events.bugReport(
                "bug 2", "fraud extractor", Fixtures.T0, Fixtures.T0.plus(Duration.ofDays(90)))
            .signedAt(Fixtures.T0.plusSeconds(60))
            .build();
    Appended.pipe(bugs, "bug 2", AvroEnvelopes.sign(EventType.BUG_REPORTED, spaced, producer));
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(status("bug 2")).isNotNull();

    BugReported bell = BugReported.newBuilder(spaced).setReportId("bug\u00073").build();
    assertThatThrownBy(() -> EventRules.check(bell))
        .hasMessageContaining("report id contains a control character");
    Appended.pipe(bugs, "bug 3", AvroEnvelopes.sign(EventType.BUG_REPORTED, bell, producer));
    TestRecord<byte[], byte[]> r = rejected.readRecord();
    assertThat(
            new String(
                r.headers().lastHeader(RejectedHeaders.REASON).value(), StandardCharsets.UTF_8))
        .isEqualTo(Reason.INVALID_ID.wire());
  }
}
