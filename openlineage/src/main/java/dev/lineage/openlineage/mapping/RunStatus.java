package dev.lineage.openlineage.mapping;

/** A run's state after an event, from the event's {@code eventType}. */
public enum RunStatus {
  /** {@code START} */
  STARTED,
  /** {@code RUNNING} */
  RUNNING,
  /** {@code COMPLETE}: the run's inputs and outputs become edges. */
  COMPLETED,
  /** {@code FAIL}: kept as a failed run with its inputs, never its outputs. */
  FAILED,
  /** {@code ABORT}: as {@link #FAILED}. */
  ABORTED;

  /** True for a state after which the run produced nothing (more). */
  public boolean failed() {
    return this == FAILED || this == ABORTED;
  }
}
