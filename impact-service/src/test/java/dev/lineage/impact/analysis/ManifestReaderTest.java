package dev.lineage.impact.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.impact.Fixtures;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.KeyLog;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  private static final String MODEL = "sha256:" + "b".repeat(64);
  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer stranger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  @TempDir Path dir;

  private ManifestReader reader(ContentStore cas) {
    KeyLog keys = new KeyLog(TrustAnchors.of(List.of(root.publicKey())), ClockSkew.defaults());
    byte[] grant = Fixtures.grant(root, producer, Role.PRODUCER);
    keys.add(grant, Envelopes.signedAtOf(grant));
    return new ManifestReader(Optional.ofNullable(cas), keys.keyring());
  }

  @Test
  void aManifestSignedByAProducerIsVerifiedWithItsPrivacyParameters() throws Exception {
    ContentStore cas = new ContentStore(dir);
    String digest = Fixtures.store(Fixtures.manifest(MODEL, "0.5"), producer, cas);

    ManifestCheck check = reader(cas).check("run:t", digest, MODEL);

    assertThat(check).isInstanceOf(ManifestCheck.Verified.class);
    ManifestCheck.Verified v = (ManifestCheck.Verified) check;
    assertThat(v.signer()).isEqualTo(producer.keyId());
    assertThat(v.manifest().privacy().orElseThrow().epsilon()).isEqualByComparingTo("0.5");
  }

  @Test
  void aManifestNotInTheCasIsUnusable() {
    String digest = "sha256:" + "d".repeat(64);

    assertThat(reader(new ContentStore(dir)).check("run:t", digest, MODEL))
        .isEqualTo(new ManifestCheck.Unusable("manifest " + digest + " not in the CAS"));
    assertThat(reader(null).check("run:t", digest, MODEL))
        .isEqualTo(
            new ManifestCheck.Unusable(
                "manifest " + digest + " cannot be read: no CAS is configured"));
    assertThat(reader(null).check("run:t", null, MODEL))
        .isEqualTo(new ManifestCheck.Unusable("training run run:t declares no manifest"));
  }

  @Test
  void aManifestSignedByAKeyWithoutProducerIsUnusable() throws Exception {
    ContentStore cas = new ContentStore(dir);
    String digest = Fixtures.store(Fixtures.manifest(MODEL, "0.5"), stranger, cas);

    ManifestCheck check = reader(cas).check("run:t", digest, MODEL);

    assertThat(check).isInstanceOf(ManifestCheck.Unusable.class);
    assertThat(((ManifestCheck.Unusable) check).why())
        .startsWith("manifest " + digest + " signature not trusted (unknown-key");
  }

  @Test
  void aManifestOfAnotherModelOrNotAManifestIsUnusable() throws Exception {
    ContentStore cas = new ContentStore(dir);
    String other =
        Fixtures.store(Fixtures.manifest("sha256:" + "c".repeat(64), "0.5"), producer, cas);
    String text = cas.putBytes("just text".getBytes(StandardCharsets.UTF_8)).toString();

    assertThat(((ManifestCheck.Unusable) reader(cas).check("run:t", other, MODEL)).why())
        .isEqualTo("manifest " + other + " does not name model " + MODEL + " among its subjects");
    assertThat(((ManifestCheck.Unusable) reader(cas).check("run:t", text, MODEL)).why())
        .isEqualTo("manifest " + text + " is not a DSSE envelope");
  }
}
