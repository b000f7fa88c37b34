package dev.lineage.signing;

import java.util.Optional;
import java.util.Set;

/**
 * The outcome of verifying an envelope against trusted keys.
 *
 * @param verifiedKeyIds ids of the distinct trusted keys with a valid signature
 * @param threshold how many distinct keys were required
 * @param failure why it failed, empty when verified
 * @param reason a one-line explanation, for people
 */
public record VerificationResult(
    Set<String> verifiedKeyIds, int threshold, Optional<Failure> failure, String reason) {

  /** Why an envelope was not accepted. */
  public enum Failure {
    /** The envelope carries no signature at all. */
    NO_SIGNATURES,
    /**
     * No signature verifies, and at least one names a trusted key as its hint: the payload, its
     * type or the signature was altered (or the hint lies).
     */
    BAD_SIGNATURE,
    /** No signature verifies against any trusted key, and none claims to be by one. */
    NO_TRUSTED_KEY,
    /** Some trusted keys signed validly, fewer than the threshold. */
    THRESHOLD_NOT_MET
  }

  public VerificationResult {
    verifiedKeyIds = Set.copyOf(verifiedKeyIds);
  }

  public boolean verified() {
    return failure.isEmpty();
  }
}
