package dev.lineage.obligations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.PrivacyGuarantee;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.obligations.CompletionCheck.SignedManifest;
import dev.lineage.obligations.CompletionCheck.TrainingRun;
import dev.lineage.obligations.CompletionCheck.TriggerClosure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompletionCheckTest {
  static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
  static final String MODEL = "sha256:" + "92".repeat(32);
  static final Digest NEW_MODEL = d("model_m93");
  static final Digest RECORDS = d("salted record list of del-42");
  static final Digest FEATURES_V47 = d("features_v47");
  static final Digest FEATURES_V48 = d("features_v48 without the records");
  static final Digest MANIFEST = d("manifest of run:training_j1830");
  static final String PRODUCER = "aa".repeat(32);
  static final String APPROVER = "bb".repeat(32);
  static final String STRANGER = "cc".repeat(32);

  static Digest d(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Who held what: PRODUCER and APPROVER, each their role only. */
  static final RoleLookup ROLES =
      (key, role, at) ->
          (key.equals(PRODUCER) && role == Role.PRODUCER)
              || (key.equals(APPROVER) && role == Role.APPROVER);

  static RetrainingTriggered trigger() {
    return trigger(
        ImpactCause.DELETION, new RecordSet(RECORDS.toString(), 3L, "vault:del-42", true));
  }

  static RetrainingTriggered trigger(ImpactCause cause, RecordSet records) {
    return RetrainingTriggered.newBuilder()
        .setTriggerId("t-m92")
        .setRequestId("del-42")
        .setCause(cause)
        .setModelId(MODEL)
        .setTrainingRunId("run:training_j1829")
        .setPaths(
            List.of(
                List.of(
                    new PathNode("source:transactions_q1", null),
                    new PathNode("run:fraud_signal_extractor", null),
                    new PathNode(FEATURES_V47.toString(), "features_v47"),
                    new PathNode("run:training_j1829", null),
                    new PathNode(MODEL, "model_m92"))))
        .setAction(RetrainingAction.RETRAIN)
        .setDecisionRule("no privacy guarantee")
        .setRecordSet(records)
        .setDeadline(NOW.plusSeconds(3600))
        .setSignedAt(NOW)
        .build();
  }

  static RetrainingCompleted.Builder completion() {
    return RetrainingCompleted.newBuilder()
        .setTriggerId("t-m92")
        .setRequestId("del-42")
        .setModelId(MODEL)
        .setNewModelDigest(NEW_MODEL.toString())
        .setTrainingRunId("run:training_j1830")
        .setSignedAt(NOW);
  }

  static TrainingManifest.Builder manifest() {
    return TrainingManifest.builder()
        .subject("model_m93", NEW_MODEL)
        .dataset("features_v48", FEATURES_V48)
        .codeCommit("0123456789abcdef0123456789abcdef01234567")
        .lockfile(new ArtifactRef("poetry.lock", d("lock")))
        .containerImage("ghcr.io/acme/trainer@sha256:" + "a".repeat(64))
        .seed("global", 42)
        .hardware(new HardwareFingerprint("amd64", null, 2, null, 0))
        .createdAt(NOW);
  }

  static TrainingRun run(String... inputs) {
    return new TrainingRun(
        "run:training_j1830", List.of(inputs), List.of(NEW_MODEL.toString()), MANIFEST);
  }

  static CheckResult check(
      RetrainingCompleted c, TrainingRun run, TrainingManifest m, String signer) {
    return CompletionCheck.retrained(
        Obligation.of(trigger()),
        TriggerClosure.of(trigger()),
        c,
        Optional.ofNullable(run),
        Optional.ofNullable(m).map(x -> new SignedManifest(MANIFEST, x, Set.of(signer))),
        ROLES);
  }

  static String reason(CheckResult r) {
    return r instanceof CheckResult.Rejected rejected ? rejected.reason() : "accepted";
  }

  @Test
  void aRetrainingWithoutTheRecordsOnAFreshSnapshotIsAccepted() {
    CheckResult r =
        check(
            completion().build(),
            run(FEATURES_V48.toString()),
            manifest().excludedRecordSet(RECORDS).build(),
            PRODUCER);

    assertThat(r.isAccepted()).as(String.valueOf(r)).isTrue();
  }

  @Test
  void aManifestThatDoesNotDeclareTheExclusionIsRejected() {
    CheckResult r =
        check(
            completion().build(),
            run(FEATURES_V48.toString()),
            manifest().excludedRecordSet(d("another request's list")).build(),
            PRODUCER);

    assertThat(reason(r)).isEqualTo("exclusion-not-declared");
    assertThat(((CheckResult.Rejected) r).detail()).contains(RECORDS.toString());
  }

  @Test
  void reusingAnAffectedSnapshotIsRejectedWhetherTheManifestOrTheRunSaysSo() {
    TrainingManifest reusing =
        manifest().dataset("features_v47", FEATURES_V47).excludedRecordSet(RECORDS).build();
    assertThat(reason(check(completion().build(), run(FEATURES_V48.toString()), reusing, PRODUCER)))
        .isEqualTo("affected-snapshot-reused");

    CheckResult viaRun =
        check(
            completion().build(),
            run(FEATURES_V48.toString(), "source:transactions_q1"),
            manifest().excludedRecordSet(RECORDS).build(),
            PRODUCER);
    assertThat(reason(viaRun)).isEqualTo("affected-snapshot-reused");
    assertThat(((CheckResult.Rejected) viaRun).detail()).contains("source:transactions_q1");
  }

  @Test
  void theManifestMustBeProducerSignedAndNameTheNewModel() {
    TrainingManifest good = manifest().excludedRecordSet(RECORDS).build();
    assertThat(reason(check(completion().build(), run(), good, APPROVER)))
        .isEqualTo("manifest-not-producer-signed");
    TrainingManifest otherSubject = manifest().excludedRecordSet(RECORDS).build();
    RetrainingCompleted otherModel =
        completion().setNewModelDigest(d("model_m94").toString()).build();
    TrainingRun outputsIt =
        new TrainingRun(
            "run:training_j1830", List.of(), List.of(d("model_m94").toString()), MANIFEST);
    assertThat(reason(check(otherModel, outputsIt, otherSubject, PRODUCER)))
        .isEqualTo("manifest-subject-mismatch");
  }

  @Test
  void theRunMustExistOutputTheModelAndCarryTheManifestRead() {
    TrainingManifest good = manifest().excludedRecordSet(RECORDS).build();
    assertThat(reason(check(completion().build(), null, good, PRODUCER)))
        .isEqualTo("run-not-found");
    TrainingRun elsewhere =
        new TrainingRun("run:training_j1830", List.of(), List.of(d("x").toString()), MANIFEST);
    assertThat(reason(check(completion().build(), elsewhere, good, PRODUCER)))
        .isEqualTo("model-not-from-run");
    assertThat(reason(check(completion().build(), run(), null, PRODUCER)))
        .isEqualTo("manifest-missing");
    TrainingRun otherManifest =
        new TrainingRun(
            "run:training_j1830", List.of(), List.of(NEW_MODEL.toString()), d("other manifest"));
    assertThat(reason(check(completion().build(), otherManifest, good, PRODUCER)))
        .isEqualTo("manifest-missing");
  }

  @Test
  void aCompletionForAnotherTriggerOrTheSameModelIsRejected() {
    TrainingManifest good = manifest().excludedRecordSet(RECORDS).build();
    assertThat(reason(check(completion().setRequestId("del-43").build(), run(), good, PRODUCER)))
        .isEqualTo("trigger-mismatch");
    assertThat(reason(check(completion().setNewModelDigest(MODEL).build(), run(), good, PRODUCER)))
        .isEqualTo("model-not-replaced");
  }

  @Test
  void aClosedObligationTakesNoSecondCompletion() {
    Obligation closed =
        Obligation.of(trigger())
            .close(Obligation.Closing.retrained(d("first envelope"), NOW, NEW_MODEL));
    CheckResult r =
        CompletionCheck.retrained(
            closed,
            TriggerClosure.of(trigger()),
            completion().build(),
            Optional.of(run()),
            Optional.of(
                new SignedManifest(
                    MANIFEST, manifest().excludedRecordSet(RECORDS).build(), Set.of(PRODUCER))),
            ROLES);
    assertThat(reason(r)).isEqualTo("obligation-closed");
  }

  @Test
  void aBugReportTriggerNeedsNoExclusion() {
    RetrainingTriggered bug = trigger(ImpactCause.BUG, null);
    CheckResult r =
        CompletionCheck.retrained(
            Obligation.of(bug),
            TriggerClosure.of(bug),
            completion().build(),
            Optional.of(run()),
            Optional.of(new SignedManifest(MANIFEST, manifest().build(), Set.of(PRODUCER))),
            ROLES);
    assertThat(r.isAccepted()).as(String.valueOf(r)).isTrue();
  }

  static ImpactAssessed.Builder assessment() {
    return ImpactAssessed.newBuilder()
        .setTriggerId("t-m92")
        .setRequestId("del-42")
        .setModelId(MODEL)
        .setDecision(AssessmentDecision.KEEP)
        .setJustification("3 of 1.2M records; epsilon 1.5 bounds their influence")
        .setGuarantee(new PrivacyGuarantee("gaussian", "1.5", "0.00001"))
        .setSignedAt(NOW);
  }

  static CheckResult assess(ImpactAssessed a, String signer, Set<String> producers) {
    return CompletionCheck.assessed(
        Obligation.of(trigger()), a, signer, NOW.toEpochMilli(), producers, ROLES);
  }

  @Test
  void anApproverWhoDidNotProduceTheModelMayKeepIt() {
    assertThat(assess(assessment().build(), APPROVER, Set.of(PRODUCER)).isAccepted()).isTrue();
  }

  @Test
  void anAssessmentByTheModelsOwnProducerIsRejected() {
    RoleLookup both = (key, role, at) -> key.equals(PRODUCER);
    CheckResult r =
        CompletionCheck.assessed(
            Obligation.of(trigger()),
            assessment().build(),
            PRODUCER,
            NOW.toEpochMilli(),
            Set.of(PRODUCER),
            both);
    assertThat(reason(r)).isEqualTo("assessor-produced-model");
  }

  @Test
  void anAssessmentMustComeFromAnApproverAndStateWhyAndOnWhatGuarantee() {
    assertThat(reason(assess(assessment().build(), STRANGER, Set.of())))
        .isEqualTo("assessor-not-approver");
    assertThat(
            reason(
                assess(
                    assessment().setDecision(AssessmentDecision.UNKNOWN).build(),
                    APPROVER,
                    Set.of())))
        .isEqualTo("assessment-not-keep");
    assertThat(reason(assess(assessment().setJustification("  ").build(), APPROVER, Set.of())))
        .isEqualTo("justification-missing");
    assertThat(reason(assess(assessment().setGuarantee(null).build(), APPROVER, Set.of())))
        .isEqualTo("guarantee-not-stated");
    assertThat(
            reason(
                assess(
                    assessment().setGuarantee(new PrivacyGuarantee(null, "one", "0")).build(),
                    APPROVER,
                    Set.of())))
        .isEqualTo("guarantee-not-stated");
  }

  @Test
  void onlyTheKeyThatRegisteredAPredictionClosesItsObligationAndWithAReason() {
    String prediction = "sha256:" + "5e".repeat(32);
    Obligation open =
        new Obligation(
            "bug-7",
            "sha256:" + "0b".repeat(32),
            prediction,
            Obligation.Action.INVALIDATE,
            null,
            null);
    java.util.function.Function<String, dev.lineage.avro.PredictionInvalidated> withdraw =
        why ->
            dev.lineage.avro.PredictionInvalidated.newBuilder()
                .setRequestId("bug-7")
                .setPredictionId(prediction)
                .setReason(why)
                .setSignedAt(Instant.EPOCH)
                .build();

    assertThat(
            CompletionCheck.invalidated(
                    open, withdraw.apply("withdrawn"), "owner", Optional.of("owner"))
                .isAccepted())
        .isTrue();
    // another producer (a valid PRODUCER key) cannot close somebody else's obligation
    assertThat(
            reason(
                CompletionCheck.invalidated(
                    open, withdraw.apply("withdrawn"), "other", Optional.of("owner"))))
        .isEqualTo(ObligationReasons.INVALIDATOR_NOT_OWNER);
    assertThat(
            reason(
                CompletionCheck.invalidated(
                    open, withdraw.apply("withdrawn"), "owner", Optional.empty())))
        .isEqualTo(ObligationReasons.INVALIDATOR_NOT_OWNER);
    assertThat(
            reason(
                CompletionCheck.invalidated(
                    open, withdraw.apply(" "), "owner", Optional.of("owner"))))
        .isEqualTo(ObligationReasons.INVALIDATION_REASON_MISSING);
    // a model's obligation is not closed by an invalidation, nor a closed one again
    Obligation model =
        new Obligation(
            "bug-7",
            "sha256:" + "0b".repeat(32),
            prediction,
            Obligation.Action.RETRAIN,
            null,
            null);
    assertThat(
            reason(
                CompletionCheck.invalidated(
                    model, withdraw.apply("withdrawn"), "owner", Optional.of("owner"))))
        .isEqualTo(ObligationReasons.UNKNOWN_PREDICTION);
    Obligation closed =
        open.close(
            Obligation.Closing.invalidated(
                Digest.parse("sha256:" + "ee".repeat(32)), Instant.EPOCH));
    assertThat(closed.status(Instant.EPOCH)).isEqualTo(ObligationStatus.INVALIDATED);
    assertThat(
            reason(
                CompletionCheck.invalidated(
                    closed, withdraw.apply("withdrawn"), "owner", Optional.of("owner"))))
        .isEqualTo(ObligationReasons.OBLIGATION_CLOSED);
    // and the request is fulfilled only once it is closed
    assertThat(RequestStatus.of("bug-7", true, List.of(open), Instant.EPOCH).state())
        .isEqualTo(RequestStatus.State.TRIGGERED);
    assertThat(RequestStatus.of("bug-7", true, List.of(closed), Instant.EPOCH).state())
        .isEqualTo(RequestStatus.State.FULFILLED);
  }

  @Test
  void everyObligationEventHasItsTopicAndSigner() {
    assertThat(ObligationEvents.TYPES).hasSize(5);
    // a prediction's invalidation comes from a pipeline; the impact service also requires the very
    // key that registered the prediction (CompletionCheck.invalidated)
    assertThat(ObligationEvents.signerRole(dev.lineage.schemas.EventType.PREDICTION_INVALIDATED))
        .isEqualTo(Role.PRODUCER);
    assertThat(ObligationEvents.signerRole(dev.lineage.schemas.EventType.RETRAINING_COMPLETED))
        .isEqualTo(Role.PRODUCER);
    assertThat(ObligationEvents.signerRole(dev.lineage.schemas.EventType.IMPACT_ASSESSED))
        .isEqualTo(Role.APPROVER);
    assertThat(ObligationEvents.signerRole(dev.lineage.schemas.EventType.SNAPSHOT_ERASED))
        .isEqualTo(Role.IMPACT_SERVICE);
    assertThat(ObligationEvents.topic(dev.lineage.topics.Topics.defaults()).name())
        .isEqualTo("lineage.obligations");
  }
}
