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
 */
public record PendingRequest(byte[] value, long firstSeen, int attempts, long nextAttempt) {
  public PendingRequest retryAt(long when) {
    return new PendingRequest(value, firstSeen, attempts + 1, when);
  }
}
