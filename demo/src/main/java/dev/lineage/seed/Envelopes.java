package dev.lineage.seed;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.Role;
import dev.lineage.rules.EventRulebook;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.KeyPairs;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/**
 * Key events and times for tests and tools that write records by hand. Signing is {@link
 * dev.lineage.signing.AvroEnvelopes#sign}, the one way an event becomes a record value.
 */
public final class Envelopes {
  private Envelopes() {}

  /** A grant of {@code roles} to {@code key} from {@code validFrom} on, signed at the same time. */
  public static KeyGranted grant(
      PublicKey key, List<Role> roles, Instant validFrom, Instant validUntil, Instant signedAt) {
    return KeyGranted.newBuilder()
        .setKeyId(KeyPairs.keyId(key))
        .setAlgorithm(EventRulebook.keyAlgorithm(KeyPairs.algorithmOf(key)))
        .setPublicKeyPem(KeyPairs.publicKeyPem(key))
        .setRoles(roles)
        .setValidFrom(validFrom)
        .setValidUntil(validUntil)
        .setSignedAt(signedAt)
        .build();
  }

  public static KeyRevoked revoke(PublicKey key, Instant revokedFrom, Instant signedAt) {
    return KeyRevoked.newBuilder()
        .setKeyId(KeyPairs.keyId(key))
        .setRevokedFrom(revokedFrom)
        .setReason("rotated")
        .setSignedAt(signedAt)
        .build();
  }

  /**
   * The {@code signedAt} an envelope's payload claims (epoch millis): what a test gives as the
   * record's append time for an event published the moment it was signed.
   */
  public static long signedAtOf(byte[] recordValue) {
    Envelope envelope = EnvelopeCodec.standard().decode(recordValue);
    Object at = EventType.decodeAny(envelope).get("signedAt");
    if (!(at instanceof Instant instant)) {
      throw new IllegalArgumentException(envelope.getPayloadType() + " has no signedAt");
    }
    return instant.toEpochMilli();
  }
}
