package dev.lineage.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.tlog.note.NoteVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Published signed-note vectors (data only):
 *
 * <ul>
 *   <li>C2SP/C2SP {@code signed-note.md}, "Verifier keys / Example" (the example.com/foo vkey and
 *       note);
 *   <li>golang/mod {@code sumdb/note/note_test.go} at 02c991387e35f9e4c0a9b7ce137717055f8d716d
 *       (BSD-3-Clause): the PeterNeumann signer key, its vkey, the deterministic signature of the
 *       "cryptography" text, and the EnochRoot vkey and signature;
 *   <li>transparency-dev/formats {@code note/note_cosigv1_test.go} at
 *       091ce41666c09683aa9350785e572be27f0c026d (Apache-2.0): a native cosignature/v1 vkey and a
 *       cosignature with its timestamp.
 * </ul>
 */
class SignedNoteVectorsTest {
  static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  // Go's skey format: PRIVATE+KEY+<name>+<id>+base64(0x01 || 32-byte seed)
  static final String PETER_SKEY_MATERIAL = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String ENOCH_VKEY =
      "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  static final String PETER_SIG =
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  static final String ENOCH_SIG =
      "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

  static Ed25519NoteSigner peter() {
    byte[] material = Base64.getDecoder().decode(PETER_SKEY_MATERIAL);
    assertThat(material[0]).isEqualTo(KeyIds.ED25519);
    return new Ed25519NoteSigner(
        "PeterNeumann", Ed25519KeyPair.fromSeed(Arrays.copyOfRange(material, 1, 33)));
  }

  @Test
  void theSpecExampleVkeyVerifiesTheSpecExampleNote() throws Exception {
    NoteVerifier v =
        VerifierKeys.parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
    String note =
        "This is an example message.\n\n"
            + "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    VerifiedNote n = SignedNote.parse(note).verify(List.of(v));
    assertThat(n.text()).isEqualTo("This is an example message.\n");
    assertThat(n.verified()).hasSize(1);
    assertThat(SignedNote.parse(note).format()).isEqualTo(note);
  }

  @Test
  void signingReproducesGosSignatureByteForByte() {
    Ed25519NoteSigner peter = peter();
    assertThat(KeyIds.hex(peter.keyId())).isEqualTo("c74f20a3");
    assertThat(peter.verifier().vkey()).isEqualTo(PETER_VKEY);
    assertThat(SignedNote.sign(TEXT, List.of(peter)).format()).isEqualTo(TEXT + "\n" + PETER_SIG);
  }

  @Test
  void unknownKeysAreIgnoredAndKnownOnesVerified() throws Exception {
    NoteVerifier peter = VerifierKeys.parse(PETER_VKEY);
    NoteVerifier enoch = VerifierKeys.parse(ENOCH_VKEY);
    SignedNote note = SignedNote.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG);

    VerifiedNote onlyPeter = note.verify(List.of(peter));
    assertThat(onlyPeter.verified())
        .extracting(NoteSignature::name)
        .containsExactly("PeterNeumann");
    assertThat(onlyPeter.unverified()).extracting(NoteSignature::name).containsExactly("EnochRoot");

    assertThat(note.verify(List.of(peter, enoch)).verified()).hasSize(2);

    assertThatThrownBy(() -> note.verify(List.of()))
        .isInstanceOf(NoteVerificationException.class)
        .extracting(e -> ((NoteVerificationException) e).reason())
        .isEqualTo(Reason.NO_KNOWN_SIGNATURE);
  }

  @Test
  void aBadSignatureByAKnownKeyRejectsTheWholeNote() throws Exception {
    String tampered = TEXT + "\n" + PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
    SignedNote note = SignedNote.parse(tampered + ENOCH_SIG);
    assertThatThrownBy(() -> note.verify(List.of(VerifierKeys.parse(PETER_VKEY))))
        .isInstanceOf(NoteVerificationException.class)
        .hasMessage("invalid signature for key PeterNeumann+c74f20a3")
        .extracting(e -> ((NoteVerificationException) e).reason())
        .isEqualTo(Reason.INVALID_SIGNATURE);
    // a changed text fails the same way
    SignedNote changedText =
        SignedNote.parse(TEXT.replace("problem", "problems") + "\n" + PETER_SIG);
    assertThatThrownBy(() -> changedText.verify(List.of(VerifierKeys.parse(PETER_VKEY))))
        .extracting(e -> ((NoteVerificationException) e).reason())
        .isEqualTo(Reason.INVALID_SIGNATURE);
  }

  @Test
  void aSignatureWhoseNameOrKeyIdDiffersIsFromAnUnknownKey() throws Exception {
    String misnamed = PETER_SIG.replace("PeterNeumann", "CarmenSandiego");
    assertThatThrownBy(
            () ->
                SignedNote.parse(TEXT + "\n" + misnamed)
                    .verify(List.of(VerifierKeys.parse(PETER_VKEY))))
        .extracting(e -> ((NoteVerificationException) e).reason())
        .isEqualTo(Reason.NO_KNOWN_SIGNATURE);
    String otherId = PETER_SIG.replace("x08g", "xxxx");
    assertThatThrownBy(
            () ->
                SignedNote.parse(TEXT + "\n" + otherId)
                    .verify(List.of(VerifierKeys.parse(PETER_VKEY))))
        .extracting(e -> ((NoteVerificationException) e).reason())
        .isEqualTo(Reason.NO_KNOWN_SIGNATURE);
  }

  /** The malformed messages of Go's TestOpen. */
  @Test
  void malformedNotesAreRefused() {
    List<String> bad =
        List.of(
            TEXT,
            TEXT + "\n",
            TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
            "\u0001" + TEXT + "\n" + PETER_SIG,
            TEXT
                + "\n"
                + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
            TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
            TEXT + "\n" + PETER_SIG.repeat(101));
    for (String note : bad) {
      assertThatThrownBy(() -> SignedNote.parse(note), note)
          .isInstanceOf(NoteVerificationException.class)
          .hasMessageStartingWith("malformed note: ")
          .extracting(e -> ((NoteVerificationException) e).reason())
          .isEqualTo(Reason.MALFORMED);
    }
    byte[] invalidUtf8 = (TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.UTF_8);
    invalidUtf8[0] = (byte) 0xff;
    assertThatThrownBy(() -> SignedNote.parse(invalidUtf8))
        .hasMessage("malformed note: the note is not valid UTF-8");
  }

  @Test
  void vkeysAreCheckedAgainstTheirOwnKeyId() {
    assertThat(VerifierKeys.parse("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"))
        .isInstanceOf(Ed25519NoteVerifier.class);
    assertThatThrownBy(
            () -> VerifierKeys.parse("rekor.sigstore.dev+00000000+" + PETER_VKEY.split("\\+")[2]))
        .hasMessageStartingWith(
            "vkey key ID 00000000 does not match its name and key, which give ");
    assertThatThrownBy(() -> VerifierKeys.parse("bananas.sigstore.dev+12344556"))
        .hasMessage("a vkey is <name>+<hex key ID>+<base64 key>, got 2 part(s)");
    assertThatThrownBy(() -> VerifierKeys.parse("rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!"))
        .hasMessageStartingWith("vkey key is not base64");
    assertThatThrownBy(
            () ->
                VerifierKeys.parse(
                    "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessage("vkey signature type 0x65 is not supported");
    // every one-character change of a valid vkey is refused (Go's TestNewVerifier)
    char[] chars = PETER_VKEY.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i]++;
      String mangled = new String(chars);
      assertThatThrownBy(() -> VerifierKeys.parse(mangled), mangled)
          .isInstanceOf(IllegalArgumentException.class);
      chars[i]--;
    }
  }

  @Test
  void aNativeCosignatureVkeyHasTheCosignatureKeyId() {
    NoteVerifier v =
        VerifierKeys.parse("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
    assertThat(v).isInstanceOf(CosignatureV1Verifier.class);
    assertThat(KeyIds.hex(v.keyId())).isEqualTo("da77ade7");
  }

  @Test
  void readsTheTimestampOfPublishedCosignatures() throws Exception {
    // transparency-dev/formats TestCosignatureTimestamp
    byte[] sig =
        Base64.getDecoder()
            .decode(
                "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==");
    assertThat(CosignatureV1Verifier.timestamp(Arrays.copyOfRange(sig, 4, sig.length)))
        .hasValue(1727964367L);
    // the witness line of c2sp.org/tlog-cosignature, whose message example says "time 1679315147"
    NoteSignature line =
        SignedNote.parseSignatureLine(
            "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==");
    assertThat(CosignatureV1Verifier.timestamp(line.signature())).hasValue(1679315147L);
    // a plain Ed25519 note signature is not a cosignature
    byte[] plain =
        Base64.getDecoder()
            .decode(
                "eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=");
    assertThat(CosignatureV1Verifier.timestamp(Arrays.copyOfRange(plain, 4, plain.length)))
        .isEmpty();
  }
}
