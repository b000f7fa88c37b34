package dev.lineage.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.PrivacyGuarantee;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.compare.Comparison;
import dev.lineage.compare.ScoreFile;
import dev.lineage.compare.Tolerances;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.signing.VerificationResult;
import dev.lineage.signing.Verifier;
import dev.lineage.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LineageClientTest {
  static final KeyPair KEYS = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
  static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123Z");
  static final String FEATURES = "sha256:" + "ab".repeat(32);
  static final String MODEL = "sha256:" + "cd".repeat(32);

  final Signer signer = new Signer(KEYS);
  final Topics topics = Topics.withPrefix("test.");
  MockProducer<byte[], byte[]> producer = mockProducer(true);
  LineageClient client = client(producer);

  static MockProducer<byte[], byte[]> mockProducer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  LineageClient client(MockProducer<byte[], byte[]> mock) {
    return new LineageClient(
        mock,
        topics,
        signer,
        Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofSeconds(5),
        "localhost:9092");
  }

  @AfterEach
  void close() {
    client.close();
  }

  static ArtifactRegistered features() {
    return Events.artifact(FEATURES, ArtifactKind.DATASET, "features_v47")
        .version("47")
        .recordCount(1_250_000L)
        .build();
  }

  DsseEnvelope onlyEnvelope() {
    assertThat(producer.history()).hasSize(1);
    return AvroEnvelopes.fromRecordValue(producer.history().get(0).value());
  }

  @Test
  void registersAnArtifactSignedUnderItsPayloadTypeKeyedByNodeId() throws Exception {
    ArtifactRegistered event = features();

    PublishResult<ArtifactRegistered> result = client.registerArtifact(event).get();

    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("test.artifacts");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(FEATURES);
    DsseEnvelope envelope = onlyEnvelope();
    assertThat(envelope.payloadType()).isEqualTo(EventType.ARTIFACT_REGISTERED.payloadType());
    VerificationResult verified = new Verifier(List.of(KEYS.getPublic())).verify(envelope);
    assertThat(verified.verified()).as(verified.reason()).isTrue();
    ArtifactRegistered decoded =
        EventType.ARTIFACT_REGISTERED.decode(envelope.payloadType(), envelope.payload());
    assertThat(decoded.getSignedAt()).isEqualTo(NOW);
    assertThat(decoded).isEqualTo(result.event());
    assertThat(result.topic()).isEqualTo("test.artifacts");
    assertThat(result.key()).isEqualTo(FEATURES);
    assertThat(result.envelopeDigest()).isEqualTo(AvroEnvelopes.digest(record.value()));
    assertThat(result.position()).isEqualTo("test.artifacts-0@0");
  }

  @Test
  void obligationEventsGoToTheObligationsTopicKeyedByTheirRequest() throws Exception {
    String trigger = "sha256:" + "01".repeat(32);
    PublishResult<RetrainingCompleted> done =
        client.completeRetraining(unsignedCompletion(trigger)).get();
    PublishResult<ImpactAssessed> assessed =
        client
            .assessImpact(
                ImpactAssessed.newBuilder()
                    .setTriggerId(trigger)
                    .setRequestId("gdpr-8")
                    .setModelId(FEATURES)
                    .setDecision(AssessmentDecision.KEEP)
                    .setJustification("3 records of 2.4M under DP-SGD")
                    .setGuarantee(new PrivacyGuarantee("gaussian", "1", "0.00001"))
                    .setSignedAt(NOW)
                    .build())
            .get();
    PublishResult<RecordListErased> erased =
        client
            .recordListErased(
                RecordListErased.newBuilder()
                    .setRequestId("gdpr-9")
                    .setRecordSetDigest(FEATURES)
                    .setErasedAt(NOW)
                    .setSignedAt(NOW)
                    .build())
            .get();
    PublishResult<SnapshotErased> tombstoned =
        client
            .snapshotsErased(
                SnapshotErased.newBuilder()
                    .setRequestId("gdpr-10")
                    .setSnapshots(List.of(new ErasedSnapshot(FEATURES, 12L)))
                    .setErasedAt(NOW)
                    .setSignedAt(NOW)
                    .build())
            .get();

    assertThat(List.of(done.topic(), assessed.topic(), erased.topic(), tombstoned.topic()))
        .containsOnly("test.obligations");
    assertThat(List.of(done.key(), assessed.key(), erased.key(), tombstoned.key()))
        .containsExactly("gdpr-7", "gdpr-8", "gdpr-9", "gdpr-10");
    assertThat(done.event().getSignedAt()).isEqualTo(NOW);
    DsseEnvelope first = AvroEnvelopes.fromRecordValue(producer.history().get(0).value());
    assertThat(first.payloadType()).isEqualTo(EventType.RETRAINING_COMPLETED.payloadType());
  }

  /** Built without a signing time, which the client fills in. */
  static RetrainingCompleted unsignedCompletion(String trigger) {
    RetrainingCompleted c = new RetrainingCompleted();
    c.setTriggerId(trigger);
    c.setRequestId("gdpr-7");
    c.setModelId(FEATURES);
    c.setNewModelDigest(MODEL);
    c.setTrainingRunId("run:retrain_1");
    return c;
  }

  @Test
  void refusesACompletionThatNamesTheAffectedModelAsItsNewOne() {
    RetrainingCompleted same =
        RetrainingCompleted.newBuilder()
            .setTriggerId("sha256:" + "01".repeat(32))
            .setRequestId("gdpr-7")
            .setModelId(MODEL)
            .setNewModelDigest(MODEL)
            .setTrainingRunId("run:retrain_1")
            .setSignedAt(NOW)
            .build();
    assertThatThrownBy(() -> client.completeRetraining(same))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newModelDigest is the affected model");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void leavesTheCallersEventAsItWas() throws Exception {
    ArtifactRegistered event = features();

    client.registerArtifact(event).get();

    assertThat(event.getSignedAt()).isNull();
  }

  @Test
  void keepsASigningTimeTheCallerSet() throws Exception {
    Instant earlier = Instant.parse("2024-12-31T23:59:59.999Z");
    ArtifactRegistered event =
        Events.artifact(FEATURES, ArtifactKind.DATASET, "features_v47").signedAt(earlier).build();

    assertThat(client.registerArtifact(event).get().event().getSignedAt()).isEqualTo(earlier);
  }

  @Test
  void completesARunOnTheRunsTopicKeyedByRunId() throws Exception {
    RunCompleted run =
        Events.run("run:training_j1829", "trainer", "1.4.0")
            .input(FEATURES)
            .output(MODEL)
            .startedAt(NOW.minusSeconds(3600))
            .endedAt(NOW)
            .build();

    PublishResult<RunCompleted> result = client.completeRun(run).get();

    assertThat(result.topic()).isEqualTo("test.runs");
    assertThat(result.key()).isEqualTo("run:training_j1829");
    DsseEnvelope envelope = onlyEnvelope();
    assertThat(EventType.RUN_COMPLETED.decode(envelope.payloadType(), envelope.payload()))
        .isEqualTo(result.event());
  }

  @Test
  void keyEventsGetUniqueRecordKeysPrefixedByKeyIdSoCompactionKeepsThemAll() throws Exception {
    KeyPair producerKey = KeyPairs.generate(Algorithm.ED25519);
    String keyId = KeyPairs.keyId(producerKey.getPublic());

    PublishResult<KeyGranted> grant =
        client
            .grantKey(Events.keyGrant(producerKey.getPublic(), List.of(Role.PRODUCER)).build())
            .get();
    PublishResult<KeyRevoked> revocation =
        client.revokeKey(Events.keyRevocation(keyId).reason("rotated").build()).get();

    assertThat(grant.topic()).isEqualTo("test.keys");
    assertThat(revocation.topic()).isEqualTo("test.keys");
    assertThat(grant.key()).isEqualTo(keyId + "/granted/" + grant.envelopeDigest());
    assertThat(revocation.key()).isEqualTo(keyId + "/revoked/" + revocation.envelopeDigest());
    assertThat(grant.key()).isNotEqualTo(revocation.key());
    assertThat(grant.event().getValidFrom()).isEqualTo(NOW);
    assertThat(revocation.event().getRevokedFrom()).isEqualTo(NOW);
  }

  @Test
  void publishesOtherEventsUnderTheCallersKey() throws Exception {
    DeletionRequested request =
        DeletionRequested.newBuilder()
            .setRequestId("gdpr-2025-0042")
            .setSubject("source:transactions_q1")
            .setRecordSet(
                RecordSet.newBuilder()
                    .setDigest("sha256:" + "12".repeat(32))
                    .setCount(1_204)
                    .setLocation("cas:sha256:" + "12".repeat(32))
                    .build())
            .setSignedAt(NOW)
            .build();

    PublishResult<DeletionRequested> result =
        client.publish(EventType.DELETION_REQUESTED, "gdpr-2025-0042", request).get();

    assertThat(result.topic()).isEqualTo("test.deletion-requests");
    assertThat(result.key()).isEqualTo("gdpr-2025-0042");
    assertThat(result.event()).isEqualTo(request);
  }

  @Test
  void typedRequestMethodsKeyByTheirIds() throws Exception {
    Digest keys = Digest.parse("sha256:" + "12".repeat(32));
    PublishResult<DeletionRequested> deletion =
        client
            .requestDeletion(
                Events.deletion(
                        "gdpr-7",
                        "source:transactions_q1",
                        Events.recordSet(keys, 3, "cas:" + keys))
                    .build())
            .get();
    PublishResult<BugReported> bug =
        client
            .reportBug(
                Events.bugReport("bug-9", "trainer", NOW.minusSeconds(60), NOW)
                    .maxVersion("1.4.0")
                    .build())
            .get();
    ScoreFile scores =
        ScoreFile.parse("s.csv", "p,1,0.9\nn,0,0.1\n".getBytes(StandardCharsets.UTF_8));
    PublishResult<EquivalenceAttested> attestation =
        client
            .attestEquivalence(
                Events.equivalence("run:train_1", "run:train_1_rerun")
                    .outputs(scores.digest(), scores.digest())
                    .comparison(Comparison.of(scores, scores, 0.5, Tolerances.defaults()))
                    .build())
            .get();

    assertThat(deletion.topic()).isEqualTo("test.deletion-requests");
    assertThat(deletion.key()).isEqualTo("gdpr-7");
    assertThat(deletion.event().getSignedAt()).isEqualTo(NOW);
    assertThat(bug.topic()).isEqualTo("test.bug-reports");
    assertThat(bug.key()).isEqualTo("bug-9");
    assertThat(attestation.topic()).isEqualTo("test.runs");
    assertThat(attestation.key()).isEqualTo("run:train_1_rerun");
    assertThat(producer.history())
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactly("gdpr-7", "bug-9", "run:train_1_rerun");
  }

  @Test
  void theGenericMethodRefusesEventsWhoseKeyIsDerived() {
    assertThatThrownBy(() -> client.publish(EventType.ARTIFACT_REGISTERED, "anything", features()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registerArtifact");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void refusesAnInvalidEventAtTheCallAndSendsNothing() {
    RunCompleted run =
        RunCompleted.newBuilder()
            .setRunId("run:r1")
            .setProcessName("trainer")
            .setProcessVersion("1")
            .setInputs(List.of("name:features_v47"))
            .setOutputs(List.of(MODEL))
            .setStartedAt(NOW)
            .setEndedAt(NOW)
            .setEnvironment(Map.of())
            .setAttributes(Map.of())
            .setSignedAt(NOW)
            .build();

    assertThatThrownBy(() -> client.completeRun(run))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("name: reference");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aFailedSendFailsTheFutureWithTheTopicAndTheHint() {
    producer = mockProducer(false);
    client = client(producer);

    CompletableFuture<PublishResult<ArtifactRegistered>> future =
        client.registerArtifact(features());
    producer.errorNext(new TimeoutException("Topic test.artifacts not present in metadata"));

    assertThatThrownBy(future::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            PublishException.class,
            e -> {
              assertThat(e.isTimeout()).isTrue();
              assertThat(e.topic()).isEqualTo("test.artifacts");
              assertThat(e.getMessage())
                  .contains("test.artifacts")
                  .contains("localhost:9092")
                  .contains("reachable");
            });
  }

  @Test
  void aClosedClientFailsTheFutureInsteadOfThrowing() {
    client.close();

    CompletableFuture<PublishResult<ArtifactRegistered>> future =
        client.registerArtifact(features());

    assertThat(future).isCompletedExceptionally();
  }

  @Test
  void theBuilderNeedsServersAndASigner() {
    assertThatThrownBy(() -> LineageClient.builder().signer(signer).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bootstrap");
    assertThatThrownBy(() -> LineageClient.builder().bootstrapServers("localhost:9092").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signer");
  }
}
