package dev.lineage.trust;

/** The keyring's answer: which trusted key vouches for an envelope, or why none does. */
public sealed interface Decision {
  /** A valid signature by {@code keyId}, which held the required role at the append time. */
  record Accepted(String keyId) implements Decision {}

  /**
   * Refused.
   *
   * @param reason one of {@link Reasons}
   * @param detail short, log-safe: key ids and times only
   */
  record Rejected(String reason, String detail) implements Decision {}

  default boolean accepted() {
    return this instanceof Accepted;
  }
}
