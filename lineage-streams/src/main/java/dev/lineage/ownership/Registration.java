package dev.lineage.ownership;

import dev.lineage.trust.Decision;
import java.util.Objects;

/**
 * An accepted graph event on its way through the ownership checks: what it claims (an id, and for
 * an artifact a name), who signed it and when the broker appended it, the store operations it folds
 * into once its claims hold, and what a rejection must carry (the original key and value and where
 * they came from). Travels on the claims repartition topics as JSON.
 *
 * @param id the registered node id (artifact or run), null for an event that registers nothing
 * @param name the artifact's name, null for a run
 * @param content sha256 of the signed payload with {@code signedAt} cleared: the registration's
 *     content, the same when a key re-sends the same facts
 * @param signer the key that signed it
 * @param envelope the envelope digest
 * @param appendedAt the broker's append time (epoch millis)
 * @param key the original record key (may be null)
 * @param value the original record value
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param rejection why a claim failed, null while it holds
 */
public record Registration(
    String id,
    String name,
    String content,
    String signer,
    String envelope,
    long appendedAt,
    byte[] key,
    byte[] value,
    String topic,
    int partition,
    long offset,
    Decision.Rejected rejection) {

  public Registration {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(envelope, "envelope");
  }

  /** The record key that routes it to the partition owning its claim of {@code scope}. */
  public String claimKey(ClaimProcessor.Scope scope) {
    if (scope == ClaimProcessor.Scope.NAME && name != null) {
      return "name/" + name;
    }
    return id != null ? "id/" + id : "envelope/" + envelope;
  }

  public boolean rejected() {
    return rejection != null;
  }

  /** This registration refused, with the reason. */
  public Registration refuse(String reason, String detail) {
    return new Registration(
        id,
        name,
        content,
        signer,
        envelope,
        appendedAt,
        key,
        value,
        topic,
        partition,
        offset,
        new Decision.Rejected(reason, detail));
  }
}
