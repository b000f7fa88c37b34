package dev.lineage.manifest;

import dev.lineage.cas.ContentStore;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.Signer;
import dev.lineage.signing.VerificationResult;
import dev.lineage.signing.Verifier;
import java.io.IOException;

/**
 * Training manifests as signed DSSE JSON envelopes ({@value #PAYLOAD_TYPE}). The envelope's JSON
 * bytes are what is stored and referenced: their digest is the artifact of record.
 */
public final class SignedManifests {
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private SignedManifests() {}

  public static DsseEnvelope sign(TrainingManifest manifest, Signer signer) {
    return signer.envelope(PAYLOAD_TYPE, manifest.toJson());
  }

  /** The digest of record: SHA-256 of the envelope's JSON bytes. */
  public static Digest digestOf(DsseEnvelope envelope) {
    return Sha256.of(envelope.toJson());
  }

  /** Stores the envelope's JSON in the CAS and returns its digest (the artifact of record). */
  public static Digest store(DsseEnvelope envelope, ContentStore store) throws IOException {
    return store.putBytes(envelope.toJson());
  }

  /**
   * Verifies the envelope and reads the manifest from the very payload bytes that were verified.
   *
   * @throws ManifestVerificationException when the signatures do not satisfy the verifier or the
   *     payload type is not an in-toto statement
   * @throws ManifestFormatException when the signed payload is not a training manifest
   */
  public static VerifiedManifest verify(DsseEnvelope envelope, Verifier verifier) {
    if (!PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw new ManifestVerificationException(
          "payload type is '" + envelope.payloadType() + "', expected " + PAYLOAD_TYPE, null);
    }
    byte[] payload = envelope.payload();
    DsseEnvelope checked = new DsseEnvelope(PAYLOAD_TYPE, payload, envelope.signatures());
    VerificationResult result = verifier.verify(checked);
    if (!result.verified()) {
      throw new ManifestVerificationException(result.reason(), result);
    }
    return new VerifiedManifest(TrainingManifest.fromJson(payload), result);
  }

  /** A manifest whose envelope verified, with who signed it. */
  public record VerifiedManifest(TrainingManifest manifest, VerificationResult result) {}
}
