package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.api.RecordListContent;
import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.PrivacyGuarantee;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RecordListErasureReason;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.ErasedObjectException;
import dev.lineage.cas.Tombstone;
import dev.lineage.hash.Sha256;
import dev.lineage.http.ApiServer;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.obligations.ObligationReasons;
import dev.lineage.publish.RecordList;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.vault.RecordListVault;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The obligation loop of issue 14 on a real broker, with the real lineage-streams and impact
 * service in this JVM: the seed deletion's trigger opens an obligation; a completion whose manifest
 * declares the exclusion fulfils it and the deploy gate says the model is superseded; a completion
 * without the exclusion, or an assessment by the model's producer, goes to lineage.rejected with
 * the reason; a deadline passed by the injected clock makes the request OVERDUE and the gate
 * refuses the model; a restart of the impact service in the middle loses and doubles nothing.
 */
class ObligationsIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  /** The system clock moved forward by the test. */
  static final class ShiftedClock extends Clock {
    volatile Duration shift = Duration.ZERO;

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
      return Instant.now().plus(shift);
    }
  }

  static Signer root;
  static Signer producer;
  static Signer gdpr;
  static Signer approver;
  static Signer service;
  static Signer otherProducer;
  static Topics topics;
  static ItKit kit;
  static SeedScenario seed;
  static Path dir;
  static ApiServer api;
  static ApiServer impactApi;
  static LineageStreamsApp lineage;
  static ImpactServiceApp impact;
  static ImpactSettings settings;
  static final ShiftedClock CLOCK = new ShiftedClock();

  @BeforeAll
  static void startEverything() throws Exception {
    root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    approver = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    otherProducer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    String name = KafkaBroker.uniqueName("obligations");
    topics = Topics.withPrefix(name + ".");
    kit = new ItKit(KAFKA.bootstrapServers());
    kit.provision(topics);
    dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    Path rootPem = dir.resolve("root.pub");
    KeyPairs.writePublicKey(root.publicKey(), rootPem);
    seed =
        SeedScenario.create(
            dir.resolve("files"), dir.resolve("cas"), root, producer, Clock.systemUTC());
    for (SeedScenario.SeedRecord r : seed.records()) {
      if (r.target() == SeedScenario.Target.KEYS) {
        kit.send(r.target().topic(topics), r.key(), r.value());
      }
    }
    kit.send(topics.keys().name(), "gdpr", Fixtures.grantNow(root, gdpr, Role.GDPR_REQUESTER));
    kit.send(topics.keys().name(), "approver", Fixtures.grantNow(root, approver, Role.APPROVER));
    // a valid PRODUCER that registered none of the bug test's predictions
    kit.send(topics.keys().name(), "other", Fixtures.grantNow(root, otherProducer, Role.PRODUCER));
    // the seed's producer may approve too: its assessment of its own model must still be refused
    kit.send(topics.keys().name(), "producer2", Fixtures.grantNow(root, producer, Role.APPROVER));

    api = ApiServer.bind("127.0.0.1", 0);
    lineage =
        kit.lineageStreams(
            name, rootPem, topics, dir.resolve("lineage-state"), api, dir.resolve("cas"));
    api.start();
    lineage.start();
    lineage.awaitRunning(ItKit.WAIT);
    settings =
        ImpactSettings.defaults(TrustAnchors.of(List.of(root.publicKey())))
            .with(ImpactSettings.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers())
            .with(ImpactSettings.TOPIC_PREFIX, topics.prefix())
            .with(ImpactSettings.APPLICATION_ID, "impact-" + name)
            .with(ImpactSettings.STATE_DIR, dir.resolve("impact-state"))
            .with(ImpactSettings.LINEAGE_HTTP, List.of(URI.create(api.baseUrl())))
            .with(ImpactSettings.SERVICE_KEY, service)
            .with(ImpactSettings.ADMIN_KEY, root)
            .with(ImpactSettings.CAS, dir.resolve("cas"))
            .with(ImpactSettings.VAULT, dir.resolve("vault"))
            .withOverrides(Map.of("commit.interval.ms", "100", "num.stream.threads", "1"));
    startImpact();

    for (SeedScenario.SeedRecord r : seed.records()) {
      if (r.target() != SeedScenario.Target.KEYS) {
        kit.send(r.target().topic(topics), r.key(), r.value());
      }
    }
    await()
        .atMost(ItKit.WAIT)
        .ignoreExceptions()
        .until(
            () ->
                ItKit.get(api.baseUrl() + "/v1/nodes/" + seed.model())
                    .path("kind")
                    .asText()
                    .equals("MODEL"));
  }

  /** The impact service on its own HTTP server, which the deploy gate asks. */
  static void startImpact() throws Exception {
    impactApi = ApiServer.bind("127.0.0.1", 0);
    impact =
        new ImpactServiceApp(
            settings.with(ImpactSettings.APPLICATION_SERVER, "127.0.0.1:" + impactApi.port()),
            CLOCK);
    impact.mountHttp(impactApi);
    impactApi.start();
    lineage.obligationsFrom(URI.create(impactApi.baseUrl()));
    impact.start();
    impact.awaitRunning(ItKit.WAIT);
  }

  static void stopImpact() {
    impact.close(Duration.ofSeconds(30));
    impactApi.close();
  }

  @AfterAll
  static void stopEverything() {
    if (impact != null) {
      stopImpact();
    }
    if (lineage != null) {
      lineage.close();
    }
    if (api != null) {
      api.close();
    }
  }

  static String recordSet(String requestId) {
    return Digest.of(Sha256.newDigest().digest(requestId.getBytes(StandardCharsets.UTF_8)))
        .toString();
  }

  static byte[] deletion(String id, Instant deadline) {
    return deletion(id, deadline, recordSet(id));
  }

  static byte[] deletion(String id, Instant deadline, String records) {
    DeletionRequested.Builder b =
        DeletionRequested.newBuilder()
            .setRequestId(id)
            .setSubject(SeedScenario.SOURCE)
            .setRecordSet(new RecordSet(records, 2L, "vault:" + id, true))
            .setSignedAt(Instant.now());
    if (deadline != null) {
      b.setDeadline(deadline);
    }
    return AvroEnvelopes.sign(EventType.DELETION_REQUESTED, b.build(), gdpr);
  }

  static RetrainingTriggered trigger(String request) {
    return kit
        .awaitEvents(
            topics.retrainingTriggers().name(),
            EventType.RETRAINING_TRIGGERED,
            all -> all.stream().anyMatch(t -> t.getRequestId().equals(request)))
        .stream()
        .filter(t -> t.getRequestId().equals(request))
        .findFirst()
        .orElseThrow();
  }

  static JsonNode status(String request) throws Exception {
    JsonNode body = ItKit.get(impactApi.baseUrl() + "/v1/obligations?request=" + request);
    return body.path("requests").path(0);
  }

  static JsonNode awaitState(String request, String state) {
    return await()
        .atMost(ItKit.WAIT)
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(() -> status(request), s -> state.equals(s.path("state").asText()));
  }

  /**
   * A retraining in the graph: a clean dataset, a run trained on {@code input}, its new model and
   * its signed manifest (declaring {@code excluded} when not null) in the CAS.
   */
  static void retraining(String run, String input, String newModel, String excluded)
      throws Exception {
    TrainingManifest.Builder b =
        TrainingManifest.builder()
            .subject("model_m92", Digest.parse(newModel))
            .dataset("features_clean", Digest.parse(input))
            .codeCommit("0123456789abcdef0123456789abcdef01234567")
            .lockfile(new ArtifactRef("poetry.lock", Digest.parse("sha256:" + "1".repeat(64))))
            .containerImage("oci:ghcr.io/acme/trainer@sha256:" + "a".repeat(64))
            .seed("global", 1829)
            .hardware(new HardwareFingerprint("amd64", "Xeon", 2, null, 0))
            .createdAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    if (excluded != null) {
      b.excludedRecordSet(Digest.parse(excluded));
    }
    String manifest =
        SignedManifests.store(
                SignedManifests.sign(b.build(), producer), new ContentStore(dir.resolve("cas")))
            .toString();
    if (!input.equals(seed.features())) {
      kit.send(
          topics.artifacts().name(),
          input,
          ItKit.artifact(input, ArtifactKind.DATASET, "features_clean", 998L, producer));
    }
    kit.send(
        topics.runs().name(),
        run,
        ItKit.run(run, "model_training", List.of(input), List.of(newModel), manifest, producer));
    kit.send(
        topics.artifacts().name(),
        newModel,
        ItKit.artifact(newModel, ArtifactKind.MODEL, "model_m92", null, producer));
  }

  static byte[] completion(RetrainingTriggered t, String newModel, String run) {
    return AvroEnvelopes.sign(
        EventType.RETRAINING_COMPLETED,
        RetrainingCompleted.newBuilder()
            .setTriggerId(t.getTriggerId())
            .setRequestId(t.getRequestId())
            .setModelId(t.getModelId())
            .setNewModelDigest(newModel)
            .setTrainingRunId(run)
            .setSignedAt(Instant.now())
            .build(),
        producer);
  }

  static ConsumerRecord<byte[], byte[]> awaitRejected(byte[] value) {
    return await()
        .atMost(ItKit.WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                kit.committed(topics.rejected().name()).stream()
                    .filter(r -> Arrays.equals(r.value(), value))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  static final List<String> RECORD_KEYS =
      List.of("jane.doe@example.com", "customer-0042-7f3a", "+44 20 7946 0018");

  @Test
  void aCompletionDeclaringTheExclusionFulfilsTheRequestAndTheGateSaysSuperseded()
      throws Exception {
    // the list lives in the vault, as lineage delete keeps it
    RecordListVault vault = RecordListVault.at(dir.resolve("vault"), Clock.systemUTC());
    String records =
        vault
            .store(
                "ob-1",
                new java.io.ByteArrayInputStream(
                    (String.join("\n", RECORD_KEYS) + "\n").getBytes(StandardCharsets.UTF_8)))
            .digest()
            .toString();
    kit.send(topics.deletionRequests().name(), "ob-1", deletion("ob-1", null, records));
    RetrainingTriggered t = trigger("ob-1");
    assertThat(awaitState("ob-1", "TRIGGERED").path("obligations").size()).isEqualTo(1);
    // while the request is open, a PRODUCER key (the orchestrator's) fetches the list; an
    // APPROVER-only key is refused, an unknown request is a 404, an unsigned call a 401
    LineageApiClient client = LineageApiClient.builder(URI.create(impactApi.baseUrl())).build();
    RecordListContent list = client.recordList("ob-1", producer);
    assertThat(list.recordSetDigest()).isEqualTo(records);
    assertThat(Sha256.of(list.saltedList().getBytes(StandardCharsets.UTF_8)).toString())
        .isEqualTo(records);
    assertThat(RecordList.keys(list.saltedList().getBytes(StandardCharsets.UTF_8)))
        .containsExactlyElementsOf(RECORD_KEYS);
    assertThat(refusal(() -> client.recordList("ob-1", approver)))
        .extracting(ApiErrorException::status, ApiErrorException::reason)
        .containsExactly(403, "wrong-role");
    assertThat(refusal(() -> client.recordList("ob-unknown", producer)))
        .extracting(ApiErrorException::status, ApiErrorException::reason)
        .containsExactly(404, "unknown-record-list");
    assertThat(
            refusal(() -> client.get("/v1/record-lists/ob-1", Map.of(), RecordListContent.class)))
        .extracting(ApiErrorException::status, ApiErrorException::reason)
        .containsExactly(401, "unauthorized");
    String clean = "sha256:" + "c1".repeat(32);
    String newModel = "sha256:" + "d1".repeat(32);
    retraining("run:retrain_ob1", clean, newModel, records);

    kit.send(topics.obligations().name(), "ob-1", completion(t, newModel, "run:retrain_ob1"));

    JsonNode s = awaitState("ob-1", "FULFILLED");
    JsonNode o = s.path("obligations").path(0);
    assertThat(o.path("status").asText()).isEqualTo("RETRAINED");
    assertThat(o.path("supersededBy").asText()).isEqualTo(newModel);
    assertThat(o.path("signer").asText()).isEqualTo(producer.keyId());
    JsonNode gate =
        await()
            .atMost(ItKit.WAIT)
            .ignoreExceptions()
            .until(
                () -> ItKit.get(api.baseUrl() + "/v1/deployments/" + seed.model()),
                d -> d.path("supersededBy").isTextual());
    assertThat(gate.path("approved").asBoolean()).isFalse();
    assertThat(gate.path("reasons").findValuesAsText("code"))
        .contains(ObligationReasons.SUPERSEDED_BY);
    // the list is erased once the request is fulfilled, and the signed fact is in its trail
    JsonNode erased =
        await()
            .atMost(ItKit.WAIT)
            .ignoreExceptions()
            .until(() -> status("ob-1"), x -> x.path("erasures").size() > 0);
    assertThat(erased.path("erasures").path(0).path("kind").asText()).isEqualTo("RECORD_LIST");
    assertThat(erased.path("erasures").path(0).path("digests").path(0).asText()).isEqualTo(records);
    assertThat(erased.path("erasures").path(0).path("signer").asText()).isEqualTo(service.keyId());
    assertThat(vault.find("ob-1").orElseThrow().state()).isEqualTo(RecordListVault.State.ERASED);
    assertThat(listErased("ob-1").getReason()).isEqualTo(RecordListErasureReason.FULFILLED);
    ApiErrorException gone = refusal(() -> client.recordList("ob-1", producer));
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.reason()).isEqualTo("record-list-erased");
    assertThat(gone.getMessage()).contains("ob-1", "erased at");
    // the affected data snapshot (features_v47) is erased from the CAS for a fulfilled request
    // (this one, or one of this class fulfilled before it): a tombstone keeps its digest, size and
    // the signed fact, which is on the topic; reads answer 410 naming the request; the graph
    // keeps its node
    Digest features = Digest.parse(seed.features());
    ContentStore cas = new ContentStore(dir.resolve("cas"));
    Tombstone tomb =
        await()
            .atMost(ItKit.WAIT)
            .until(() -> cas.erasure(features), java.util.Optional::isPresent)
            .orElseThrow();
    String erasedFor = tomb.fact().requestId();
    assertThat(erasedFor).startsWith("ob-");
    ConsumerRecord<byte[], byte[]> published =
        await()
            .atMost(ItKit.WAIT)
            .until(
                () ->
                    kit.committed(topics.obligations().name()).stream()
                        .filter(r -> Arrays.equals(r.value(), tomb.fact().signedEnvelope()))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    SnapshotErased snapshotFact =
        EventType.SNAPSHOT_ERASED.decode(
            dev.lineage.schemas.EnvelopeCodec.standard().decode(published.value()));
    assertThat(snapshotFact.getRequestId()).isEqualTo(erasedFor);
    assertThat(snapshotFact.getSnapshots())
        .extracting(dev.lineage.avro.ErasedSnapshot::getDigest)
        .containsExactly(seed.features());
    assertThat(
            new dev.lineage.signing.Verifier(List.of(service.publicKey()))
                .verify(AvroEnvelopes.fromRecordValue(published.value()))
                .verified())
        .isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cas.readBytes(features))
        .isInstanceOf(ErasedObjectException.class)
        .hasMessageContaining("erased for request " + erasedFor);
    JsonNode object = ItKit.get(impactApi.baseUrl() + "/v1/objects/" + features);
    assertThat(object.path("httpStatus").asInt()).isEqualTo(410);
    assertThat(object.path("reason").asText()).isEqualTo("erased");
    assertThat(object.path("message").asText()).contains("erased for request " + erasedFor);
    assertThat(
            ItKit.get(impactApi.baseUrl() + "/v1/objects/" + seed.model()).path("state").asText())
        .isEqualTo("STORED");
    JsonNode node = ItKit.get(api.baseUrl() + "/v1/nodes/" + features);
    assertThat(node.path("kind").asText()).isEqualTo("DATASET");
    // lineage-streams' node view marks it, from the tombstone's verified fact
    assertThat(node.path("erased").path("requestId").asText()).isEqualTo(erasedFor);
    assertThat(node.path("erased").path("at").asText())
        .isEqualTo(snapshotFact.getErasedAt().toString());
    assertThat(node.path("erased").path("fact").asText())
        .isEqualTo(AvroEnvelopes.digest(tomb.fact().signedEnvelope()).toString());
    assertThat(ItKit.get(api.baseUrl() + "/v1/nodes/" + seed.model()).has("erased")).isFalse();
    // nor in the broker's own log segments (the embedded broker's, under target/testkit-kafka):
    // no topic ever carried a record key, only the salted list's digest
    Path brokerData = Path.of("target", "testkit-kafka");
    if ("embedded".equals(KAFKA.backend()) && Files.isDirectory(brokerData)) {
      int segments = 0;
      try (java.util.stream.Stream<Path> files = Files.walk(brokerData)) {
        for (Path f :
            files
                .filter(Files::isRegularFile)
                .filter(f -> f.getFileName().toString().endsWith(".log"))
                .toList()) {
          segments++;
          String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          for (String key : RECORD_KEYS) {
            assertThat(text).as(f.toString()).doesNotContain(key);
          }
        }
      }
      assertThat(segments).isPositive();
    }
    // and no record key is anywhere in the data directory: topics' state, stores, CAS, vault
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String key : RECORD_KEYS) {
          assertThat(text).as(f.toString()).doesNotContain(key);
        }
      }
    }
  }

  static ApiErrorException refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return (ApiErrorException)
        org.assertj.core.api.Assertions.catchThrowableOfType(ApiErrorException.class, call);
  }

  static RecordListErased listErased(String request) {
    return await()
        .atMost(ItKit.WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                kit.eventsOfType(topics.obligations().name(), EventType.RECORD_LIST_ERASED).stream()
                    .filter(e -> e.getRequestId().equals(request))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  @Test
  void aDeletionWhoseRecordSetIsNotADigestIsRefusedWithInvalidDigest() throws Exception {
    // before: the request was accepted and its obligation required no exclusion at all
    byte[] malformed = deletion("ob-9", null, "sha256:not-a-digest");

    kit.send(topics.deletionRequests().name(), "ob-9", malformed);

    ConsumerRecord<byte[], byte[]> r = awaitRejected(malformed);
    assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("invalid-digest");
    assertThat(header(r, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.deletionRequests().name());
    // a valid request sent after it is triggered; the refused one never is
    kit.send(topics.deletionRequests().name(), "ob-9b", deletion("ob-9b", null));
    trigger("ob-9b");
    assertThat(
            kit.events(topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED).stream()
                .filter(t -> t.getRequestId().equals("ob-9")))
        .isEmpty();
    assertThat(status("ob-9").isMissingNode()).isTrue();
  }

  /**
   * A bug report gets the same obligations: its trigger opens one for the model (closed by a
   * retraining, which for a bug declares no exclusion), and each prediction artifact its report
   * lists opens one to invalidate it, which only the key that registered the prediction closes. The
   * request is FULFILLED only when both are closed.
   */
  @Test
  void aBugReportsModelAndPredictionObligationsCloseByARetrainingAndTheOwnersInvalidation()
      throws Exception {
    String raw = "sha256:" + "b1".repeat(32);
    String extracted = "sha256:" + "b2".repeat(32);
    String model = "sha256:" + "b3".repeat(32);
    String batch = "sha256:" + "b4".repeat(32);
    String scores = "sha256:" + "b5".repeat(32);
    kit.send(
        topics.artifacts().name(),
        raw,
        ItKit.artifact(raw, ArtifactKind.DATASET, "bug_raw", 100L, producer));
    kit.send(
        topics.artifacts().name(),
        extracted,
        ItKit.artifact(extracted, ArtifactKind.DATASET, "bug_features", 100L, producer));
    kit.send(
        topics.artifacts().name(),
        model,
        ItKit.artifact(model, ArtifactKind.MODEL, "bug_model", null, producer));
    kit.send(
        topics.artifacts().name(),
        batch,
        ItKit.artifact(batch, ArtifactKind.DATASET, "bug_batch", 10L, producer));
    kit.send(
        topics.artifacts().name(),
        scores,
        ItKit.artifact(scores, ArtifactKind.PREDICTIONS, "bug_scores", 10L, producer));
    kit.send(
        topics.runs().name(),
        "run:extract_ob8",
        ItKit.run("run:extract_ob8", "extractor_ob8", List.of(raw), List.of(extracted), producer));
    kit.send(
        topics.runs().name(),
        "run:train_ob8",
        ItKit.run("run:train_ob8", "trainer_ob8", List.of(extracted), List.of(model), producer));
    kit.send(
        topics.runs().name(),
        "run:score_ob8",
        ItKit.run("run:score_ob8", "scorer_ob8", List.of(model, batch), List.of(scores), producer));
    await()
        .atMost(ItKit.WAIT)
        .ignoreExceptions()
        .until(
            () ->
                ItKit.get(api.baseUrl() + "/v1/nodes/" + scores)
                    .path("kind")
                    .asText()
                    .equals("PREDICTIONS"));
    Instant now = Instant.now();
    byte[] bug =
        AvroEnvelopes.sign(
            EventType.BUG_REPORTED,
            dev.lineage.avro.BugReported.newBuilder()
                .setReportId("bug-ob8")
                .setProcessName("extractor_ob8")
                .setWindowStart(now.minus(Duration.ofHours(1)))
                .setWindowEnd(now.plus(Duration.ofHours(1)))
                .setDescription("a join dropped a filter")
                .setSignedAt(now)
                .build(),
            producer);

    kit.send(topics.bugReports().name(), "bug-ob8", bug);

    RetrainingTriggered t = trigger("bug-ob8");
    assertThat(t.getModelId()).isEqualTo(model);
    assertThat(t.getRecordSet()).isNull();
    JsonNode opened =
        await()
            .atMost(ItKit.WAIT)
            .pollInterval(Duration.ofMillis(300))
            .ignoreExceptions()
            .until(
                () -> status("bug-ob8"),
                s -> s.path("analysed").asBoolean() && s.path("obligations").size() == 2);
    assertThat(opened.path("state").asText()).isEqualTo("TRIGGERED");
    assertThat(opened.path("cause").asText()).isEqualTo("BUG");
    JsonNode prediction = byAction(opened, "INVALIDATE");
    assertThat(prediction.path("modelId").asText()).isEqualTo(scores);
    assertThat(prediction.path("status").asText()).isEqualTo("OPEN");
    assertThat(byAction(opened, "RETRAIN").path("modelId").asText()).isEqualTo(model);

    // the model retrained on a fresh dataset (a bug deletes nothing: no exclusion to declare)
    String clean = "sha256:" + "c8".repeat(32);
    String newModel = "sha256:" + "d8".repeat(32);
    retraining("run:retrain_ob8", clean, newModel, null);
    kit.send(topics.obligations().name(), "bug-ob8", completion(t, newModel, "run:retrain_ob8"));
    JsonNode retrained =
        await()
            .atMost(ItKit.WAIT)
            .pollInterval(Duration.ofMillis(300))
            .ignoreExceptions()
            .until(
                () -> status("bug-ob8"),
                s -> "RETRAINED".equals(byAction(s, "RETRAIN").path("status").asText()));
    // still open: the prediction is not invalidated yet
    assertThat(retrained.path("state").asText()).isEqualTo("TRIGGERED");

    // another producer's invalidation closes nothing: only the prediction's owner may
    byte[] notMine = invalidation("bug-ob8", scores, "withdrawn", otherProducer);
    kit.send(topics.obligations().name(), "bug-ob8", notMine);
    assertThat(header(awaitRejected(notMine), RejectedHeaders.REASON))
        .isEqualTo(ObligationReasons.INVALIDATOR_NOT_OWNER);
    // nor one of a prediction the report does not list (after the grace)
    byte[] unlisted = invalidation("bug-ob8", batch, "withdrawn", producer);
    kit.send(topics.obligations().name(), "bug-ob8", unlisted);
    assertThat(header(awaitRejected(unlisted), RejectedHeaders.REASON))
        .isEqualTo(ObligationReasons.UNKNOWN_PREDICTION);
    assertThat(status("bug-ob8").path("state").asText()).isEqualTo("TRIGGERED");

    byte[] mine = invalidation("bug-ob8", scores, "scores of extractor_ob8 withdrawn", producer);
    kit.send(topics.obligations().name(), "bug-ob8", mine);

    JsonNode done = awaitState("bug-ob8", "FULFILLED");
    JsonNode invalidated = byAction(done, "INVALIDATE");
    assertThat(invalidated.path("status").asText()).isEqualTo("INVALIDATED");
    assertThat(invalidated.path("signer").asText()).isEqualTo(producer.keyId());
    assertThat(invalidated.path("closedBy").asText())
        .isEqualTo(AvroEnvelopes.digest(mine).toString());
    // the deploy gate knows the bug's model was replaced
    JsonNode gate =
        await()
            .atMost(ItKit.WAIT)
            .ignoreExceptions()
            .until(
                () -> ItKit.get(api.baseUrl() + "/v1/deployments/" + model),
                d -> d.path("supersededBy").isTextual());
    assertThat(gate.path("supersededBy").asText()).isEqualTo(newModel);
    // a bug report has no record list and no snapshot to erase
    assertThat(done.path("erasures").size()).isZero();
  }

  static JsonNode byAction(JsonNode request, String action) {
    for (JsonNode o : request.path("obligations")) {
      if (action.equals(o.path("action").asText())) {
        return o;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  static byte[] invalidation(String request, String prediction, String why, Signer signer) {
    return AvroEnvelopes.sign(
        EventType.PREDICTION_INVALIDATED,
        dev.lineage.avro.PredictionInvalidated.newBuilder()
            .setRequestId(request)
            .setPredictionId(prediction)
            .setReason(why)
            .setSignedAt(Instant.now())
            .build(),
        signer);
  }

  @Test
  void anUnfulfilledRequestsListIsErasedOnceItsRetentionRunsOut() throws Exception {
    RecordListVault vault = RecordListVault.at(dir.resolve("vault"), Clock.systemUTC());
    String records =
        vault
            .store(
                "ob-7",
                new java.io.ByteArrayInputStream(
                    (String.join("\n", RECORD_KEYS) + "\n").getBytes(StandardCharsets.UTF_8)))
            .digest()
            .toString();
    kit.send(topics.deletionRequests().name(), "ob-7", deletion("ob-7", null, records));
    trigger("ob-7");
    awaitState("ob-7", "TRIGGERED");
    assertThat(vault.find("ob-7").orElseThrow().state()).isEqualTo(RecordListVault.State.STORED);

    CLOCK.shift = settings.recordListRetention().plusDays(1);
    try {
      RecordListErased fact = listErased("ob-7");
      assertThat(fact.getReason()).isEqualTo(RecordListErasureReason.RETENTION_EXPIRED);
      assertThat(fact.getRecordSetDigest()).isEqualTo(records);
      assertThat(vault.find("ob-7").orElseThrow().state()).isEqualTo(RecordListVault.State.ERASED);
      // the obligation stays open: the retraining is still owed, only the list is gone
      assertThat(status("ob-7").path("state").asText()).isIn("TRIGGERED", "OVERDUE");
      // a fetch signed by today's clock is stale to a service 91 days ahead
      LineageApiClient client = LineageApiClient.builder(URI.create(impactApi.baseUrl())).build();
      assertThat(refusal(() -> client.recordList("ob-7", producer)).reason())
          .isEqualTo("stale-request");
    } finally {
      CLOCK.shift = Duration.ZERO;
    }
    LineageApiClient client = LineageApiClient.builder(URI.create(impactApi.baseUrl())).build();
    assertThat(refusal(() -> client.recordList("ob-7", producer)))
        .extracting(ApiErrorException::status, ApiErrorException::reason)
        .containsExactly(410, "record-list-erased");
  }

  @Test
  void aCompletionWhoseManifestDoesNotDeclareTheExclusionIsRejectedWithTheReason()
      throws Exception {
    kit.send(topics.deletionRequests().name(), "ob-2", deletion("ob-2", null));
    RetrainingTriggered t = trigger("ob-2");
    awaitState("ob-2", "TRIGGERED");
    String clean = "sha256:" + "c2".repeat(32);
    String newModel = "sha256:" + "d2".repeat(32);
    retraining("run:retrain_ob2", clean, newModel, null);
    byte[] done = completion(t, newModel, "run:retrain_ob2");

    kit.send(topics.obligations().name(), "ob-2", done);

    ConsumerRecord<byte[], byte[]> r = awaitRejected(done);
    assertThat(header(r, RejectedHeaders.REASON))
        .isEqualTo(ObligationReasons.EXCLUSION_NOT_DECLARED);
    assertThat(header(r, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.obligations().name());
    assertThat(status("ob-2").path("state").asText()).isEqualTo("TRIGGERED");
  }

  @Test
  void aCompletionThatReusesTheAffectedDatasetIsRejectedWithTheReason() throws Exception {
    kit.send(topics.deletionRequests().name(), "ob-6", deletion("ob-6", null));
    RetrainingTriggered t = trigger("ob-6");
    awaitState("ob-6", "TRIGGERED");
    String newModel = "sha256:" + "d6".repeat(32);
    retraining("run:retrain_ob6", seed.features(), newModel, recordSet("ob-6"));
    byte[] done = completion(t, newModel, "run:retrain_ob6");

    kit.send(topics.obligations().name(), "ob-6", done);

    assertThat(header(awaitRejected(done), RejectedHeaders.REASON))
        .isEqualTo(ObligationReasons.AFFECTED_SNAPSHOT_REUSED);
  }

  @Test
  void anAssessmentByTheModelsOwnProducerIsRejected() throws Exception {
    kit.send(topics.deletionRequests().name(), "ob-3", deletion("ob-3", null));
    RetrainingTriggered t = trigger("ob-3");
    awaitState("ob-3", "TRIGGERED");
    byte[] kept =
        AvroEnvelopes.sign(
            EventType.IMPACT_ASSESSED,
            ImpactAssessed.newBuilder()
                .setTriggerId(t.getTriggerId())
                .setRequestId("ob-3")
                .setModelId(t.getModelId())
                .setDecision(AssessmentDecision.KEEP)
                .setJustification("2 records of 1000")
                .setGuarantee(new PrivacyGuarantee("gaussian", "1", "0.00001"))
                .setSignedAt(Instant.now())
                .build(),
            producer);

    kit.send(topics.obligations().name(), "ob-3", kept);

    assertThat(header(awaitRejected(kept), RejectedHeaders.REASON))
        .isEqualTo(ObligationReasons.ASSESSOR_PRODUCED_MODEL);
    assertThat(status("ob-3").path("state").asText()).isEqualTo("TRIGGERED");
  }

  @Test
  void theDeadlinePassingByTheInjectedClockMakesTheRequestOverdueAndTheGateRefuses()
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofHours(1));
    kit.send(topics.deletionRequests().name(), "ob-4", deletion("ob-4", deadline));
    trigger("ob-4");
    awaitState("ob-4", "TRIGGERED");

    CLOCK.shift = Duration.ofHours(2);
    try {
      JsonNode s = awaitState("ob-4", "OVERDUE");
      assertThat(s.path("obligations").path(0).path("status").asText()).isEqualTo("OVERDUE");
      JsonNode gate =
          await()
              .atMost(ItKit.WAIT)
              .ignoreExceptions()
              .until(
                  () -> ItKit.get(api.baseUrl() + "/v1/deployments/" + seed.model()),
                  d ->
                      d.path("reasons")
                          .findValuesAsText("code")
                          .contains(ObligationReasons.OBLIGATION_OVERDUE));
      assertThat(gate.path("approved").asBoolean()).isFalse();
      assertThat(gate.path("obligations").findValuesAsText("requestId")).contains("ob-4");
    } finally {
      CLOCK.shift = Duration.ZERO;
    }
  }

  @Test
  void aRestartOfTheImpactServiceInTheMiddleLosesNothingAndDoublesNothing() throws Exception {
    kit.send(topics.deletionRequests().name(), "ob-5", deletion("ob-5", null));
    RetrainingTriggered t = trigger("ob-5");
    awaitState("ob-5", "TRIGGERED");
    String clean = "sha256:" + "c5".repeat(32);
    String newModel = "sha256:" + "d5".repeat(32);
    retraining("run:retrain_ob5", clean, newModel, recordSet("ob-5"));

    stopImpact();
    // the completion arrives while the service is down; the request is sent again, as a retry would
    kit.send(topics.obligations().name(), "ob-5", completion(t, newModel, "run:retrain_ob5"));
    kit.send(topics.deletionRequests().name(), "ob-5", deletion("ob-5", null));
    startImpact();

    JsonNode s = awaitState("ob-5", "FULFILLED");
    assertThat(s.path("obligations").size()).isEqualTo(1);
    assertThat(s.path("obligations").path(0).path("status").asText()).isEqualTo("RETRAINED");
    assertThat(
            kit.events(topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED).stream()
                .filter(x -> x.getRequestId().equals("ob-5"))
                .count())
        .isEqualTo(1);
    assertThat(
            kit.committed(topics.rejected().name()).stream()
                .filter(
                    r ->
                        r.key() != null
                            && new String(r.key(), StandardCharsets.UTF_8).equals("ob-5"))
                .count())
        .isZero();
  }
}
