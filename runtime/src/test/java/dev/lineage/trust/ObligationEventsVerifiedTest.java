package dev.lineage.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.PrivacyGuarantee;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.Role;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.obligations.ObligationEvents;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * The obligations topic holds five events, each signed by its own role: the verifier judges each by
 * the role of the type its payload declares, never by a role the signer holds for another type.
 */
class ObligationEventsVerifiedTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = T0.plusSeconds(600);
  static final String TRIGGER = "sha256:" + "01".repeat(32);
  static final String MODEL = "sha256:" + "ab".repeat(32);
  static final String NEW_MODEL = "sha256:" + "cd".repeat(32);

  final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final Signer approver = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final KeyLog log = new KeyLog(TrustAnchors.of(List.of(root.publicKey())), ClockSkew.defaults());
  final EventVerifier verifier = new EventVerifier(log.keyring(), ClockSkew.defaults());

  ObligationEventsVerifiedTest() {
    grant(producer, Role.PRODUCER);
    grant(approver, Role.APPROVER);
    grant(service, Role.IMPACT_SERVICE);
  }

  @Test
  void eachObligationEventIsAcceptedFromItsOwnRole() {
    assertThat(verify(EventType.RETRAINING_COMPLETED, completion(), producer).accepted()).isTrue();
    assertThat(verify(EventType.IMPACT_ASSESSED, assessment(), approver).accepted()).isTrue();
    assertThat(verify(EventType.RECORD_LIST_ERASED, listErased(), service).accepted()).isTrue();
    assertThat(verify(EventType.SNAPSHOT_ERASED, snapshotErased(), service).accepted()).isTrue();
    assertThat(verify(EventType.PREDICTION_INVALIDATED, invalidation(), producer).accepted())
        .isTrue();
  }

  @Test
  void anInvalidationSignedByAnApproverOrTheServiceIsRefusedWrongRole() {
    assertThat(
            verify(EventType.PREDICTION_INVALIDATED, invalidation(), approver).rejection().reason())
        .isEqualTo(Reason.WRONG_ROLE);
    assertThat(
            verify(EventType.PREDICTION_INVALIDATED, invalidation(), service).rejection().reason())
        .isEqualTo(Reason.WRONG_ROLE);
  }

  static dev.lineage.avro.PredictionInvalidated invalidation() {
    return dev.lineage.avro.PredictionInvalidated.newBuilder()
        .setRequestId("bug-1")
        .setPredictionId(NEW_MODEL)
        .setReason("scores withdrawn")
        .setSignedAt(T1)
        .build();
  }

  @Test
  void aCompletionSignedByAnApproverIsRefusedWrongRole() {
    Verdict v = verify(EventType.RETRAINING_COMPLETED, completion(), approver);
    assertThat(v.accepted()).isFalse();
    assertThat(v.rejection().reason()).isEqualTo(Reason.WRONG_ROLE);
  }

  @Test
  void anAssessmentSignedByAProducerIsRefusedWrongRole() {
    Verdict v = verify(EventType.IMPACT_ASSESSED, assessment(), producer);
    assertThat(v.rejection().reason()).isEqualTo(Reason.WRONG_ROLE);
  }

  @Test
  void anErasureFactSignedByAProducerIsRefusedWrongRole() {
    Verdict v = verify(EventType.RECORD_LIST_ERASED, listErased(), producer);
    assertThat(v.rejection().reason()).isEqualTo(Reason.WRONG_ROLE);
    Verdict s = verify(EventType.SNAPSHOT_ERASED, snapshotErased(), approver);
    assertThat(s.rejection().reason()).isEqualTo(Reason.WRONG_ROLE);
  }

  @Test
  void aCompletionNamingARunAsTheModelIsRefusedByTheReadersRules() {
    RetrainingCompleted c = completion();
    c.setModelId("run:training_j1829");
    Verdict v = verify(EventType.RETRAINING_COMPLETED, c, producer);
    assertThat(v.rejection().reason()).isEqualTo(Reason.INVALID_ID);
  }

  @Test
  void anotherEventTypeOnTheObligationsTopicIsATypeMismatch() {
    byte[] value =
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T1),
            root);
    Verdict v = verifier.verify(ObligationEvents.SIGNER_ROLES, value, T1.toEpochMilli());
    assertThat(v.rejection().reason()).isEqualTo(Reason.TYPE_MISMATCH);
  }

  private <T extends SpecificRecordBase> Verdict verify(EventType<T> type, T event, Signer by) {
    return verifier.verify(
        ObligationEvents.SIGNER_ROLES, AvroEnvelopes.sign(type, event, by), T1.toEpochMilli());
  }

  private void grant(Signer key, Role role) {
    log.add(
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(key.publicKey(), List.of(role), T0, null, T0),
            root),
        T0.toEpochMilli());
  }

  static RetrainingCompleted completion() {
    return RetrainingCompleted.newBuilder()
        .setTriggerId(TRIGGER)
        .setRequestId("gdpr-1")
        .setModelId(MODEL)
        .setNewModelDigest(NEW_MODEL)
        .setTrainingRunId("run:retrain_1")
        .setSignedAt(T1)
        .build();
  }

  static ImpactAssessed assessment() {
    return ImpactAssessed.newBuilder()
        .setTriggerId(TRIGGER)
        .setRequestId("gdpr-1")
        .setModelId(MODEL)
        .setDecision(AssessmentDecision.KEEP)
        .setJustification("3 of 2.4M records; DP-SGD bounds their influence")
        .setGuarantee(
            PrivacyGuarantee.newBuilder()
                .setMechanism("gaussian")
                .setEpsilon("1.0")
                .setDelta("0.00001")
                .build())
        .setSignedAt(T1)
        .build();
  }

  static RecordListErased listErased() {
    return RecordListErased.newBuilder()
        .setRequestId("gdpr-1")
        .setRecordSetDigest(MODEL)
        .setErasedAt(T1)
        .setSignedAt(T1)
        .build();
  }

  static SnapshotErased snapshotErased() {
    return SnapshotErased.newBuilder()
        .setRequestId("gdpr-1")
        .setSnapshots(List.of(new ErasedSnapshot(MODEL, 10L)))
        .setErasedAt(T1)
        .setSignedAt(T1)
        .build();
  }
}
