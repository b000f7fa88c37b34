package dev.lineage.impact.analysis;

/** What one attempt at an analysis came to. */
public sealed interface Outcome {
  /** The analysis is complete: publish it. */
  record Done(ImpactResult result) implements Outcome {}

  /**
   * lineage-streams does not know the subject (or no run matches the bug report). It may simply not
   * have folded it yet: the caller retries for a grace period, then publishes {@code ifFinal}.
   *
   * @param what a log-safe phrase saying what is unknown
   */
  record NotFound(String what, ImpactResult ifFinal) implements Outcome {}
}
