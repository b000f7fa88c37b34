package dev.lineage.obligations;

/**
 * Why a completion or assessment does not close an obligation, or why the deploy gate refuses a
 * model: stable kebab-case codes, in the style of the trust layer's rejection reasons (they go in
 * the same {@code lineage.reason} header of {@code lineage.rejected}).
 */
public final class ObligationReasons {
  /** The deploy gate: the model has a deletion obligation past its deadline. */
  public static final String OBLIGATION_OVERDUE = "deletion-obligation-overdue";

  /** The deploy gate: a retraining replaced the model; the answer names the new digest. */
  public static final String SUPERSEDED_BY = "superseded-by";

  /** No trigger with this id is known (yet): the completion waits or is refused. */
  public static final String UNKNOWN_TRIGGER = "unknown-trigger";

  /** The completion's request or model is not the trigger's. */
  public static final String TRIGGER_MISMATCH = "trigger-mismatch";

  /** The obligation was closed already, by another envelope. */
  public static final String OBLIGATION_CLOSED = "obligation-closed";

  /** The completion names no new model, or the affected model itself. */
  public static final String MODEL_NOT_REPLACED = "model-not-replaced";

  /** The training run the completion names is not in the graph. */
  public static final String RUN_NOT_FOUND = "run-not-found";

  /** The new model is not an output of the training run. */
  public static final String MODEL_NOT_FROM_RUN = "model-not-from-run";

  /** The run declares no manifest, or the manifest cannot be read or verified. */
  public static final String MANIFEST_MISSING = "manifest-missing";

  /** No signature of the manifest comes from a key that held PRODUCER when it was made. */
  public static final String MANIFEST_NOT_PRODUCER_SIGNED = "manifest-not-producer-signed";

  /** The manifest's subjects do not include the new model. */
  public static final String MANIFEST_SUBJECT_MISMATCH = "manifest-subject-mismatch";

  /** The manifest does not declare the request's record set as excluded. */
  public static final String EXCLUSION_NOT_DECLARED = "exclusion-not-declared";

  /** The run trained on a snapshot the trigger's closure lists as affected. */
  public static final String AFFECTED_SNAPSHOT_REUSED = "affected-snapshot-reused";

  /** The assessment's signer did not hold APPROVER when the broker appended it. */
  public static final String ASSESSOR_NOT_APPROVER = "assessor-not-approver";

  /** The assessment's signer signed the model's registration, training run or manifest. */
  public static final String ASSESSOR_PRODUCED_MODEL = "assessor-produced-model";

  /** The assessment's decision is not KEEP (a decision this reader does not know). */
  public static final String ASSESSMENT_NOT_KEEP = "assessment-not-keep";

  /** The assessment gives no justification. */
  public static final String JUSTIFICATION_MISSING = "justification-missing";

  /** The assessment states no differential-privacy guarantee, or one that is not decimal. */
  public static final String GUARANTEE_NOT_STATED = "guarantee-not-stated";

  /** The invalidation names a prediction the request's impact report does not list. */
  public static final String UNKNOWN_PREDICTION = "unknown-prediction";

  /**
   * The invalidation's signer is not the key that registered the prediction artifact: nobody closes
   * an obligation on somebody else's predictions.
   */
  public static final String INVALIDATOR_NOT_OWNER = "invalidator-not-owner";

  /** The invalidation gives no reason. */
  public static final String INVALIDATION_REASON_MISSING = "invalidation-reason-missing";

  private ObligationReasons() {}
}
