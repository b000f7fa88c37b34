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
import dev.lineage.signing.Signer;
import dev.lineage.trust.KeyHistory;
import dev.lineage.trust.KeyLookup;
import dev.lineage.trust.Keyring;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Keys, grants and signed training manifests shared by the tests. */
public final class Fixtures {
  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private Fixtures() {}

  /** A grant of {@code roles} to {@code key} from {@link #T0} on, signed by {@code admin}. */
  public static byte[] grant(Signer admin, Signer key, Role... roles) {
    return Envelopes.sign(
        EventType.KEY_GRANTED,
        Envelopes.grant(key.publicKey(), List.of(roles), T0, null, T0),
        admin);
  }

  /** A training manifest for {@code model}, with a DP guarantee when {@code epsilon} is given. */
  public static TrainingManifest manifest(String model, String epsilon) {
    TrainingManifest.Builder b =
        TrainingManifest.builder()
            .subject("model_m92", Digest.parse(model))
            .dataset("features_v47", Digest.parse("sha256:" + "f".repeat(64)))
            .codeCommit("0123456789abcdef0123456789abcdef01234567")
            .lockfile(new ArtifactRef("poetry.lock", Digest.parse("sha256:" + "1".repeat(64))))
            .containerImage("oci:ghcr.io/acme/trainer@sha256:" + "a".repeat(64))
            .seed("global", 1829)
            .hardware(new HardwareFingerprint("amd64", "Xeon", 2, null, 0))
            .createdAt(T0.plusSeconds(3600));
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

  /** The keyring's facts in a map, as the global store would hold them. */
  public static final class MapKeys implements KeyLookup {
    private final Map<String, KeyHistory> histories = new TreeMap<>();

    public MapKeys add(byte[] recordValue) {
      Keyring.KeyEventRead read = Keyring.read(recordValue);
      if (read.rejection() != null) {
        throw new IllegalArgumentException(read.rejection().toString());
      }
      histories.merge(
          read.subjectKeyId(),
          KeyHistory.empty(read.subjectKeyId()).with(read.event()),
          (a, b) -> a.with(read.event()));
      return this;
    }

    @Override
    public Optional<KeyHistory> history(String keyId) {
      return Optional.ofNullable(histories.get(keyId));
    }

    @Override
    public Collection<String> keyIdsWithPublicKey() {
      List<String> ids = new ArrayList<>();
      histories.values().stream()
          .filter(h -> h.publicKeyPem().isPresent())
          .forEach(h -> ids.add(h.keyId()));
      return ids;
    }
  }
}
