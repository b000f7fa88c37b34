package dev.lineage.governance;

import dev.lineage.avro.DeploymentApproved;
import java.util.Arrays;
import java.util.Objects;

/**
 * An accepted deployment decision as stored. It keeps the signed record value, because trust is
 * re-checked on read: a revocation published after the approval was accepted, whose {@code
 * revokedFrom} reaches back before its append time, voids it at query time, which needs the
 * signature again.
 *
 * @param modelDigest the model the decision is about
 * @param manifestDigest the manifest the reviewer read
 * @param decision APPROVED, REJECTED or UNKNOWN (a decision added to the schema after this reader)
 * @param comment the reviewer's comment, if any
 * @param signer the key that held APPROVER when it was accepted
 * @param signedAt the signed time (epoch millis): the signer's claim, shown, never deciding
 * @param appendedAt the broker's append time (epoch millis): orders decisions and decides trust
 * @param envelope the envelope digest (sha256 of {@code value})
 * @param value the record value as published (the Avro envelope)
 */
public record ApprovalRecord(
    String modelDigest,
    String manifestDigest,
    String decision,
    String comment,
    String signer,
    long signedAt,
    long appendedAt,
    String envelope,
    byte[] value) {

  public static final String APPROVED = "APPROVED";
  public static final String REJECTED = "REJECTED";

  public static ApprovalRecord of(
      DeploymentApproved event,
      String signer,
      String envelopeDigest,
      long appendedAt,
      byte[] value) {
    return new ApprovalRecord(
        event.getModelDigest(),
        event.getManifestDigest(),
        event.getDecision().name(),
        event.getComment(),
        signer,
        event.getSignedAt().toEpochMilli(),
        appendedAt,
        envelopeDigest,
        value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApprovalRecord a
        && signedAt == a.signedAt
        && appendedAt == a.appendedAt
        && Objects.equals(modelDigest, a.modelDigest)
        && Objects.equals(manifestDigest, a.manifestDigest)
        && Objects.equals(decision, a.decision)
        && Objects.equals(comment, a.comment)
        && Objects.equals(signer, a.signer)
        && Objects.equals(envelope, a.envelope)
        && Arrays.equals(value, a.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelDigest, envelope, signedAt);
  }

  @Override
  public String toString() {
    return "ApprovalRecord["
        + modelDigest
        + " "
        + decision
        + " by "
        + signer
        + " "
        + envelope
        + "]";
  }
}
