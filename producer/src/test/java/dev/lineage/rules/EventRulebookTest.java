package dev.lineage.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.DeploymentApproved;
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
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventRulebookTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = T0.plusSeconds(600);
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final String OTHER_DIGEST = "sha256:" + "cd".repeat(32);
  static final PublicKey KEY = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256).getPublic();

  static ArtifactRegistered artifact(Consumer<ArtifactRegistered.Builder> change) {
    ArtifactRegistered.Builder b =
        ArtifactRegistered.newBuilder()
            .setNodeId(DIGEST)
            .setKind(ArtifactKind.DATASET)
            .setName("features_v47")
            .setVersion("47")
            .setAttributes(Map.of())
            .setSignedAt(T0);
    change.accept(b);
    return b.build();
  }

  static RunCompleted run(Consumer<RunCompleted.Builder> change) {
    RunCompleted.Builder b =
        RunCompleted.newBuilder()
            .setRunId("run:training_j1829")
            .setProcessName("model_training")
            .setProcessVersion("1.0")
            .setInputs(List.of(DIGEST))
            .setOutputs(List.of(OTHER_DIGEST))
            .setStartedAt(T0)
            .setEndedAt(T1)
            .setEnvironment(Map.of())
            .setAttributes(Map.of())
            .setSignedAt(T1);
    change.accept(b);
    return b.build();
  }

  static DeletionRequested deletion(Consumer<DeletionRequested.Builder> change) {
    DeletionRequested.Builder b =
        DeletionRequested.newBuilder()
            .setRequestId("gdpr-1")
            .setSubject("source:transactions_q1")
            .setRecordSet(
                RecordSet.newBuilder()
                    .setDigest(DIGEST)
                    .setCount(3)
                    .setLocation("cas:" + DIGEST)
                    .setSalted(true)
                    .build())
            .setSignedAt(T1);
    change.accept(b);
    return b.build();
  }

  static BugReported bug(Consumer<BugReported.Builder> change) {
    BugReported.Builder b =
        BugReported.newBuilder()
            .setReportId("bug-1")
            .setProcessName("fraud_signal_extractor")
            .setWindowStart(T0)
            .setWindowEnd(T1)
            .setSignedAt(T1);
    change.accept(b);
    return b.build();
  }

  static KeyGranted grant(Consumer<KeyGranted.Builder> change) {
    KeyGranted.Builder b =
        KeyGranted.newBuilder()
            .setKeyId(KeyPairs.keyId(KEY))
            .setAlgorithm(EventRulebook.keyAlgorithm(KeyPairs.algorithmOf(KEY)))
            .setPublicKeyPem(KeyPairs.publicKeyPem(KEY))
            .setRoles(List.of(Role.PRODUCER))
            .setValidFrom(T0)
            .setSignedAt(T0);
    change.accept(b);
    return b.build();
  }

  static DeploymentApproved approval(Consumer<DeploymentApproved.Builder> change) {
    DeploymentApproved.Builder b =
        DeploymentApproved.newBuilder()
            .setModelDigest(DIGEST)
            .setManifestDigest(OTHER_DIGEST)
            .setDecision(ApprovalDecision.APPROVED)
            .setSignedAt(T1);
    change.accept(b);
    return b.build();
  }

  /**
   * One row: an event, the reason and field of its first violation for publishers and for readers
   * ({@code null}: no violation).
   */
  static Stream<Arguments> table() {
    return Stream.of(
        row("a valid artifact", artifact(b -> {}), null, null, null),
        row(
            "an artifact id that is a run",
            artifact(b -> b.setNodeId("run:r1")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "nodeId"),
        row(
            "an artifact id that is a name: reference",
            artifact(b -> b.setNodeId("name:features_v47")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "nodeId"),
        row(
            "an image by tag",
            artifact(
                b -> b.setNodeId("oci:ghcr.io/acme/trainer").setKind(ArtifactKind.CONTAINER_IMAGE)),
            Reason.MUTABLE_REFERENCE,
            Reason.MUTABLE_REFERENCE,
            "nodeId"),
        row(
            "an artifact name with a space (names are referenced as name:)",
            artifact(b -> b.setName("features v47")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "name"),
        row(
            "a negative record count (hygiene: publishers only)",
            artifact(b -> b.setRecordCount(-1L)),
            Reason.MALFORMED,
            null,
            "recordCount"),
        row("a valid run", run(b -> {}), null, null, null),
        row(
            "a process name with a space",
            run(b -> b.setProcessName("fraud extractor")),
            null,
            null,
            null),
        row(
            "a process version with a space",
            run(b -> b.setProcessVersion("2.3 beta")),
            null,
            null,
            null),
        row(
            "a process name with a control character",
            run(b -> b.setProcessName("fraud\u0000extractor")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "processName"),
        row(
            "a process name longer than 200",
            run(b -> b.setProcessName("p".repeat(201))),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "processName"),
        row(
            "a run ending before 1970",
            run(
                b ->
                    b.setStartedAt(Instant.EPOCH.minusSeconds(60))
                        .setEndedAt(Instant.EPOCH.minusSeconds(1))),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "endedAt"),
        row(
            "a run without inputs (hygiene: publishers only)",
            run(b -> b.setInputs(List.of())),
            Reason.MALFORMED,
            null,
            "inputs"),
        row(
            "a run input that is a name: reference",
            run(b -> b.setInputs(List.of("name:features_v47"))),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "inputs[0]"),
        row(
            "a malformed config digest",
            run(b -> b.setConfigDigest("sha256:XYZ")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "configDigest"),
        row("a valid deletion request", deletion(b -> {}), null, null, null),
        row("a request id with a space", deletion(b -> b.setRequestId("gdpr 1")), null, null, null),
        row(
            "a malformed record-set digest (its exclusion could never be checked)",
            deletion(
                b ->
                    b.setRecordSet(
                        new dev.lineage.avro.RecordSet("sha256:XYZ", 2L, "vault:gdpr-1", true))),
            Reason.INVALID_DIGEST,
            Reason.INVALID_DIGEST,
            "recordSet.digest"),
        row(
            "an empty request id",
            deletion(b -> b.setRequestId("")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "requestId"),
        row(
            "a subject that is a name: reference",
            deletion(b -> b.setSubject("name:features_v47")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "subject"),
        row(
            "a subject that is a run (publishers only)",
            deletion(b -> b.setSubject("run:r1")),
            Reason.INVALID_ID,
            null,
            "subject"),
        row(
            "a subject that is not a node id",
            deletion(b -> b.setSubject("transactions without prefix")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "subject"),
        row("a valid bug report", bug(b -> {}), null, null, null),
        row(
            "a bug in a process named with a space",
            bug(b -> b.setProcessName("fraud extractor")),
            null,
            null,
            null),
        row(
            "a bug report versions with a space (as process versions may have)",
            bug(b -> b.setMinVersion("2.3 beta").setMaxVersion("2.3 rc")),
            null,
            null,
            null),
        row(
            "a bug report window that ends when it starts",
            bug(b -> b.setWindowEnd(T0)),
            Reason.MALFORMED,
            Reason.MALFORMED,
            "windowEnd"),
        row("a valid grant", grant(b -> {}), null, null, null),
        row(
            "a grant whose key id is upper-case hex",
            grant(b -> b.setKeyId("AB".repeat(32))),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "keyId"),
        row(
            "a grant whose key id is not its key's",
            grant(b -> b.setKeyId("ab".repeat(32))),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "keyId"),
        row(
            "a grant of no role (publishers only)",
            grant(b -> b.setRoles(List.of())),
            Reason.MALFORMED,
            null,
            "roles"),
        row(
            "a revocation whose key id is short",
            KeyRevoked.newBuilder().setKeyId("abc").setRevokedFrom(T0).setSignedAt(T0).build(),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "keyId"),
        row("a valid approval", approval(b -> {}), null, null, null),
        row(
            "an approval of a model that is not a digest",
            approval(b -> b.setModelDigest("model_m92")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "modelDigest"),
        row("a valid completion", completion(b -> {}), null, null, null),
        row(
            "a completion whose trigger is not a digest",
            completion(b -> b.setTriggerId("t-1")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "triggerId"),
        row(
            "a completion whose model is a run",
            completion(b -> b.setModelId("run:r1")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "modelId"),
        row(
            "a completion whose training run is an artifact",
            completion(b -> b.setTrainingRunId(OTHER_DIGEST)),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "trainingRunId"),
        row(
            "a completion naming the affected model as the new one (publishers only)",
            completion(b -> b.setNewModelDigest(DIGEST)),
            Reason.MALFORMED,
            null,
            "newModelDigest"),
        row("a valid assessment", assessment(b -> {}), null, null, null),
        row(
            "an assessment of a name: reference",
            assessment(b -> b.setModelId("name:model_m92")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "modelId"),
        row(
            "an assessment deciding UNKNOWN (publishers only: it closes nothing anyway)",
            assessment(b -> b.setDecision(AssessmentDecision.UNKNOWN)),
            Reason.MALFORMED,
            null,
            "decision"),
        row(
            "an assessment without justification (publishers only)",
            assessment(b -> b.setJustification(" ")),
            Reason.MALFORMED,
            null,
            "justification"),
        row(
            "an assessment without a guarantee (publishers only)",
            assessment(b -> b.setGuarantee(null)),
            Reason.MALFORMED,
            null,
            "guarantee"),
        row(
            "an assessment whose epsilon is not a decimal (publishers only)",
            assessment(b -> b.setGuarantee(new PrivacyGuarantee("gaussian", "one", "0.00001"))),
            Reason.MALFORMED,
            null,
            "guarantee.epsilon"),
        row(
            "an assessment whose delta is negative (publishers only)",
            assessment(b -> b.setGuarantee(new PrivacyGuarantee(null, "1", "-0.1"))),
            Reason.MALFORMED,
            null,
            "guarantee.delta"),
        row(
            "a valid record-list erasure",
            RecordListErased.newBuilder()
                .setRequestId("gdpr-1")
                .setRecordSetDigest(DIGEST)
                .setErasedAt(T1)
                .setSignedAt(T1)
                .build(),
            null,
            null,
            null),
        row(
            "a record-list erasure of a set that is not a digest",
            RecordListErased.newBuilder()
                .setRequestId("gdpr-1")
                .setRecordSetDigest("cas:" + DIGEST)
                .setErasedAt(T1)
                .setSignedAt(T1)
                .build(),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "recordSetDigest"),
        row("a valid snapshot erasure", snapshots(List.of(DIGEST, OTHER_DIGEST)), null, null, null),
        row(
            "a snapshot erasure of nothing (publishers only)",
            snapshots(List.of()),
            Reason.MALFORMED,
            null,
            "snapshots"),
        row(
            "a snapshot erased twice in one fact (publishers only)",
            snapshots(List.of(DIGEST, DIGEST)),
            Reason.MALFORMED,
            null,
            "snapshots[1].digest"),
        row(
            "a snapshot that is not a digest",
            snapshots(List.of("source:transactions_q1")),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "snapshots[0].digest"),
        row("a valid invalidation", invalidation(DIGEST, "withdrawn"), null, null, null),
        row(
            "an invalidation of a prediction that is not a digest",
            invalidation("name:scores", "withdrawn"),
            Reason.INVALID_ID,
            Reason.INVALID_ID,
            "predictionId"),
        row(
            "an invalidation without a reason (publishers only)",
            invalidation(DIGEST, " "),
            Reason.MALFORMED,
            null,
            "reason"));
  }

  static dev.lineage.avro.PredictionInvalidated invalidation(String prediction, String reason) {
    return dev.lineage.avro.PredictionInvalidated.newBuilder()
        .setRequestId("bug-1")
        .setPredictionId(prediction)
        .setReason(reason)
        .setSignedAt(T1)
        .build();
  }

  static RetrainingCompleted completion(Consumer<RetrainingCompleted.Builder> change) {
    RetrainingCompleted.Builder b =
        RetrainingCompleted.newBuilder()
            .setTriggerId(OTHER_DIGEST)
            .setRequestId("gdpr 1")
            .setModelId(DIGEST)
            .setNewModelDigest(OTHER_DIGEST)
            .setTrainingRunId("run:retrain_1")
            .setSignedAt(T1);
    change.accept(b);
    return b.build();
  }

  static ImpactAssessed assessment(Consumer<ImpactAssessed.Builder> change) {
    ImpactAssessed.Builder b =
        ImpactAssessed.newBuilder()
            .setTriggerId(OTHER_DIGEST)
            .setRequestId("gdpr-1")
            .setModelId(DIGEST)
            .setDecision(AssessmentDecision.KEEP)
            .setJustification("3 of 2.4M records\nDP-SGD bounds their influence")
            .setGuarantee(new PrivacyGuarantee("gaussian", "1.0", "0.00001"))
            .setSignedAt(T1);
    change.accept(b);
    return b.build();
  }

  static SnapshotErased snapshots(List<String> digests) {
    return SnapshotErased.newBuilder()
        .setRequestId("gdpr-1")
        .setSnapshots(digests.stream().map(d -> new ErasedSnapshot(d, 10L)).toList())
        .setErasedAt(T1)
        .setSignedAt(T1)
        .build();
  }

  static Arguments row(
      String name, SpecificRecordBase event, Reason publish, Reason accept, String field) {
    return Arguments.of(name, event, publish, accept, field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachRowBreaksTheRulesItSaysAtEachStrictness(
      String name, SpecificRecordBase event, Reason publish, Reason accept, String field) {
    assertFirst(EventRulebook.check(event, Strictness.PUBLISH), publish, field);
    assertFirst(EventRulebook.check(event, Strictness.ACCEPT), accept, field);
  }

  private static void assertFirst(List<Violation> violations, Reason code, String field) {
    if (code == null) {
      assertThat(violations).isEmpty();
      return;
    }
    assertThat(violations).isNotEmpty();
    assertThat(violations.get(0).code()).isEqualTo(code);
    assertThat(violations.get(0).field()).isEqualTo(field);
  }

  @Test
  void everyReaderRuleIsAlsoAPublisherRule() {
    table()
        .forEach(
            row -> {
              SpecificRecordBase event = (SpecificRecordBase) row.get()[1];
              List<Violation> accept = EventRulebook.check(event, Strictness.ACCEPT);
              List<Violation> publish = EventRulebook.check(event, Strictness.PUBLISH);
              assertThat(publish).as((String) row.get()[0]).containsAll(accept);
            });
  }

  @Test
  void detailsNeverQuoteTheValueMessagesDo() {
    String secret = "jane.doe@example.com";
    List<Violation> violations =
        EventRulebook.check(
            run(b -> b.setRunId(secret).setInputs(List.of(secret)).setConfigDigest(secret)),
            Strictness.PUBLISH);
    assertThat(violations).hasSizeGreaterThanOrEqualTo(3);
    assertThat(violations).allSatisfy(v -> assertThat(v.detail()).doesNotContain(secret));
    assertThat(violations).anySatisfy(v -> assertThat(v.message()).contains(secret));
  }

  @Test
  void publishersThrowTheFirstViolationAsTheExceptionOfItsKind() {
    assertThatThrownBy(
            () ->
                EventRulebook.requireValid(
                    artifact(
                        b ->
                            b.setNodeId("oci:ghcr.io/acme/trainer:latest")
                                .setKind(ArtifactKind.CONTAINER_IMAGE))))
        .isInstanceOf(MutableReferenceException.class)
        .hasMessageStartingWith("nodeId: ");
    assertThatThrownBy(() -> EventRulebook.requireValid(run(b -> b.setProcessName(""))))
        .isInstanceOf(InvalidIdException.class)
        .hasMessage("process name is empty");
    assertThatThrownBy(() -> EventRulebook.requireValid(run(b -> b.setEndedAt(T0.minusSeconds(1)))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before it started");
  }

  @Test
  void keyIdsAre64LowercaseHex() {
    assertThat(EventRulebook.isKeyId("ab".repeat(32))).isTrue();
    assertThat(EventRulebook.isKeyId("AB".repeat(32))).isFalse();
    assertThat(EventRulebook.isKeyId("ab".repeat(31))).isFalse();
    assertThat(EventRulebook.isKeyId(null)).isFalse();
  }

  @Test
  void reasonsKeepTheirWireStrings() {
    assertThat(Stream.of(Reason.values()).map(Reason::wire))
        .containsExactly(
            "bad-signature",
            "unknown-key",
            "unsigned",
            "revoked-key",
            "expired-key",
            "wrong-role",
            "clock-skew",
            "conflict",
            "name-taken",
            "misrouted",
            "tombstone",
            "malformed",
            "unknown-schema",
            "type-mismatch",
            "invalid-id",
            "mutable-reference",
            "schema-violation",
            "unknown-trigger",
            "trigger-mismatch",
            "obligation-closed",
            "model-not-replaced",
            "run-not-found",
            "model-not-from-run",
            "manifest-missing",
            "manifest-not-producer-signed",
            "manifest-subject-mismatch",
            "exclusion-not-declared",
            "affected-snapshot-reused",
            "assessor-not-approver",
            "assessor-produced-model",
            "assessment-not-keep",
            "justification-missing",
            "guarantee-not-stated",
            "unknown-prediction",
            "invalidator-not-owner",
            "invalidation-reason-missing",
            "invalid-digest");
    for (Reason r : Reason.values()) {
      assertThat(Reason.ofWire(r.wire())).contains(r);
      assertThat(r.toString()).isEqualTo(r.wire());
    }
    assertThat(Reason.ofWire("forged")).isEmpty();
  }
}
