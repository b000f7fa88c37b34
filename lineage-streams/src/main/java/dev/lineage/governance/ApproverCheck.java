package dev.lineage.governance;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.trust.Decision;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.Reasons;
import java.util.Optional;

/**
 * Whether a stored approval's signer still held {@code APPROVER} at its signed time, by the keyring
 * as it stands now: a revocation that arrived after the approval was accepted, but is effective
 * before its signed time, voids it.
 */
@FunctionalInterface
public interface ApproverCheck {
  /** Why the approval's signature no longer counts, or empty when it does. */
  Optional<Decision.Rejected> recheck(ApprovalRecord approval);

  /** The check against the keyring (one {@link Keyring} per request: it is not thread-safe). */
  static ApproverCheck keyring(Keyring keyring) {
    return approval -> {
      Envelope envelope;
      try {
        envelope = EnvelopeCodec.standard().decode(approval.value());
      } catch (DecodingException e) {
        return Optional.of(new Decision.Rejected(Reasons.MALFORMED, "the stored envelope"));
      }
      Decision d = keyring.authorize(envelope, Role.APPROVER, approval.signedAt());
      return d instanceof Decision.Rejected r ? Optional.of(r) : Optional.empty();
    };
  }
}
