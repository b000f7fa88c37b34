package dev.lineage.obligations;

/** Where one obligation stands. */
public enum ObligationStatus {
  /** Waiting for a completion or an assessment, within its deadline (or without one). */
  OPEN,
  /** Closed by an accepted retraining completion. */
  RETRAINED,
  /** Closed by an accepted assessment: the model stays. */
  ASSESSED,
  /** Closed by an accepted invalidation of the prediction artifact it names. */
  INVALIDATED,
  /** Still open after its deadline. */
  OVERDUE
}
