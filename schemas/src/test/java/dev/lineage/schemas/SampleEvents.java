package dev.lineage.schemas;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.ImpactStatus;
import dev.lineage.avro.KeyAlgorithm;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.PredictionInvalidated;
import dev.lineage.avro.PrivacyGuarantee;
import dev.lineage.avro.Receipt;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.avro.SnapshotErased;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;

/** One event of each type from the seed scenario, every optional field set or left null. */
final class SampleEvents {
  static final Instant SIGNED = Instant.parse("2025-03-01T10:15:30.123Z");
  static final String FEATURES = "sha256:" + "ab".repeat(32);
  static final String MODEL = "sha256:" + "cd".repeat(32);
  static final String MANIFEST = "sha256:" + "ef".repeat(32);
  static final String KEY_ID = "01".repeat(32);

  private SampleEvents() {}

  static RecordSet recordSet() {
    return RecordSet.newBuilder()
        .setDigest("sha256:" + "12".repeat(32))
        .setCount(1_204)
        .setLocation("cas:sha256:" + "12".repeat(32))
        .build();
  }

  /** Every event with every optional field set, in {@link EventType#all()} order. */
  static List<SpecificRecordBase> full() {
    return List.of(
        ArtifactRegistered.newBuilder()
            .setNodeId(FEATURES)
            .setKind(ArtifactKind.DATASET)
            .setName("features_v47")
            .setVersion("47")
            .setMediaType("application/vnd.apache.parquet")
            .setSizeBytes(73_400_320L)
            .setRecordCount(1_250_000L)
            .setAttributes(Map.of("team", "fraud", "format", "parquet"))
            .setSignedAt(SIGNED)
            .build(),
        RunCompleted.newBuilder()
            .setRunId("run:training_j1829")
            .setProcessName("trainer")
            .setProcessVersion("5.1.0")
            .setConfigDigest("sha256:" + "34".repeat(32))
            .setInputs(List.of(FEATURES, "git:123abc"))
            .setOutputs(List.of(MODEL))
            .setStartedAt(Instant.parse("2025-03-01T08:00:00Z"))
            .setEndedAt(Instant.parse("2025-03-01T10:00:00Z"))
            .setEnvironment(Map.of("cpu.arch", "x86_64", "gpu.type", "A100", "gpu.count", "8"))
            .setManifestDigest(MANIFEST)
            .setAttributes(Map.of("seed", "42"))
            .setSignedAt(SIGNED)
            .build(),
        KeyGranted.newBuilder()
            .setKeyId(KEY_ID)
            .setAlgorithm(KeyAlgorithm.ECDSA_P256_SHA256)
            .setPublicKeyPem("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n")
            .setRoles(List.of(Role.PRODUCER, Role.APPROVER))
            .setValidFrom(Instant.parse("2025-01-01T00:00:00Z"))
            .setValidUntil(Instant.parse("2026-01-01T00:00:00Z"))
            .setSignedAt(SIGNED)
            .build(),
        KeyRevoked.newBuilder()
            .setKeyId(KEY_ID)
            .setRevokedFrom(Instant.parse("2025-02-15T00:00:00Z"))
            .setReason("laptop lost")
            .setSignedAt(SIGNED)
            .build(),
        DeletionRequested.newBuilder()
            .setRequestId("gdpr-2025-0042")
            .setSubject("source:transactions_q1")
            .setRecordSet(recordSet())
            .setReason("Art. 17 request, ticket 8812")
            .setDeadline(Instant.parse("2025-03-31T00:00:00Z"))
            .setSignedAt(SIGNED)
            .build(),
        BugReported.newBuilder()
            .setReportId("bug-311")
            .setProcessName("fraud_signal_extractor")
            .setMinVersion("2.1")
            .setMaxVersion("2.3")
            .setWindowStart(Instant.parse("2024-12-01T00:00:00Z"))
            .setWindowEnd(Instant.parse("2025-03-01T00:00:00Z"))
            .setDescription("merchant category feature shifted by one day")
            .setSignedAt(SIGNED)
            .build(),
        DeploymentApproved.newBuilder()
            .setModelDigest(MODEL)
            .setManifestDigest(MANIFEST)
            .setDecision(ApprovalDecision.APPROVED)
            .setComment("reviewed by the model risk board")
            .setSignedAt(SIGNED)
            .build(),
        RetrainingTriggered.newBuilder()
            .setTriggerId("sha256:" + "56".repeat(32))
            .setRequestId("gdpr-2025-0042")
            .setCause(ImpactCause.DELETION)
            .setModelId(MODEL)
            .setModelName("model_m92")
            .setTrainingRunId("run:training_j1829")
            .setPaths(
                List.of(
                    List.of(
                        new PathNode("source:transactions_q1", null),
                        new PathNode("run:extract_77", null),
                        new PathNode(FEATURES, "features_v47"),
                        new PathNode("run:training_j1829", null),
                        new PathNode(MODEL, "model_m92"))))
            .setAction(RetrainingAction.ASSESS)
            .setDecisionRule("dp epsilon=1.0 and affected fraction 0.00096 < 0.01")
            .setAffectedFraction(0.00096)
            .setRecordSet(recordSet())
            .setDeadline(Instant.parse("2025-03-31T00:00:00Z"))
            .setSignedAt(SIGNED)
            .build(),
        ImpactReport.newBuilder()
            .setRequestId("gdpr-2025-0042")
            .setCause(ImpactCause.DELETION)
            .setStatus(ImpactStatus.COMPLETE)
            .setCountsByKind(Map.of("DATASET", 1L, "MODEL", 1L, "RUN", 2L))
            .setModels(List.of(MODEL))
            .setPredictions(List.of("sha256:" + "78".repeat(32)))
            .setReceipt(new Receipt(5L, false, 4, "lineage.runs:0:1842"))
            .setSignedAt(SIGNED)
            .build(),
        equivalence()
            .setScoreTolerance(0.001)
            .setBaselineHardware(Map.of("cpu.arch", "amd64", "gpu.count", "0"))
            .setCandidateHardware(Map.of("cpu.arch", "aarch64", "gpu.count", "0"))
            .build(),
        completed(),
        assessed()
            .setGuarantee(
                PrivacyGuarantee.newBuilder()
                    .setMechanism("gaussian")
                    .setEpsilon("1.5")
                    .setDelta("0.00001")
                    .build())
            .build(),
        listErased(),
        snapshotErased(List.of(new ErasedSnapshot(FEATURES, 73_400_320L))),
        predictionInvalidated());
  }

  /** Every event with every nullable field null and every collection empty. */
  static List<SpecificRecordBase> minimal() {
    return List.of(
        ArtifactRegistered.newBuilder()
            .setNodeId("source:transactions_q1")
            .setKind(ArtifactKind.SOURCE)
            .setName("transactions_q1")
            .setAttributes(Map.of())
            .setSignedAt(SIGNED)
            .build(),
        RunCompleted.newBuilder()
            .setRunId("run:extract_77")
            .setProcessName("fraud_signal_extractor")
            .setProcessVersion("2.3")
            .setInputs(List.of())
            .setOutputs(List.of())
            .setStartedAt(SIGNED)
            .setEndedAt(SIGNED)
            .setEnvironment(Map.of())
            .setAttributes(Map.of())
            .setSignedAt(SIGNED)
            .build(),
        KeyGranted.newBuilder()
            .setKeyId(KEY_ID)
            .setAlgorithm(KeyAlgorithm.ED25519)
            .setPublicKeyPem("pem")
            .setRoles(List.of())
            .setValidFrom(SIGNED)
            .setSignedAt(SIGNED)
            .build(),
        KeyRevoked.newBuilder().setKeyId(KEY_ID).setRevokedFrom(SIGNED).setSignedAt(SIGNED).build(),
        DeletionRequested.newBuilder()
            .setRequestId("r")
            .setSubject("source:transactions_q1")
            .setRecordSet(recordSet())
            .setSignedAt(SIGNED)
            .build(),
        BugReported.newBuilder()
            .setReportId("b")
            .setProcessName("p")
            .setWindowStart(SIGNED)
            .setWindowEnd(SIGNED)
            .setSignedAt(SIGNED)
            .build(),
        DeploymentApproved.newBuilder()
            .setModelDigest(MODEL)
            .setManifestDigest(MANIFEST)
            .setDecision(ApprovalDecision.REJECTED)
            .setSignedAt(SIGNED)
            .build(),
        RetrainingTriggered.newBuilder()
            .setTriggerId("t")
            .setRequestId("r")
            .setCause(ImpactCause.BUG)
            .setModelId(MODEL)
            .setPaths(List.of())
            .setAction(RetrainingAction.RETRAIN)
            .setDecisionRule("no privacy guarantee")
            .setSignedAt(SIGNED)
            .build(),
        ImpactReport.newBuilder()
            .setRequestId("r")
            .setCause(ImpactCause.BUG)
            .setStatus(ImpactStatus.TRUNCATED)
            .setCountsByKind(Map.of())
            .setModels(List.of())
            .setPredictions(List.of())
            .setReceipt(new Receipt(0L, true, 0, null))
            .setSignedAt(SIGNED)
            .build(),
        equivalence().setBaselineHardware(Map.of()).setCandidateHardware(Map.of()).build(),
        completed(),
        assessed().build(),
        listErased(),
        snapshotErased(List.of()),
        predictionInvalidated());
  }

  private static RetrainingCompleted completed() {
    return RetrainingCompleted.newBuilder()
        .setTriggerId("sha256:" + "34".repeat(32))
        .setRequestId("del-2025-0042")
        .setModelId(MODEL)
        .setNewModelDigest("sha256:" + "56".repeat(32))
        .setTrainingRunId("run:training_j1830")
        .setSignedAt(SIGNED)
        .build();
  }

  private static ImpactAssessed.Builder assessed() {
    return ImpactAssessed.newBuilder()
        .setTriggerId("sha256:" + "34".repeat(32))
        .setRequestId("del-2025-0042")
        .setModelId(MODEL)
        .setDecision(AssessmentDecision.KEEP)
        .setJustification("0.01% of the training records; epsilon 1.5 bounds their influence")
        .setSignedAt(SIGNED);
  }

  private static RecordListErased listErased() {
    return RecordListErased.newBuilder()
        .setRequestId("del-2025-0042")
        .setRecordSetDigest("sha256:" + "12".repeat(32))
        .setErasedAt(SIGNED)
        .setSignedAt(SIGNED)
        .build();
  }

  private static PredictionInvalidated predictionInvalidated() {
    return PredictionInvalidated.newBuilder()
        .setRequestId("bug-2025-0007")
        .setPredictionId(MODEL)
        .setReason("scores of the faulty extractor withdrawn; consumers notified")
        .setSignedAt(SIGNED)
        .build();
  }

  private static SnapshotErased snapshotErased(List<ErasedSnapshot> snapshots) {
    return SnapshotErased.newBuilder()
        .setRequestId("del-2025-0042")
        .setSnapshots(snapshots)
        .setErasedAt(SIGNED)
        .setSignedAt(SIGNED)
        .build();
  }

  private static EquivalenceAttested.Builder equivalence() {
    return EquivalenceAttested.newBuilder()
        .setBaselineRunId("run:training_j1829")
        .setCandidateRunId("run:training_j1830")
        .setBaselineOutputsDigest("sha256:" + "9a".repeat(32))
        .setCandidateOutputsDigest("sha256:" + "9b".repeat(32))
        .setExamples(10_000L)
        .setAucTolerance(0.01)
        .setMaxDiffFraction(0.005)
        .setDecisionThreshold(0.5)
        .setBaselineAuc(0.9312)
        .setCandidateAuc(0.9309)
        .setDecisionDiffFraction(0.0004)
        .setMeanAbsScoreDiff(0.00008)
        .setMaxAbsScoreDiff(0.0004)
        .setEquivalent(true)
        .setSignedAt(SIGNED);
  }
}
