package dev.lineage.obligations;

import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.PredictionInvalidated;
import dev.lineage.avro.PrivacyGuarantee;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.TrainingManifest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a signed completion or assessment closes its obligation (issue 14). Pure: what
 * the graph, the CAS and the keyring know comes in as arguments, so both apps, the CLI and an
 * orchestrator checking its own work before publishing judge alike. The envelope's own signature
 * and role (PRODUCER for a completion, APPROVER for an assessment) are the trust layer's business;
 * these checks come after it.
 */
public final class CompletionCheck {
  private CompletionCheck() {}

  /**
   * What a trigger's closure says: the record set whose records must be left out (null for a bug
   * report, which deletes nothing) and every node on the paths from the subject to the model.
   */
  public record TriggerClosure(Digest recordSet, Set<String> affected) {
    public TriggerClosure {
      affected = Set.copyOf(affected);
    }

    /** The closure a trigger carries: its record set and every node on its paths. */
    public static TriggerClosure of(RetrainingTriggered trigger) {
      Set<String> affected = new TreeSet<>();
      for (List<PathNode> path : trigger.getPaths()) {
        path.forEach(n -> affected.add(n.getId()));
      }
      affected.add(trigger.getModelId());
      Digest records =
          trigger.getRecordSet() == null ? null : Digest.parse(trigger.getRecordSet().getDigest());
      return new TriggerClosure(records, affected);
    }
  }

  /** A training run as the graph holds it. */
  public record TrainingRun(
      String runId, List<String> inputs, List<String> outputs, Digest manifestDigest) {
    public TrainingRun {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /**
   * The run's manifest as read from the CAS, with the key ids whose signatures over it verified.
   *
   * @param digest the digest it was read under
   * @param manifest the verified payload
   * @param signerKeyIds key ids of the signatures that verified
   */
  public record SignedManifest(Digest digest, TrainingManifest manifest, Set<String> signerKeyIds) {
    public SignedManifest {
      signerKeyIds = Set.copyOf(signerKeyIds);
    }
  }

  /**
   * Checks a retraining completion: it names the obligation's trigger, request and model and a new
   * model; the run is in the graph and output that model; the run's manifest is the one read,
   * PRODUCER-signed when it was made, names the new model, declares the request's record set
   * excluded, and trained on no snapshot the closure lists as affected.
   *
   * @param run the run the completion names, if the graph has it
   * @param manifest that run's manifest, if it could be read and its signatures verified
   */
  public static CheckResult retrained(
      Obligation obligation,
      TriggerClosure closure,
      RetrainingCompleted completion,
      Optional<TrainingRun> run,
      Optional<SignedManifest> manifest,
      RoleLookup roles) {
    Optional<CheckResult> common =
        names(
            obligation,
            completion.getTriggerId(),
            completion.getRequestId(),
            completion.getModelId());
    if (common.isPresent()) {
      return common.get();
    }
    Digest newModel;
    try {
      newModel = Digest.parse(completion.getNewModelDigest());
    } catch (IllegalArgumentException e) {
      return CheckResult.rejected(
          ObligationReasons.MODEL_NOT_REPLACED, "newModelDigest is not sha256:<64 lowercase hex>");
    }
    if (newModel.toString().equals(obligation.modelId())) {
      return CheckResult.rejected(
          ObligationReasons.MODEL_NOT_REPLACED,
          "the new model is the affected model " + obligation.modelId());
    }
    if (run.isEmpty() || !run.get().runId().equals(completion.getTrainingRunId())) {
      return CheckResult.rejected(
          ObligationReasons.RUN_NOT_FOUND,
          "training run " + completion.getTrainingRunId() + " is not in the graph");
    }
    TrainingRun r = run.get();
    if (!r.outputs().contains(newModel.toString())) {
      return CheckResult.rejected(
          ObligationReasons.MODEL_NOT_FROM_RUN, "run " + r.runId() + " did not output " + newModel);
    }
    if (r.manifestDigest() == null
        || manifest.isEmpty()
        || !manifest.get().digest().equals(r.manifestDigest())) {
      return CheckResult.rejected(
          ObligationReasons.MANIFEST_MISSING,
          r.manifestDigest() == null
              ? "run " + r.runId() + " declares no manifest"
              : "manifest " + r.manifestDigest() + " of run " + r.runId() + " was not read");
    }
    SignedManifest m = manifest.get();
    long madeAt = m.manifest().createdAt().toEpochMilli();
    boolean producerSigned =
        m.signerKeyIds().stream().anyMatch(k -> roles.holds(k, Role.PRODUCER, madeAt));
    if (!producerSigned) {
      return CheckResult.rejected(
          ObligationReasons.MANIFEST_NOT_PRODUCER_SIGNED,
          "no signer of manifest " + m.digest() + " held PRODUCER at " + m.manifest().createdAt());
    }
    if (m.manifest().subjects().stream().noneMatch(s -> s.digest().equals(newModel))) {
      return CheckResult.rejected(
          ObligationReasons.MANIFEST_SUBJECT_MISMATCH,
          "manifest " + m.digest() + " does not name " + newModel + " among its subjects");
    }
    if (closure.recordSet() != null && !m.manifest().excludes(closure.recordSet())) {
      return CheckResult.rejected(
          ObligationReasons.EXCLUSION_NOT_DECLARED,
          "manifest "
              + m.digest()
              + " does not declare record set "
              + closure.recordSet()
              + " in excludedRecordSets");
    }
    Set<String> reused = new TreeSet<>();
    for (ArtifactRef d : m.manifest().datasets()) {
      if (closure.affected().contains(d.digest().toString())) {
        reused.add(d.digest().toString());
      }
    }
    for (String input : r.inputs()) {
      if (closure.affected().contains(input)) {
        reused.add(input);
      }
    }
    if (!reused.isEmpty()) {
      return CheckResult.rejected(
          ObligationReasons.AFFECTED_SNAPSHOT_REUSED,
          "run " + r.runId() + " trained on affected " + String.join(", ", reused));
    }
    return CheckResult.accepted();
  }

  /**
   * Checks an assessment: it names the obligation's trigger, request and model; its signer held
   * APPROVER when the broker appended it and signed none of the model's registration, training run
   * or manifest; it decides KEEP with a justification and a decimal DP guarantee. Valid for an
   * ASSESS obligation and, as a reviewer's override, for a RETRAIN one.
   *
   * @param assessorKeyId the key whose signature over the assessment verified
   * @param appendedAt when the broker appended it
   * @param modelProducerKeyIds the keys that signed the model's registration, its training run and
   *     its manifest
   */
  public static CheckResult assessed(
      Obligation obligation,
      ImpactAssessed assessment,
      String assessorKeyId,
      long appendedAt,
      Set<String> modelProducerKeyIds,
      RoleLookup roles) {
    Optional<CheckResult> common =
        names(
            obligation,
            assessment.getTriggerId(),
            assessment.getRequestId(),
            assessment.getModelId());
    if (common.isPresent()) {
      return common.get();
    }
    if (!roles.holds(assessorKeyId, Role.APPROVER, appendedAt)) {
      return CheckResult.rejected(
          ObligationReasons.ASSESSOR_NOT_APPROVER,
          "key " + assessorKeyId + " did not hold APPROVER when the assessment was appended");
    }
    if (modelProducerKeyIds.contains(assessorKeyId)) {
      return CheckResult.rejected(
          ObligationReasons.ASSESSOR_PRODUCED_MODEL,
          "key " + assessorKeyId + " signed model " + obligation.modelId() + " or its training");
    }
    if (assessment.getDecision() != AssessmentDecision.KEEP) {
      return CheckResult.rejected(
          ObligationReasons.ASSESSMENT_NOT_KEEP, "decision is " + assessment.getDecision());
    }
    if (assessment.getJustification() == null || assessment.getJustification().isBlank()) {
      return CheckResult.rejected(
          ObligationReasons.JUSTIFICATION_MISSING, "the assessment gives no justification");
    }
    Optional<String> guarantee = guaranteeProblem(assessment.getGuarantee());
    if (guarantee.isPresent()) {
      return CheckResult.rejected(ObligationReasons.GUARANTEE_NOT_STATED, guarantee.get());
    }
    return CheckResult.accepted();
  }

  /**
   * Checks an invalidation of a prediction artifact: the obligation is an open {@link
   * Obligation.Action#INVALIDATE} of that prediction and request; its signer (who held PRODUCER
   * when the broker appended it: the trust layer's check) is the key that registered the
   * prediction, so no other producer closes it; it gives a reason.
   *
   * @param invalidatorKeyId the key whose signature over the invalidation verified
   * @param ownerKeyId the key that signed the prediction artifact's registration; empty when the
   *     graph does not hold it
   */
  public static CheckResult invalidated(
      Obligation obligation,
      PredictionInvalidated invalidation,
      String invalidatorKeyId,
      Optional<String> ownerKeyId) {
    if (obligation.action() != Obligation.Action.INVALIDATE) {
      return CheckResult.rejected(
          ObligationReasons.UNKNOWN_PREDICTION,
          "obligation " + obligation.triggerId() + " is not a prediction's");
    }
    Optional<CheckResult> common =
        names(
            obligation,
            obligation.triggerId(),
            invalidation.getRequestId(),
            invalidation.getPredictionId());
    if (common.isPresent()) {
      return common.get();
    }
    if (ownerKeyId.isEmpty() || !ownerKeyId.get().equals(invalidatorKeyId)) {
      return CheckResult.rejected(
          ObligationReasons.INVALIDATOR_NOT_OWNER,
          "key "
              + invalidatorKeyId
              + " did not register prediction "
              + obligation.modelId()
              + ownerKeyId.map(k -> " (key " + k + " did)").orElse(" (not in the graph)"));
    }
    if (invalidation.getReason() == null || invalidation.getReason().isBlank()) {
      return CheckResult.rejected(
          ObligationReasons.INVALIDATION_REASON_MISSING, "the invalidation gives no reason");
    }
    return CheckResult.accepted();
  }

  private static Optional<CheckResult> names(
      Obligation obligation, String triggerId, String requestId, String modelId) {
    if (!obligation.isOpen()) {
      return Optional.of(
          CheckResult.rejected(
              ObligationReasons.OBLIGATION_CLOSED,
              "trigger "
                  + obligation.triggerId()
                  + " was closed by "
                  + obligation.closing().envelopeDigest()));
    }
    List<String> wrong = new ArrayList<>();
    if (!obligation.triggerId().equals(triggerId)) {
      wrong.add("triggerId " + triggerId + " (expected " + obligation.triggerId() + ")");
    }
    if (!obligation.requestId().equals(requestId)) {
      wrong.add("requestId " + requestId + " (expected " + obligation.requestId() + ")");
    }
    if (!obligation.modelId().equals(modelId)) {
      wrong.add("modelId " + modelId + " (expected " + obligation.modelId() + ")");
    }
    return wrong.isEmpty()
        ? Optional.empty()
        : Optional.of(
            CheckResult.rejected(ObligationReasons.TRIGGER_MISMATCH, String.join("; ", wrong)));
  }

  private static Optional<String> guaranteeProblem(PrivacyGuarantee g) {
    if (g == null) {
      return Optional.of("the assessment states no differential-privacy guarantee");
    }
    for (String[] field : new String[][] {{"epsilon", g.getEpsilon()}, {"delta", g.getDelta()}}) {
      try {
        BigDecimal value = new BigDecimal(Objects.requireNonNull(field[1]));
        if (value.signum() < 0) {
          return Optional.of(field[0] + " is negative");
        }
      } catch (NumberFormatException | NullPointerException e) {
        return Optional.of(field[0] + " is not a decimal number");
      }
    }
    return Optional.empty();
  }
}
