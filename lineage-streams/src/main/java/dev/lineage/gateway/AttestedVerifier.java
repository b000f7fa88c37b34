package dev.lineage.gateway;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.openlineage.MalformedEventException;
import dev.lineage.openlineage.RawEvent;
import dev.lineage.openlineage.attest.GatewayAttestation;
import dev.lineage.openlineage.mapping.GraphMapping;
import dev.lineage.openlineage.mapping.OpenLineageMapper;
import dev.lineage.openlineage.mapping.UnmappableEventException;
import dev.lineage.openlineage.validate.OpenLineageValidator;
import dev.lineage.openlineage.validate.ValidationReport;
import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.trust.Decision;
import dev.lineage.trust.Keyring;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks one record of the attested topic as any event is checked: it decodes, its payload type is
 * an OpenLineage attestation's, a key holding {@code GATEWAY} when the broker appended the record
 * signed it (the keyring at the append time, exactly as for a producer's event: revocations and
 * grant windows apply), and the event it carries is a valid OpenLineage event the mapper can read.
 * A producer's key, however valid, cannot attest: the role decides.
 *
 * <p>No clock skew applies: a DSSE attestation carries no signed time (OpenLineage's {@code
 * eventTime} is the sender's claim and decides nothing), so the append time alone decides which
 * keys count.
 */
public final class AttestedVerifier {
  private final Keyring keyring;
  private final OpenLineageValidator validator;

  public AttestedVerifier(Keyring keyring, OpenLineageValidator validator) {
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /** The verdict on one attested record value appended at {@code appendedAt}. */
  public GatewayVerdict verify(byte[] recordValue, long appendedAt) {
    if (recordValue == null) {
      return GatewayVerdict.rejected(null, Reason.MALFORMED, "the record has no value");
    }
    String digest = AvroEnvelopes.digest(recordValue).toString();
    Envelope envelope;
    try {
      envelope = EnvelopeCodec.standard().decode(recordValue);
    } catch (DecodingException e) {
      return GatewayVerdict.rejected(digest, e.reason(), e.getMessage());
    }
    Optional<String> source = GatewayAttestation.sourceOf(envelope.getPayloadType());
    if (source.isEmpty()) {
      return GatewayVerdict.rejected(
          digest,
          Reason.TYPE_MISMATCH,
          "this topic holds OpenLineage attestations (" + GatewayAttestation.MEDIA_TYPE + ")");
    }
    Decision decision = keyring.authorize(envelope, Role.GATEWAY, appendedAt);
    if (decision instanceof Decision.Rejected r) {
      return GatewayVerdict.rejected(digest, r.reason(), r.detail());
    }
    String keyId = ((Decision.Accepted) decision).keyId();
    RawEvent event;
    try {
      event = RawEvent.of(EnvelopeCodec.payload(envelope));
    } catch (MalformedEventException e) {
      return GatewayVerdict.rejected(
          digest, Reason.MALFORMED, "the attested payload is not one JSON object");
    }
    ValidationReport report = validator.validate(event);
    if (!report.valid()) {
      String path = report.violations().get(0).path();
      return GatewayVerdict.rejected(
          digest, Reason.SCHEMA_VIOLATION, "the attested event breaks the spec at " + path, path);
    }
    GraphMapping mapping;
    try {
      mapping = OpenLineageMapper.map(event);
    } catch (UnmappableEventException e) {
      return GatewayVerdict.rejected(digest, Reason.INVALID_ID, e.getMessage());
    }
    return GatewayVerdict.accepted(digest, keyId, source.get(), mapping);
  }
}
