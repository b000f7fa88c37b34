package dev.lineage.impact.requests;

/**
 * A request whose analysis is not done yet, kept with its signed bytes so nothing is lost while
 * lineage-streams is unreachable or has not folded the subject yet (JSON in {@link
 * RequestStores#PENDING}).
 *
 * @param value the signed record value, as received
 * @param firstSeen wall-clock millis of arrival: the grace period for an unknown subject counts
 *     from here
 * @param attempts analyses tried so far
 * @param nextAttempt wall-clock millis before which it is not tried again
 * @param appendedAt the request's broker append time (epoch ms; its record timestamp, the request
 *     topics being LogAppendTime): the read-after-write barrier of its analysis; 0 when unknown
 */
public record PendingRequest(
    byte[] value, long firstSeen, int attempts, long nextAttempt, long appendedAt) {
  /** A request stored before its append time was kept (0: unknown). */
  public PendingRequest(byte[] value, long firstSeen, int attempts, long nextAttempt) {
    this(value, firstSeen, attempts, nextAttempt, 0);
  }

  public PendingRequest retryAt(long when) {
    return new PendingRequest(value, firstSeen, attempts + 1, when, appendedAt);
  }

  /**
   * The time the request's analysis waits for lineage-streams to have folded up to: its broker
   * append time; for a request stored without it, its arrival here (later, so it waits as long or
   * longer: never less).
   */
  public long barrier() {
    return appendedAt > 0 ? appendedAt : firstSeen;
  }
}
