package dev.lineage.ownership;

import java.time.Instant;

/**
 * Who owns an id or a name: the first registration in append order.
 *
 * @param signer the owning key
 * @param content the owning registration's content digest (ids only; null for a name)
 * @param envelope the owning registration's envelope digest
 * @param appendedAt its append time (epoch millis)
 */
public record Claim(String signer, String content, String envelope, long appendedAt) {
  /**
   * When the owner's registration was appended, for a refusal's detail. Details name key ids and
   * times only, never a field of the refused event, and stay under the rejected topic's 200
   * characters.
   */
  static String since(Claim owner) {
    return " at " + Instant.ofEpochMilli(owner.appendedAt());
  }
}
