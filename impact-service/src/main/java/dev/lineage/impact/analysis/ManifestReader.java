package dev.lineage.impact.analysis;

import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.CorruptObjectException;
import dev.lineage.cas.MissingObjectException;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.NodeId;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.ManifestFormatException;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.MalformedEnvelopeException;
import dev.lineage.trust.Decision;
import dev.lineage.trust.Keyring;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads a training manifest from the content-addressed store and checks it the way events are
 * checked: its DSSE signature must come from a key that held {@code PRODUCER} at the manifest's
 * {@code createdAt} (the keyring decides, as for any event), and it must name the model among its
 * subjects. The CAS re-hashes what it reads, so the bytes are the ones the run's digest names.
 * Every failure is an {@link ManifestCheck.Unusable} with the reason, never an exception: the
 * decision then falls back to RETRAIN and says why.
 *
 * <p>Not thread-safe (the keyring is not): one per stream task.
 */
public final class ManifestReader implements ManifestSource {
  private final Optional<ContentStore> cas;
  private final Keyring keyring;

  public ManifestReader(Optional<ContentStore> cas, Keyring keyring) {
    this.cas = cas;
    this.keyring = keyring;
  }

  /**
   * The manifest of {@code trainingRun} (digest {@code manifestDigest}, may be null) for {@code
   * modelId}.
   */
  @Override
  public ManifestCheck check(String trainingRun, String manifestDigest, String modelId) {
    if (manifestDigest == null) {
      return new ManifestCheck.Unusable("training run " + trainingRun + " declares no manifest");
    }
    Digest digest;
    try {
      digest = Digest.parse(manifestDigest);
    } catch (InvalidIdException e) {
      return new ManifestCheck.Unusable(
          "training run " + trainingRun + " names a manifest digest that is not sha256:<hex>");
    }
    if (cas.isEmpty()) {
      return new ManifestCheck.Unusable(
          "manifest " + digest + " cannot be read: no CAS is configured");
    }
    byte[] bytes;
    try {
      bytes = cas.get().readBytes(digest);
    } catch (MissingObjectException e) {
      return new ManifestCheck.Unusable("manifest " + digest + " not in the CAS");
    } catch (CorruptObjectException e) {
      return new ManifestCheck.Unusable("manifest " + digest + " is corrupt in the CAS");
    } catch (IOException e) {
      return new ManifestCheck.Unusable(
          "manifest " + digest + " unreadable (" + e.getClass().getSimpleName() + ")");
    }
    DsseEnvelope envelope;
    TrainingManifest manifest;
    try {
      envelope = DsseEnvelope.fromJson(bytes);
      if (!SignedManifests.PAYLOAD_TYPE.equals(envelope.payloadType())) {
        return new ManifestCheck.Unusable(
            "manifest " + digest + " is not an in-toto statement envelope");
      }
      // nothing of it is used unless the signature then verifies over these very bytes
      manifest = TrainingManifest.fromJson(envelope.payload());
    } catch (MalformedEnvelopeException e) {
      return new ManifestCheck.Unusable("manifest " + digest + " is not a DSSE envelope");
    } catch (ManifestFormatException e) {
      return new ManifestCheck.Unusable(
          "manifest " + digest + " is not a training manifest (" + e.getMessage() + ")");
    }
    // A manifest is no topic record, so no broker time dates it, and its createdAt is the signer's
    // claim: its key must hold PRODUCER now, by everything the keyring knows (a revoked or expired
    // key's manifest no longer counts, and the model is retrained rather than assessed).
    Decision decision =
        keyring.authorize(
            AvroEnvelopes.toAvro(envelope),
            Role.PRODUCER,
            System.currentTimeMillis(),
            Keyring.EVERYTHING_KNOWN);
    if (decision instanceof Decision.Rejected r) {
      return new ManifestCheck.Unusable(
          "manifest " + digest + " signature not trusted (" + r.reason() + ": " + r.detail() + ")");
    }
    Optional<Digest> model = modelDigest(modelId);
    if (model.isPresent()
        && manifest.subjects().stream().map(ArtifactRef::digest).noneMatch(model.get()::equals)) {
      return new ManifestCheck.Unusable(
          "manifest " + digest + " does not name model " + modelId + " among its subjects");
    }
    return new ManifestCheck.Verified(
        digest.toString(), manifest, ((Decision.Accepted) decision).keyId());
  }

  /** A content-addressed model's digest; other ids (an image, a source) name no subject digest. */
  private static Optional<Digest> modelDigest(String modelId) {
    try {
      NodeId id = NodeId.parse(modelId);
      return id.kind() == NodeId.Kind.ARTIFACT ? id.digest() : Optional.empty();
    } catch (InvalidIdException e) {
      return Optional.empty();
    }
  }
}
