package dev.lineage.impact;

import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.manifest.PrivacyParameters;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.Signer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Keys, grants and signed training manifests shared by the tests. */
public final class Fixtures {
  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private Fixtures() {}

  /** A grant of {@code roles} to {@code key} from {@link #T0} on, signed by {@code admin}. */
  public static byte[] grant(Signer admin, Signer key, Role... roles) {
    return AvroEnvelopes.sign(
        EventType.KEY_GRANTED,
        Envelopes.grant(key.publicKey(), List.of(roles), T0, null, T0),
        admin);
  }

  /**
   * A grant of {@code roles} to {@code key}, signed by {@code admin} now and valid from then on:
   * what a test publishing to a real broker sends (trust checks hold signing times to the append
   * time).
   */
  public static byte[] grantNow(Signer admin, Signer key, Role... roles) {
    Instant now = Instant.now();
    return AvroEnvelopes.sign(
        EventType.KEY_GRANTED,
        Envelopes.grant(key.publicKey(), List.of(roles), now, null, now),
        admin);
  }

  /** A training manifest for {@code model}, with a DP guarantee when {@code epsilon} is given. */
  public static TrainingManifest manifest(String model, String epsilon) {
    return manifest(model, epsilon, T0.plusSeconds(3600));
  }

  /** As {@link #manifest(String, String)}, created (so signed) at {@code createdAt}. */
  public static TrainingManifest manifest(String model, String epsilon, Instant createdAt) {
    TrainingManifest.Builder b =
        TrainingManifest.builder()
            .subject("model_m92", Digest.parse(model))
            .dataset("features_v47", Digest.parse("sha256:" + "f".repeat(64)))
            .codeCommit("0123456789abcdef0123456789abcdef01234567")
            .lockfile(new ArtifactRef("poetry.lock", Digest.parse("sha256:" + "1".repeat(64))))
            .containerImage("oci:ghcr.io/acme/trainer@sha256:" + "a".repeat(64))
            .seed("global", 1829)
            .hardware(new HardwareFingerprint("amd64", "Xeon", 2, null, 0))
            .createdAt(createdAt);
    if (epsilon != null) {
      b.privacy(new PrivacyParameters("gaussian", new BigDecimal(epsilon), new BigDecimal("1e-5")));
    }
    return b.build();
  }

  /** Signs and stores a manifest; returns its digest. */
  public static String store(TrainingManifest manifest, Signer producer, ContentStore cas)
      throws IOException {
    return SignedManifests.store(SignedManifests.sign(manifest, producer), cas).toString();
  }
}
