package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.ImpactStatus;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.http.ApiServer;
import dev.lineage.http.Health;
import dev.lineage.impact.analysis.TriggerIds;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.Decision;
import dev.lineage.trust.KeyLog;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The impact service against the real lineage-streams on a real broker, both in this JVM on one
 * HTTP server: the seed deletion, a diamond, two requests on one model, a repeat, a forged role, a
 * bug report, and the ASSESS rule on a model whose signed manifest declares differential privacy.
 */
class ImpactServiceIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final String DIAMOND_SOURCE = "source:diamond_src";
  static final String FA = "sha256:" + "1a".repeat(32);
  static final String FB = "sha256:" + "1b".repeat(32);
  static final String MODEL_D = "sha256:" + "1d".repeat(32);
  static final String PREDICTIONS_D = "sha256:" + "1e".repeat(32);
  static final String DP_SOURCE = "source:dp_src";
  static final long DP_SOURCE_RECORDS = 10_000;
  static final String MODEL_DP = "sha256:" + "2d".repeat(32);

  static Signer root;
  static Signer producer;
  static Signer gdpr;
  static Signer service;
  static Topics topics;
  static ItKit kit;
  static SeedScenario seed;
  static ApiServer api;
  static LineageStreamsApp lineage;
  static ImpactServiceApp impact;
  static String dpManifest;

  @BeforeAll
  static void startEverything() throws Exception {
    root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    String name = KafkaBroker.uniqueName("impact");
    topics = Topics.withPrefix(name + ".");
    kit = new ItKit(KAFKA.bootstrapServers());
    kit.provision(topics);
    Path dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    Path rootPem = dir.resolve("root.pub");
    KeyPairs.writePublicKey(root.publicKey(), rootPem);
    seed =
        SeedScenario.create(
            dir.resolve("files"), dir.resolve("cas"), root, producer, Clock.systemUTC());

    // grants first: each app's keyring is restored before it runs, so no event beats its grant
    for (SeedScenario.SeedRecord r : seed.records()) {
      if (r.target() == SeedScenario.Target.KEYS) {
        kit.send(r.target().topic(topics), r.key(), r.value());
      }
    }
    kit.send(topics.keys().name(), "gdpr", Fixtures.grantNow(root, gdpr, Role.GDPR_REQUESTER));

    api = ApiServer.bind("127.0.0.1", 0);
    String self = "127.0.0.1:" + api.port();
    Health health = new Health();
    health.mount(api);
    lineage = kit.lineageStreams(name, rootPem, topics, dir.resolve("lineage-state"), api);
    lineage.registerHealth(health);
    impact =
        new ImpactServiceApp(
            ImpactSettings.defaults(TrustAnchors.of(List.of(root.publicKey())))
                .with(ImpactSettings.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers())
                .with(ImpactSettings.TOPIC_PREFIX, topics.prefix())
                .with(ImpactSettings.APPLICATION_ID, "impact-" + name)
                .with(ImpactSettings.STATE_DIR, dir.resolve("impact-state"))
                .with(ImpactSettings.APPLICATION_SERVER, self)
                .with(ImpactSettings.LINEAGE_HTTP, List.of(java.net.URI.create(api.baseUrl())))
                .with(ImpactSettings.SERVICE_KEY, service)
                .with(ImpactSettings.ADMIN_KEY, root)
                .with(ImpactSettings.CAS, dir.resolve("cas"))
                .withOverrides(Map.of("commit.interval.ms", "100", "num.stream.threads", "1")));
    impact.mountHttp(api);
    impact.registerHealth(health);
    api.start();
    lineage.start();
    impact.start();
    lineage.awaitRunning(ItKit.WAIT);
    impact.awaitRunning(ItKit.WAIT);

    for (SeedScenario.SeedRecord r : seed.records()) {
      if (r.target() != SeedScenario.Target.KEYS) {
        kit.send(r.target().topic(topics), r.key(), r.value());
      }
    }
    // the diamond: two extractions of one source feed one training run; its model is scored
    kit.send(
        topics.artifacts().name(),
        DIAMOND_SOURCE,
        ItKit.artifact(DIAMOND_SOURCE, ArtifactKind.SOURCE, "diamond_src", 100L, producer));
    kit.send(
        topics.runs().name(),
        "run:diamond_a",
        ItKit.run("run:diamond_a", "extract_a", List.of(DIAMOND_SOURCE), List.of(FA), producer));
    kit.send(
        topics.runs().name(),
        "run:diamond_b",
        ItKit.run("run:diamond_b", "extract_b", List.of(DIAMOND_SOURCE), List.of(FB), producer));
    kit.send(
        topics.runs().name(),
        "run:diamond_train",
        ItKit.run("run:diamond_train", "train", List.of(FA, FB), List.of(MODEL_D), producer));
    kit.send(
        topics.artifacts().name(),
        MODEL_D,
        ItKit.artifact(MODEL_D, ArtifactKind.MODEL, "model_d", null, producer));
    kit.send(
        topics.runs().name(),
        "run:diamond_score",
        ItKit.run(
            "run:diamond_score", "score", List.of(MODEL_D), List.of(PREDICTIONS_D), producer));
    kit.send(
        topics.artifacts().name(),
        PREDICTIONS_D,
        ItKit.artifact(PREDICTIONS_D, ArtifactKind.PREDICTIONS, "scores_d", null, producer));
    // a model trained with differential privacy: its manifest, signed by the producer, is in the
    // CAS the service reads, created now (the producer's grant is valid from the seed's signing);
    // its source is large enough for a small deletion to be under 0.001
    dpManifest =
        Fixtures.store(
            Fixtures.manifest(MODEL_DP, "1", Instant.now()),
            producer,
            new ContentStore(dir.resolve("cas")));
    kit.send(
        topics.artifacts().name(),
        DP_SOURCE,
        ItKit.artifact(DP_SOURCE, ArtifactKind.SOURCE, "dp_src", DP_SOURCE_RECORDS, producer));
    kit.send(
        topics.runs().name(),
        "run:dp_train",
        ItKit.run(
            "run:dp_train",
            "train_dp",
            List.of(DP_SOURCE),
            List.of(MODEL_DP),
            dpManifest,
            producer));
    kit.send(
        topics.artifacts().name(),
        MODEL_DP,
        ItKit.artifact(MODEL_DP, ArtifactKind.MODEL, "model_dp", null, producer));
    // requests wait for nothing, but the test's expectations need the whole graph folded
    await()
        .atMost(ItKit.WAIT)
        .ignoreExceptions()
        .until(
            () ->
                ItKit.get(api.baseUrl() + "/v1/nodes/" + seed.model())
                        .path("kind")
                        .asText()
                        .equals("MODEL")
                    && ItKit.get(api.baseUrl() + "/v1/nodes/" + PREDICTIONS_D)
                        .path("kind")
                        .asText()
                        .equals("PREDICTIONS")
                    && ItKit.get(api.baseUrl() + "/v1/nodes/run:diamond_train")
                            .path("httpStatus")
                            .asInt()
                        == 200
                    && ItKit.get(api.baseUrl() + "/v1/nodes/" + MODEL_DP)
                        .path("kind")
                        .asText()
                        .equals("MODEL")
                    && ItKit.get(api.baseUrl() + "/v1/nodes/run:dp_train")
                        .path("manifestDigest")
                        .asText()
                        .equals(dpManifest)
                    && ItKit.get(api.baseUrl() + "/v1/nodes/" + DP_SOURCE)
                            .path("recordCount")
                            .asLong()
                        == DP_SOURCE_RECORDS);
  }

  @AfterAll
  static void stopEverything() {
    if (impact != null) {
      impact.close();
    }
    if (lineage != null) {
      lineage.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private static List<RetrainingTriggered> triggersOf(String requestId, int atLeast) {
    return kit
        .awaitEvents(
            topics.retrainingTriggers().name(),
            EventType.RETRAINING_TRIGGERED,
            all -> all.stream().filter(t -> t.getRequestId().equals(requestId)).count() >= atLeast)
        .stream()
        .filter(t -> t.getRequestId().equals(requestId))
        .toList();
  }

  private static ImpactReport reportOf(String requestId) {
    return kit
        .awaitEvents(
            topics.impactReports().name(),
            EventType.IMPACT_REPORT,
            all -> all.stream().anyMatch(r -> r.getRequestId().equals(requestId)))
        .stream()
        .filter(r -> r.getRequestId().equals(requestId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theSeedDeletionGivesExactlyOneCommittedTriggerForModelM92AndACompleteReport()
      throws Exception {
    kit.send(
        topics.deletionRequests().name(),
        "seed-1",
        ItKit.deletion("seed-1", SeedScenario.SOURCE, 2, gdpr));

    ImpactReport report = reportOf("seed-1");
    List<RetrainingTriggered> triggers = triggersOf("seed-1", 1);

    assertThat(report.getStatus()).isEqualTo(ImpactStatus.COMPLETE);
    assertThat(report.getModels()).containsExactly(seed.model());
    assertThat(report.getCountsByKind()).containsEntry("MODEL", 1L).containsEntry("RUN", 2L);
    assertThat(triggers).hasSize(1);
    RetrainingTriggered t = triggers.get(0);
    assertThat(t.getModelId()).isEqualTo(seed.model());
    assertThat(t.getModelName()).isEqualTo("model_m92");
    assertThat(t.getTriggerId()).isEqualTo(TriggerIds.of("seed-1", seed.model()));
    assertThat(t.getTrainingRunId()).isEqualTo(SeedScenario.TRAINING_RUN);
    assertThat(t.getPaths()).hasSize(1);
    assertThat(t.getPaths().get(0).stream().map(PathNode::getId))
        .containsExactly(
            SeedScenario.SOURCE,
            SeedScenario.EXTRACTION_RUN,
            seed.features(),
            SeedScenario.TRAINING_RUN,
            seed.model());
    // the seed's manifest is in the CAS and signed by the producer, but declares no DP guarantee
    assertThat(t.getAction()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(t.getDecisionRule())
        .matches(
            "manifest sha256:[0-9a-f]{64} declares no differential-privacy guarantee: RETRAIN");
    assertThat(t.getAffectedFraction()).isEqualTo(0.002);

    // signed by the service's key, which it granted itself IMPACT_SERVICE at start
    KeyLog keys = new KeyLog(TrustAnchors.of(List.of(root.publicKey())), ClockSkew.defaults());
    kit.committed(topics.keys().name()).forEach(r -> keys.add(r.value(), r.timestamp()));
    ConsumerRecord<byte[], byte[]> record =
        kit.committed(topics.retrainingTriggers().name()).stream()
            .filter(
                r ->
                    EventType.RETRAINING_TRIGGERED
                        .decode(EnvelopeCodec.standard().decode(r.value()))
                        .getRequestId()
                        .equals("seed-1"))
            .findFirst()
            .orElseThrow();
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(seed.model());
    Decision decision =
        keys.keyring()
            .authorize(
                EnvelopeCodec.standard().decode(record.value()),
                Role.IMPACT_SERVICE,
                record.timestamp());
    assertThat(decision).isEqualTo(new Decision.Accepted(service.keyId()));

    JsonNode status = ItKit.get(api.baseUrl() + "/v1/requests/seed-1");
    assertThat(status.path("httpStatus").asInt()).isEqualTo(200);
    assertThat(status.path("status").asText()).isEqualTo("COMPLETE");
    assertThat(status.path("cause").asText()).isEqualTo("DELETION");
    assertThat(status.path("triggers").asInt()).isEqualTo(1);
    assertThat(status.path("countsByKind").path("MODEL").asLong()).isEqualTo(1);
    assertThat(ItKit.get(api.baseUrl() + "/v1/requests/never-sent").path("httpStatus").asInt())
        .isEqualTo(404);
  }

  @Test
  void aDiamondGivesOneTriggerWithBothPathsAndItsPredictionsInTheReport() {
    kit.send(
        topics.deletionRequests().name(),
        "diamond-1",
        ItKit.deletion("diamond-1", DIAMOND_SOURCE, 1, gdpr));

    ImpactReport report = reportOf("diamond-1");
    List<RetrainingTriggered> triggers = triggersOf("diamond-1", 1);

    assertThat(triggers).hasSize(1);
    assertThat(triggers.get(0).getModelId()).isEqualTo(MODEL_D);
    assertThat(triggers.get(0).getTrainingRunId()).isEqualTo("run:diamond_train");
    assertThat(
            triggers.get(0).getPaths().stream()
                .map(p -> p.stream().map(PathNode::getId).toList())
                .toList())
        .containsExactly(
            List.of(DIAMOND_SOURCE, "run:diamond_a", FA, "run:diamond_train", MODEL_D),
            List.of(DIAMOND_SOURCE, "run:diamond_b", FB, "run:diamond_train", MODEL_D));
    assertThat(report.getPredictions()).containsExactly(PREDICTIONS_D);
    assertThat(report.getModels()).containsExactly(MODEL_D);
  }

  @Test
  void oneModelReachedByTwoRequestsGetsOneTriggerPerRequest() {
    kit.send(
        topics.deletionRequests().name(),
        "two-a",
        ItKit.deletion("two-a", SeedScenario.SOURCE, 1, gdpr));
    kit.send(
        topics.deletionRequests().name(),
        "two-b",
        ItKit.deletion("two-b", SeedScenario.SOURCE, 1, gdpr));

    reportOf("two-a");
    reportOf("two-b");
    List<String> ids =
        kit.events(topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED).stream()
            .filter(t -> t.getRequestId().startsWith("two-"))
            .map(RetrainingTriggered::getTriggerId)
            .sorted()
            .toList();
    assertThat(ids)
        .containsExactlyInAnyOrder(
            TriggerIds.of("two-a", seed.model()), TriggerIds.of("two-b", seed.model()));
  }

  @Test
  void aRepeatedRequestIdAddsNoTrigger() {
    kit.send(
        topics.deletionRequests().name(),
        "again",
        ItKit.deletion("again", SeedScenario.SOURCE, 1, gdpr));
    reportOf("again");

    // the repeat, under another record key and in a new envelope; then a marker whose id lands in
    // the same partition after the repartition, so once its report is committed the repeat was
    // processed (in order, before it)
    kit.send(
        topics.deletionRequests().name(),
        "other-key",
        ItKit.deletion("again", SeedScenario.SOURCE, 1, gdpr));
    String marker = samePartition("again", "marker-");
    kit.send(
        topics.deletionRequests().name(),
        "other-key",
        ItKit.deletion(marker, SeedScenario.SOURCE, 1, gdpr));
    reportOf(marker);

    List<ImpactReport> reports =
        kit.events(topics.impactReports().name(), EventType.IMPACT_REPORT).stream()
            .filter(r -> r.getRequestId().equals("again"))
            .toList();
    List<RetrainingTriggered> triggers =
        kit.events(topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED).stream()
            .filter(t -> t.getRequestId().equals("again"))
            .toList();
    assertThat(reports).hasSize(1);
    assertThat(triggers).hasSize(1);
  }

  @Test
  void aRequestSignedByAKeyWithoutTheGdprRoleLandsOnRejected() throws Exception {
    byte[] forged = ItKit.deletion("forged-1", SeedScenario.SOURCE, 1, producer);
    kit.send(topics.deletionRequests().name(), "forged-1", forged);

    ConsumerRecord<byte[], byte[]> rejected =
        await()
            .atMost(ItKit.WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    kit.committed(topics.rejected().name()).stream()
                        .filter(r -> java.util.Arrays.equals(r.value(), forged))
                        .findFirst()
                        .orElse(null),
                r -> r != null);
    assertThat(
            new String(
                rejected.headers().lastHeader(RejectedHeaders.REASON).value(),
                StandardCharsets.UTF_8))
        .isEqualTo(Reason.WRONG_ROLE.wire());
    assertThat(
            new String(
                rejected.headers().lastHeader(RejectedHeaders.SOURCE_TOPIC).value(),
                StandardCharsets.UTF_8))
        .isEqualTo(topics.deletionRequests().name());
    assertThat(ItKit.get(api.baseUrl() + "/v1/requests/forged-1").path("httpStatus").asInt())
        .isEqualTo(404);
  }

  @Test
  void aBugReportFindsTheAffectedRunThroughLineageStreamsAndTriggersRetraining() {
    BugReported bug =
        BugReported.newBuilder()
            .setReportId("bug-1")
            .setProcessName("fraud_signal_extractor")
            .setMinVersion("2.0")
            .setMaxVersion("2.10")
            .setWindowStart(seed.signedAt().minus(Duration.ofDays(90)))
            .setWindowEnd(seed.signedAt())
            .setDescription("a feature bug that ran for 90 days")
            .setSignedAt(Instant.now())
            .build();
    kit.send(
        topics.bugReports().name(),
        "bug-1",
        AvroEnvelopes.sign(EventType.BUG_REPORTED, bug, producer));

    ImpactReport report = reportOf("bug-1");
    List<RetrainingTriggered> triggers = triggersOf("bug-1", 1);

    assertThat(report.getCause()).isEqualTo(ImpactCause.BUG);
    assertThat(report.getModels()).containsExactly(seed.model());
    assertThat(triggers).hasSize(1);
    RetrainingTriggered t = triggers.get(0);
    assertThat(t.getCause()).isEqualTo(ImpactCause.BUG);
    assertThat(t.getPaths().get(0).get(0).getId()).isEqualTo(SeedScenario.EXTRACTION_RUN);
    assertThat(t.getAction()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(t.getAffectedFraction()).isNull();
    assertThat(t.getDecisionRule())
        .startsWith("bug reported in process fraud_signal_extractor versions 2.0..2.10 from ");
  }

  @Test
  void aModelTrainedWithDifferentialPrivacyIsAssessedWhenTheDeletedFractionIsUnderTheThreshold()
      throws Exception {
    // 5 of 10,000 records: 0.0005 < 0.001
    kit.send(
        topics.deletionRequests().name(),
        "dp-under",
        ItKit.deletion("dp-under", DP_SOURCE, 5, gdpr));

    List<RetrainingTriggered> triggers = triggersOf("dp-under", 1);

    assertThat(triggers).hasSize(1);
    RetrainingTriggered t = triggers.get(0);
    assertThat(t.getModelId()).isEqualTo(MODEL_DP);
    assertThat(t.getTrainingRunId()).isEqualTo("run:dp_train");
    assertThat(t.getAffectedFraction()).isEqualTo(0.0005);
    assertThat(t.getAction()).isEqualTo(RetrainingAction.ASSESS);
    assertThat(t.getDecisionRule())
        .isEqualTo(
            "DP epsilon=1, delta=0.00001 (gaussian) in manifest "
                + dpManifest
                + "; fraction 0.0005 < 0.001: ASSESS");
    assertThat(reportOf("dp-under").getModels()).containsExactly(MODEL_DP);
    JsonNode decision =
        ItKit.get(api.baseUrl() + "/v1/requests/dp-under").path("decisions").path(MODEL_DP);
    assertThat(decision.path("action").asText()).isEqualTo("ASSESS");
  }

  @Test
  void theSameModelIsRetrainedWhenTheDeletedFractionReachesTheThreshold() {
    // 10 of 10,000 records: exactly 0.001, not under it
    kit.send(
        topics.deletionRequests().name(), "dp-at", ItKit.deletion("dp-at", DP_SOURCE, 10, gdpr));

    List<RetrainingTriggered> triggers = triggersOf("dp-at", 1);

    assertThat(triggers).hasSize(1);
    RetrainingTriggered t = triggers.get(0);
    assertThat(t.getModelId()).isEqualTo(MODEL_DP);
    assertThat(t.getAffectedFraction()).isEqualTo(0.001);
    assertThat(t.getAction()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(t.getDecisionRule())
        .isEqualTo(
            "DP epsilon=1, delta=0.00001 (gaussian) in manifest "
                + dpManifest
                + "; fraction 0.001 >= 0.001: RETRAIN");
  }

  /**
   * An id starting with {@code prefix} whose partition (3, default partitioner) is {@code id}'s.
   */
  static String samePartition(String id, String prefix) {
    int partitions = topics.eventPartitions();
    int target = partitionOf(id, partitions);
    for (int i = 0; ; i++) {
      String candidate = prefix + i;
      if (partitionOf(candidate, partitions) == target) {
        return candidate;
      }
    }
  }

  private static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
