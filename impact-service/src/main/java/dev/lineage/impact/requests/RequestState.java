package dev.lineage.impact.requests;

/** Where a request stands ({@code GET /v1/requests/{id}}). */
public enum RequestState {
  /**
   * Accepted, analysis not finished (lineage-streams unavailable, or the subject not yet known).
   */
  PENDING,
  /** Report and triggers published; the closure was complete. */
  COMPLETE,
  /** Report and triggers published, but lineage-streams cut the closure at its node limit. */
  TRUNCATED
}
