package dev.lineage.cas;

import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an object's content was erased: the request it was erased for, when, and the signed erasure
 * fact (the record value of a {@code SnapshotErased} envelope) when there is one. A tombstone keeps
 * it, so a reader who is refused the content can check who ordered the erasure and when.
 *
 * @param requestId the deletion request (or bug report) the content was erased for
 * @param erasedAt when the content was removed
 * @param signedEnvelope the signed erasure fact's record value, or null (e.g. a migration that
 *     moved a record list out of the store, which no signed event records)
 */
public record ErasureFact(String requestId, Instant erasedAt, byte[] signedEnvelope) {
  /** Request ids end up in messages and HTTP answers: a name, no control characters. */
  static final int MAX_REQUEST_ID = 256;

  public ErasureFact {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(erasedAt, "erasedAt");
    if (requestId.isEmpty()
        || requestId.length() > MAX_REQUEST_ID
        || requestId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "request id must be 1 to " + MAX_REQUEST_ID + " characters without control characters");
    }
    signedEnvelope = signedEnvelope == null ? null : signedEnvelope.clone();
  }

  /** A fact without a signed envelope. */
  public static ErasureFact unsigned(String requestId, Instant erasedAt) {
    return new ErasureFact(requestId, erasedAt, null);
  }

  @Override
  public byte[] signedEnvelope() {
    return signedEnvelope == null ? null : signedEnvelope.clone();
  }

  /** The envelope digest of the signed fact (SHA-256 of its record value), when there is one. */
  public Optional<Digest> envelopeDigest() {
    return signedEnvelope == null ? Optional.empty() : Optional.of(Sha256.of(signedEnvelope));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErasureFact other
        && requestId.equals(other.requestId)
        && erasedAt.equals(other.erasedAt)
        && Arrays.equals(signedEnvelope, other.signedEnvelope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestId, erasedAt, Arrays.hashCode(signedEnvelope));
  }

  @Override
  public String toString() {
    return "ErasureFact[requestId="
        + requestId
        + ", erasedAt="
        + erasedAt
        + ", envelope="
        + envelopeDigest().map(Digest::toString).orElse("none")
        + "]";
  }
}
