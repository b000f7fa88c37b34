package dev.lineage.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyPairsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void pemFilesRoundTripWithOwnerOnlyPrivateKey(Algorithm algorithm) throws Exception {
    KeyPair kp = KeyPairs.generate(algorithm);
    Path key = tmp.resolve("k.key");
    Path pub = tmp.resolve("k.pub");
    KeyPairs.writePrivateKey(kp.getPrivate(), key);
    KeyPairs.writePublicKey(kp.getPublic(), pub);
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----\n");

    KeyPair back = KeyPairs.readPrivateKey(key);
    assertThat(back.getPublic().getEncoded()).isEqualTo(kp.getPublic().getEncoded());
    assertThat(KeyPairs.readPublicKey(pub).getEncoded()).isEqualTo(kp.getPublic().getEncoded());
    assertThat(KeyPairs.algorithmOf(back.getPublic())).isEqualTo(algorithm);
    assertThatThrownBy(() -> KeyPairs.writePrivateKey(kp.getPrivate(), key))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void keyIdIsTheSha256OfTheDerSubjectPublicKeyInfo() throws Exception {
    KeyPair kp = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(kp.getPublic().getEncoded()));
    assertThat(KeyPairs.keyId(kp.getPublic())).isEqualTo(expected).hasSize(64).isLowerCase();
    assertThat(kp.getPublic().getFormat()).isEqualTo("X.509");
  }

  @Test
  void opensslSec1PrivateKeysAreAccepted() throws Exception {
    Path key = tmp.resolve("openssl.key");
    // written by openssl 3.0: openssl ecparam -name prime256v1 -genkey -noout
    Files.writeString(
        key,
        "-----BEGIN EC PRIVATE KEY-----\n"
            + "MHcCAQEEIAzbSg/7wnV0h7YrawUdI7Id/IiGvZyhJ3I8CfadOeA6oAoGCCqGSM49\n"
            + "AwEHoUQDQgAE2D8bjVl2jJHrlKNNYeRoR4zkdGu44MmPKWesAkEXYD7VAERox6ho\n"
            + "hawEDgV7pOyqw5DJEjKv91TyHMBn8dRmFg==\n"
            + "-----END EC PRIVATE KEY-----\n");
    KeyPair kp = KeyPairs.readPrivateKey(key);
    assertThat(KeyPairs.algorithmOf(kp.getPublic())).isEqualTo(Algorithm.ECDSA_P256_SHA256);
    Signer s = new Signer(kp);
    DsseEnvelope e = s.envelope("t", new byte[] {1});
    assertThat(new Verifier(java.util.List.of(kp.getPublic())).verify(e).verified()).isTrue();
  }

  @Test
  void otherCurvesAndGarbageAreRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = g.generateKeyPair();
    assertThatThrownBy(() -> KeyPairs.algorithmOf(p384.getPublic()))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("P-256");
    assertThatThrownBy(() -> KeyPairs.parsePublicKey("not a key", "x.pub"))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("x.pub");
    String privPem = KeyPairs.privateKeyPem(KeyPairs.generate(Algorithm.ED25519).getPrivate());
    assertThatThrownBy(() -> KeyPairs.parsePublicKey(privPem, "k"))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("not a PEM public key");
  }

  @Test
  void algorithmNames() {
    assertThat(Algorithm.fromName("P256")).isEqualTo(Algorithm.ECDSA_P256_SHA256);
    assertThat(Algorithm.fromName("ed25519")).isEqualTo(Algorithm.ED25519);
    assertThatThrownBy(() -> Algorithm.fromName("rsa")).hasMessageContaining("p256 or ed25519");
  }
}
