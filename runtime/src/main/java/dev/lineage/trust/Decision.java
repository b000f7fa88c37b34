package dev.lineage.trust;

import dev.lineage.schemas.Reason;

/** The keyring's answer: which trusted key vouches for an envelope, or why none does. */
public sealed interface Decision {
  /** A valid signature by {@code keyId}, which held the required role at the append time. */
  record Accepted(String keyId) implements Decision {}

  /**
   * Refused.
   *
   * @param reason one of {@link Reason}
   * @param detail short, log-safe: key ids and times only
   */
  record Rejected(Reason reason, String detail) implements Decision {}

  default boolean accepted() {
    return this instanceof Accepted;
  }
}
