package dev.lineage.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CosignatureV1Test {
  static final String BODY =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  static final Clock AT = Clock.fixed(Instant.ofEpochSecond(1679315147), ZoneOffset.UTC);

  @Test
  void signsTheSpecMessageAndPrefixesTheTimestamp() {
    Ed25519KeyPair key = Ed25519KeyPair.generate();
    CosignatureV1Signer signer = new CosignatureV1Signer("witness.example.com/w1", key, AT);
    byte[] sig = signer.sign(BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(sig).hasSize(72);
    assertThat(ByteBuffer.wrap(sig).getLong()).isEqualTo(1679315147L);
    // c2sp.org/tlog-cosignature, "Ed25519 signed message"
    byte[] expectedMessage =
        ("cosignature/v1\ntime 1679315147\n" + BODY).getBytes(StandardCharsets.UTF_8);
    assertThat(
            CosignatureV1Signer.signedMessage(1679315147L, BODY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(expectedMessage);
    assertThat(
            Ed25519KeyPair.verify(key.publicKey(), expectedMessage, Arrays.copyOfRange(sig, 8, 72)))
        .isTrue();
    assertThat(KeyIds.keyId("witness.example.com/w1", (byte) 0x04, key.publicKey()))
        .isEqualTo(signer.keyId())
        .isNotEqualTo(KeyIds.keyId("witness.example.com/w1", (byte) 0x01, key.publicKey()));
  }

  @Test
  void aCosignatureVerifiesThroughTheNoteMachineryAndCoversTheTimestamp() throws Exception {
    Ed25519KeyPair key = Ed25519KeyPair.fromJca(KeyPairs.generate(Algorithm.ED25519));
    CosignatureV1Signer signer = new CosignatureV1Signer("w1", key, AT);
    SignedNote note = SignedNote.sign(BODY, List.of(signer));
    assertThat(note.verify(List.of(VerifierKeys.parse(signer.verifier().vkey()))).verified())
        .hasSize(1);

    byte[] sig = note.signatures().get(0).signature();
    sig[7] ^= 1; // one second later
    SignedNote shifted =
        new SignedNote(BODY, List.of(new NoteSignature("w1", signer.keyId(), sig)));
    assertThatThrownBy(() -> shifted.verify(List.of(signer.verifier())))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessage("invalid signature for key w1+" + KeyIds.hex(signer.keyId()));
  }

  @Test
  void aPlainNoteKeyDoesNotAcceptACosignatureOfTheSameKey() throws Exception {
    Ed25519KeyPair key = Ed25519KeyPair.generate();
    SignedNote cosigned = SignedNote.sign(BODY, List.of(new CosignatureV1Signer("w1", key, AT)));
    assertThatThrownBy(() -> cosigned.verify(List.of(new Ed25519NoteSigner("w1", key).verifier())))
        .extracting(e -> ((NoteVerificationException) e).reason())
        .isEqualTo(NoteVerificationException.Reason.NO_KNOWN_SIGNATURE);
  }

  @Test
  void refusesToSignWithAClockBeforeTheEpoch() {
    CosignatureV1Signer signer =
        new CosignatureV1Signer(
            "w1", Ed25519KeyPair.generate(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    assertThatThrownBy(() -> signer.sign(BODY.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalStateException.class);
  }
}
