package dev.lineage.trust;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.rules.EventRulebook;
import dev.lineage.rules.Strictness;
import dev.lineage.rules.Violation;
import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Checks one record value of an event topic: it decodes, its payload type is one the topic holds, a
 * key holding an accepted role when the broker appended the record signed it, its signed time lies
 * within the clock skew of that append time, and it keeps the rules readers apply ({@link
 * EventRulebook} at {@link Strictness#ACCEPT}: valid node ids and digests, no {@code name:}
 * reference, ...). The signature is checked before the rules, so an unsigned or altered record is
 * reported as such whatever it holds.
 */
public final class EventVerifier {
  private final Keyring keyring;
  private final ClockSkew skew;

  public EventVerifier(Keyring keyring, ClockSkew skew) {
    this.keyring = keyring;
    this.skew = skew;
  }

  /** A record of a graph topic: one event type, signed by a {@code PRODUCER} key. */
  public Verdict verify(EventType<?> expected, byte[] recordValue, long appendedAt) {
    return verify(List.of(expected), Set.of(Role.PRODUCER), recordValue, appendedAt);
  }

  /**
   * A record of a topic that holds any of {@code accepted} event types, appended by the broker at
   * {@code appendedAt} (the record timestamp of a {@code LogAppendTime} topic), signed by a key
   * holding one of {@code roles} then. Every event has a {@code signedAt} field: it must lie within
   * the skew of {@code appendedAt}, and never decides anything else.
   */
  public Verdict verify(
      Collection<EventType<?>> accepted, Set<Role> roles, byte[] recordValue, long appendedAt) {
    if (accepted.isEmpty() || roles.isEmpty()) {
      throw new IllegalArgumentException("name at least one event type and one role");
    }
    return verify(accepted, type -> roles, recordValue, appendedAt);
  }

  /**
   * A record of a topic whose event types are each signed by their own role, e.g. the obligations
   * topic ({@code ObligationEvents.SIGNER_ROLES}: a completion by a PRODUCER, an assessment by an
   * APPROVER, an erasure fact by the IMPACT_SERVICE). The role is the one of the type the payload
   * declares, which the signature covers: a key cannot pick the role it is judged by.
   */
  public Verdict verify(Map<EventType<?>, Role> signerRoles, byte[] recordValue, long appendedAt) {
    if (signerRoles.isEmpty()) {
      throw new IllegalArgumentException("name at least one event type and its role");
    }
    List<EventType<?>> accepted =
        signerRoles.keySet().stream().sorted(Comparator.comparing(EventType::name)).toList();
    return verify(accepted, type -> Set.of(signerRoles.get(type)), recordValue, appendedAt);
  }

  private Verdict verify(
      Collection<EventType<?>> accepted,
      Function<EventType<?>, Set<Role>> rolesOf,
      byte[] recordValue,
      long appendedAt) {
    if (recordValue == null) {
      return Verdict.rejected(null, Reason.MALFORMED, "the record has no value");
    }
    String digest = AvroEnvelopes.digest(recordValue).toString();
    Envelope envelope;
    SpecificRecordBase event;
    Set<Role> roles;
    try {
      envelope = EnvelopeCodec.standard().decode(recordValue);
      EventType<?> type =
          accepted.stream()
              .filter(t -> t.payloadType().equals(envelope.getPayloadType()))
              .findFirst()
              .orElse(null);
      if (type == null) {
        return Verdict.rejected(
            digest,
            Reason.TYPE_MISMATCH,
            "this topic holds "
                + accepted.stream().map(EventType::name).sorted().toList()
                + " events");
      }
      event = type.decode(envelope);
      roles = rolesOf.apply(type);
    } catch (DecodingException e) {
      return Verdict.rejected(digest, e.reason(), e.getMessage());
    }
    long signedAt = signedAt(event).toEpochMilli();
    Decision decision = null;
    for (Role role : roles.stream().sorted().toList()) {
      decision = keyring.authorize(envelope, role, appendedAt);
      if (decision instanceof Decision.Accepted) {
        break;
      }
    }
    if (decision instanceof Decision.Rejected r) {
      return Verdict.rejected(digest, r.reason(), r.detail());
    }
    Optional<Decision.Rejected> skewed = skew.check(signedAt, appendedAt);
    if (skewed.isPresent()) {
      return Verdict.rejected(digest, skewed.get().reason(), skewed.get().detail());
    }
    Optional<Violation> invalid = EventRulebook.firstViolation(event, Strictness.ACCEPT);
    if (invalid.isPresent()) {
      return Verdict.rejected(digest, invalid.get().code(), invalid.get().detail());
    }
    return Verdict.accepted(event, ((Decision.Accepted) decision).keyId(), digest, appendedAt);
  }

  private static Instant signedAt(SpecificRecordBase event) {
    if (event.getSchema().getField("signedAt") == null
        || !(event.get("signedAt") instanceof Instant at)) {
      throw new IllegalArgumentException(
          event.getSchema().getName() + " has no signedAt: not a signed lineage event");
    }
    return at;
  }
}
