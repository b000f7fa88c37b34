package dev.lineage.ownership;

/**
 * Who owns an id or a name: the first accepted registration in append order.
 *
 * @param signer the owning key
 * @param content the owning registration's content digest (ids only; null for a name)
 * @param envelope the owning registration's envelope digest
 * @param appendedAt its append time (epoch millis)
 */
public record Claim(String signer, String content, String envelope, long appendedAt) {}
