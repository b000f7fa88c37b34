package dev.lineage.openlineage.attest;

import dev.lineage.openlineage.MalformedEventException;
import dev.lineage.openlineage.RawEvent;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.Signer;
import dev.lineage.signing.VerificationResult;
import dev.lineage.signing.Verifier;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway's signature over an OpenLineage event it accepted. OpenLineage events carry no
 * signature of their own; the gateway, after authenticating where an event came from (a bearer
 * token mapped to a producer name, or the topic whose writers ACLs restrict), signs a DSSE envelope
 * whose payload is the event's <b>exact bytes</b>, so the original stays checkable by anyone
 * holding the gateway's public key, with any DSSE verifier.
 *
 * <p>The payload type is {@code application/vnd.openlineage+json; source="<source>"}: the
 * registered-style media type of an OpenLineage JSON event plus one parameter naming the
 * authenticated source. DSSE signs the payload type with the payload (PAE), so the source is
 * covered by the signature without touching the event bytes. A source is ASCII letters, digits and
 * {@code . _ - : /}, e.g. {@code http:acme-airflow} or {@code kafka:openlineage.events}.
 *
 * <p>What it vouches for: that this gateway received these bytes from that authenticated source and
 * found them valid. Not that the pipeline ran as described: that only a producer's own signature
 * can say.
 */
public final class GatewayAttestation {
  /** The media type of an OpenLineage event, the payload type's base. */
  public static final String MEDIA_TYPE = "application/vnd.openlineage+json";

  private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");
  private static final Pattern PAYLOAD_TYPE =
      Pattern.compile(Pattern.quote(MEDIA_TYPE) + "; source=\"(" + SOURCE.pattern() + ")\"");

  private final Signer gatewayKey;

  /** An attester signing with the gateway's own key (role gateway, never a producer's key). */
  public GatewayAttestation(Signer gatewayKey) {
    this.gatewayKey = Objects.requireNonNull(gatewayKey, "gatewayKey");
  }

  /** The gateway key's id (hex SHA-256 of its SubjectPublicKeyInfo). */
  public String keyId() {
    return gatewayKey.keyId();
  }

  /** The payload type for events from {@code source}. */
  public static String payloadType(String source) {
    if (source == null || !SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException(
          "source '"
              + source
              + "' refused: 1 to 200 ASCII letters, digits, '.', '_', '-', ':', '/', starting with"
              + " a letter or digit");
    }
    return MEDIA_TYPE + "; source=\"" + source + "\"";
  }

  /**
   * The authenticated source a payload type names, or empty when it is not an OpenLineage
   * attestation's: for a verifier that checks the signature itself (lineage-streams checks it
   * against the keyring at the broker's append time, which must find the role {@code GATEWAY}).
   */
  public static Optional<String> sourceOf(String payloadType) {
    if (payloadType == null) {
      return Optional.empty();
    }
    Matcher type = PAYLOAD_TYPE.matcher(payloadType);
    return type.matches() ? Optional.of(type.group(1)) : Optional.empty();
  }

  /** Signs the event's exact bytes, vouching that they came from {@code source}. */
  public DsseEnvelope attest(RawEvent event, String source) {
    return gatewayKey.envelope(payloadType(source), event.bytes());
  }

  /**
   * Verifies an attestation against the trusted gateway keys and returns the event it carries.
   *
   * @throws AttestationException with {@link AttestationException.Reason#TYPE_MISMATCH} for another
   *     payload type, {@link AttestationException.Reason#BAD_SIGNATURE} when no trusted gateway key
   *     signed it, {@link AttestationException.Reason#MALFORMED} when the signed payload is not an
   *     event
   */
  public static AttestedEvent verify(DsseEnvelope envelope, Verifier trustedGatewayKeys) {
    Matcher type = PAYLOAD_TYPE.matcher(envelope.payloadType());
    if (!type.matches()) {
      throw new AttestationException(
          AttestationException.Reason.TYPE_MISMATCH,
          "payload type '"
              + envelope.payloadType()
              + "' is not an OpenLineage attestation ("
              + MEDIA_TYPE
              + "; source=\"...\")");
    }
    VerificationResult result = trustedGatewayKeys.verify(envelope);
    if (!result.verified()) {
      throw new AttestationException(AttestationException.Reason.BAD_SIGNATURE, result.reason());
    }
    RawEvent event;
    try {
      event = RawEvent.of(envelope.payload());
    } catch (MalformedEventException e) {
      throw new AttestationException(
          AttestationException.Reason.MALFORMED, "signed payload: " + e.getMessage(), e);
    }
    return new AttestedEvent(event, type.group(1), result.verifiedKeyIds());
  }
}
