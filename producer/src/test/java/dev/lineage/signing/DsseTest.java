package dev.lineage.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DsseTest {
  static final KeyPair P256 = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
  static final KeyPair P256_OTHER = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
  static final KeyPair ED = KeyPairs.generate(Algorithm.ED25519);
  static final String TYPE = "application/vnd.lineage.artifact-registered+avro";
  static final byte[] BODY = "{\"model\":\"m92\"}".getBytes(StandardCharsets.UTF_8);

  static KeyPair keys(Algorithm a) {
    return a == Algorithm.ED25519 ? ED : P256;
  }

  @Test
  void paeCountsBytesNotCharacters() {
    String type = "application/vnd.ünïcödé+json"; // 28 characters, 32 bytes
    byte[] body = "日本".getBytes(StandardCharsets.UTF_8); // 2 characters, 6 bytes
    byte[] pae = Pae.encode(type, body);
    String expected = "DSSEv1 32 application/vnd.ünïcödé+json 6 日本";
    assertThat(new String(pae, StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(Pae.encode("", new byte[0]))
        .isEqualTo("DSSEv1 0  0 ".getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void signAndVerifyRoundTripThroughJson(Algorithm algorithm) {
    Signer signer = new Signer(keys(algorithm));
    DsseEnvelope e =
        signer.envelope("application/vnd.ünï+json", "データ".getBytes(StandardCharsets.UTF_8));
    DsseEnvelope back = DsseEnvelope.fromJson(e.toJson());
    assertThat(back).isEqualTo(e);
    assertThat(back.signatures().get(0).keyid()).isEqualTo(signer.keyId());
    VerificationResult r = new Verifier(List.of(keys(algorithm).getPublic())).verify(back);
    assertThat(r.verified()).as(r.reason()).isTrue();
    assertThat(r.verifiedKeyIds()).containsExactly(signer.keyId());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void signaturesAreDeterministic(Algorithm algorithm) {
    Signer signer = new Signer(keys(algorithm));
    assertThat(signer.envelope(TYPE, BODY).toJson())
        .isEqualTo(signer.envelope(TYPE, BODY).toJson());
  }

  @Test
  void p256SignaturesAreDerAndRawRsIsAcceptedToo() throws Exception {
    DsseSignature der = new Signer(P256).sign(TYPE, BODY);
    ASN1Sequence seq = ASN1Sequence.getInstance(der.sig());
    assertThat(seq.size()).isEqualTo(2);
    byte[] raw = new byte[64];
    put(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), raw, 0);
    put(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), raw, 32);
    DsseEnvelope rawEnvelope = new DsseEnvelope(TYPE, BODY, List.of(new DsseSignature("", raw)));
    assertThat(new Verifier(List.of(P256.getPublic())).verify(rawEnvelope).verified()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void tamperingWithAnyByteFails(Algorithm algorithm) {
    KeyPair kp = keys(algorithm);
    DsseEnvelope e = new Signer(kp).envelope(TYPE, BODY);
    Verifier v = new Verifier(List.of(kp.getPublic()));
    DsseSignature s = e.signatures().get(0);
    for (int i = 0; i < BODY.length; i++) {
      byte[] b = BODY.clone();
      b[i] ^= 0x01;
      VerificationResult r = v.verify(new DsseEnvelope(TYPE, b, e.signatures()));
      assertThat(r.verified()).as("payload byte " + i).isFalse();
      assertThat(r.failure()).contains(VerificationResult.Failure.BAD_SIGNATURE);
    }
    byte[] type = TYPE.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < type.length; i++) {
      byte[] t = type.clone();
      t[i] ^= 0x01;
      String tampered = new String(t, StandardCharsets.UTF_8);
      assertThat(v.verify(new DsseEnvelope(tampered, BODY, e.signatures())).verified())
          .as("type byte " + i)
          .isFalse();
    }
    byte[] sig = s.sig();
    for (int i = 0; i < sig.length; i++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] t = sig.clone();
        t[i] ^= (byte) bit;
        DsseEnvelope bad = new DsseEnvelope(TYPE, BODY, List.of(new DsseSignature(s.keyid(), t)));
        assertThat(v.verify(bad).verified()).as("sig byte " + i + " bit " + bit).isFalse();
      }
    }
    assertThat(
            v.verify(
                    new DsseEnvelope(
                        TYPE, BODY, List.of(new DsseSignature(s.keyid(), new byte[0]))))
                .verified())
        .isFalse();
  }

  @Test
  void wrongKeyFailsAndTheKeyidHintDoesNotDecideTrust() {
    DsseEnvelope e = new Signer(P256).envelope(TYPE, BODY);
    VerificationResult r = new Verifier(List.of(P256_OTHER.getPublic())).verify(e);
    assertThat(r.verified()).isFalse();
    assertThat(r.failure()).contains(VerificationResult.Failure.NO_TRUSTED_KEY);

    // a signature by an untrusted key that claims the trusted key's id is still refused
    String trustedId = KeyPairs.keyId(P256_OTHER.getPublic());
    DsseSignature liar = new DsseSignature(trustedId, e.signatures().get(0).sig());
    VerificationResult lied =
        new Verifier(List.of(P256_OTHER.getPublic()))
            .verify(new DsseEnvelope(TYPE, BODY, List.of(liar)));
    assertThat(lied.verified()).isFalse();
    assertThat(lied.failure()).contains(VerificationResult.Failure.BAD_SIGNATURE);

    // a valid signature with a wrong or missing hint still verifies
    DsseSignature noHint = new DsseSignature("", e.signatures().get(0).sig());
    DsseSignature wrongHint = new DsseSignature(trustedId, e.signatures().get(0).sig());
    Verifier both = new Verifier(List.of(P256_OTHER.getPublic(), P256.getPublic()));
    assertThat(both.verify(new DsseEnvelope(TYPE, BODY, List.of(noHint))).verified()).isTrue();
    assertThat(both.verify(new DsseEnvelope(TYPE, BODY, List.of(wrongHint))).verified()).isTrue();
  }

  @Test
  void thresholdCountsDistinctKeys() {
    DsseEnvelope once = new Signer(P256).envelope(TYPE, BODY);
    DsseEnvelope twice = once.withSignature(new Signer(P256).sign(TYPE, BODY));
    assertThat(twice.signatures()).hasSize(2);
    Verifier two = new Verifier(List.of(P256.getPublic(), ED.getPublic()), 2);
    VerificationResult r = two.verify(twice);
    assertThat(r.verified()).isFalse();
    assertThat(r.failure()).contains(VerificationResult.Failure.THRESHOLD_NOT_MET);
    assertThat(r.verifiedKeyIds()).hasSize(1);

    DsseEnvelope both = once.withSignature(new Signer(ED).sign(TYPE, BODY));
    VerificationResult ok = two.verify(both);
    assertThat(ok.verified()).as(ok.reason()).isTrue();
    assertThat(ok.verifiedKeyIds()).hasSize(2);

    // the same key listed twice among the trusted keys is still one key
    assertThatThrownBy(() -> new Verifier(List.of(P256.getPublic(), P256.getPublic()), 2))
        .hasMessageContaining("can never be met");
  }

  @Test
  void noSignatures() {
    VerificationResult r =
        new Verifier(List.of(P256.getPublic())).verify(new DsseEnvelope(TYPE, BODY, List.of()));
    assertThat(r.failure()).contains(VerificationResult.Failure.NO_SIGNATURES);
  }

  @Test
  void jsonExportIsTheStandardEnvelope() {
    DsseEnvelope e =
        new DsseEnvelope(
            "t",
            new byte[] {(byte) 0xfb, (byte) 0xff},
            List.of(new DsseSignature("k", new byte[] {(byte) 0xfe})));
    assertThat(e.toJsonString())
        .isEqualTo(
            "{\"payload\":\"+/8=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"/g==\"}]}");
  }

  @Test
  void importAcceptsUrlSafeAndUnpaddedBase64() {
    DsseEnvelope signed =
        new Signer(P256).envelope(TYPE, new byte[] {(byte) 0xfb, (byte) 0xff, 1, 2});
    DsseSignature s = signed.signatures().get(0);
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(signed.payload());
    String sig = Base64.getUrlEncoder().encodeToString(s.sig());
    String json =
        "{\"payloadType\":\""
            + TYPE
            + "\",\"payload\":\""
            + payload
            + "\",\"signatures\":[{\"sig\":\""
            + sig
            + "\",\"extra\":1}],\"unknown\":{}}";
    DsseEnvelope back = DsseEnvelope.fromJson(json);
    assertThat(back.payload()).isEqualTo(signed.payload());
    assertThat(new Verifier(List.of(P256.getPublic())).verify(back).verified()).isTrue();
    String unpaddedStd = Base64.getEncoder().withoutPadding().encodeToString(signed.payload());
    assertThat(DsseEnvelope.fromJson(json.replace(payload, unpaddedStd)).payload())
        .isEqualTo(signed.payload());
  }

  @Test
  void malformedJsonIsRefusedClearly() {
    assertThatThrownBy(() -> DsseEnvelope.fromJson("{not json"))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("not a DSSE JSON envelope");
    assertThatThrownBy(() -> DsseEnvelope.fromJson("[]"))
        .isInstanceOf(MalformedEnvelopeException.class);
    assertThatThrownBy(() -> DsseEnvelope.fromJson("{\"payloadType\":\"t\",\"signatures\":[]}"))
        .hasMessageContaining("'payload' is missing");
    assertThatThrownBy(() -> DsseEnvelope.fromJson("{\"payload\":\"\",\"payloadType\":\"t\"}"))
        .hasMessageContaining("'signatures'");
    assertThatThrownBy(
            () ->
                DsseEnvelope.fromJson(
                    "{\"payload\":\"!!\",\"payloadType\":\"t\",\"signatures\":[]}"))
        .hasMessageContaining("payload is not base64");
    assertThatThrownBy(
            () ->
                DsseEnvelope.fromJson(
                    "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{}]}"))
        .hasMessageContaining("signatures[0]");
    assertThatThrownBy(
            () ->
                DsseEnvelope.fromJson(
                    "{\"payload\":\"\",\"payload\":\"AA==\",\"payloadType\":\"t\",\"signatures\":[]}"))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessageContaining("Duplicate");
    assertThatThrownBy(
            () ->
                DsseEnvelope.fromJson(
                    "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[]} {}"))
        .isInstanceOf(MalformedEnvelopeException.class);
    assertThat(
            DsseEnvelope.fromJson("{\"payload\":\"\",\"payloadType\":\"\",\"signatures\":[]}")
                .payload())
        .isEmpty();
  }

  private static void put(java.math.BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }
}
