package dev.lineage.ownership;

import dev.lineage.schemas.Reason;
import dev.lineage.trust.Decision;
import java.util.Objects;

/**
 * An accepted graph event on its way through the ownership checks: what it claims (an id, and for
 * an artifact a name), who signed it and when the broker appended it, the store operations it folds
 * into once its claims hold, and what a rejection must carry (the original key and value and where
 * they came from). Travels on the name-claims repartition topic as JSON.
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
 * @param retracted true when this registration, folded earlier, is taken back out of the graph: a
 *     name registration that arrived first but was appended after another key's (see {@link
 *     NameClaimProcessor})
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
    Decision.Rejected rejection,
    boolean retracted) {

  public Registration {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(envelope, "envelope");
  }

  /** The record key that routes a named registration to the partition owning its name claim. */
  public String nameClaimKey() {
    return "name/" + Objects.requireNonNull(name, "name");
  }

  public boolean rejected() {
    return rejection != null;
  }

  /** This registration refused, with the reason. */
  public Registration refuse(Reason reason, String detail) {
    return with(new Decision.Rejected(reason, detail), false);
  }

  /** This registration, folded earlier, to be taken back out of the graph. */
  public Registration retraction() {
    return with(null, true);
  }

  private Registration with(Decision.Rejected rejection, boolean retracted) {
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
        rejection,
        retracted);
  }

  /**
   * Whether this registration was appended before {@code other}: append time, then envelope digest
   * for two appended in the same millisecond (on two partitions). A total order fixed by the log
   * alone, whatever order the records reach a claim in.
   */
  public boolean appendedBefore(long otherAppendedAt, String otherEnvelope) {
    return appendedAt != otherAppendedAt
        ? appendedAt < otherAppendedAt
        : envelope.compareTo(otherEnvelope) < 0;
  }
}
