package dev.lineage.governance;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.Reason;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.Decision;
import dev.lineage.trust.Keyring;
import java.util.Optional;

/**
 * Whether a stored approval still counts: its {@code signedAt} lies within the clock skew of its
 * append time, and its signer held {@code APPROVER} at that append time by the keyring as it stands
 * now: a revocation published after the approval was accepted, whose {@code revokedFrom} reaches
 * back before the approval's append time (a known compromise), voids it.
 */
@FunctionalInterface
public interface ApproverCheck {
  /** Why the approval's signature no longer counts, or empty when it does. */
  Optional<Decision.Rejected> recheck(ApprovalRecord approval);

  /** The check against the keyring (one {@link Keyring} per request: it is not thread-safe). */
  static ApproverCheck keyring(Keyring keyring, ClockSkew skew) {
    return approval -> {
      Optional<Decision.Rejected> skewed = skew.check(approval.signedAt(), approval.appendedAt());
      if (skewed.isPresent()) {
        return skewed;
      }
      Envelope envelope;
      try {
        envelope = EnvelopeCodec.standard().decode(approval.value());
      } catch (DecodingException e) {
        return Optional.of(new Decision.Rejected(Reason.MALFORMED, "the stored envelope"));
      }
      Decision d =
          keyring.authorize(
              envelope, Role.APPROVER, approval.appendedAt(), Keyring.EVERYTHING_KNOWN);
      return d instanceof Decision.Rejected r ? Optional.of(r) : Optional.empty();
    };
  }
}
