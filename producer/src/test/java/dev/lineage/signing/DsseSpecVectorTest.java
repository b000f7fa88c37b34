package dev.lineage.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The test vector of the DSSE specification (secure-systems-lab/dsse, protocol.md, "Test Vectors"):
 * ECDSA P-256 / SHA-256, deterministic RFC 6979, signature as raw r‖s.
 */
class DsseSpecVectorTest {
  static final String PAYLOAD_TYPE = "http://example.com/HelloWorld";
  static final byte[] BODY = "hello world".getBytes(StandardCharsets.US_ASCII);
  static final String PAE = "DSSEv1 29 http://example.com/HelloWorld 11 hello world";
  static final BigInteger X =
      new BigInteger(
          "46950820868899156662930047687818585632848591499744589407958293238635476079160");
  static final BigInteger Y =
      new BigInteger(
          "5640078356564379163099075877009565129882514886557779369047442380624545832820");
  static final BigInteger D =
      new BigInteger(
          "97358161215184420915383655311931858321456579547487070936769975997791359926199");
  static final String ENVELOPE =
      "{\"payload\": \"aGVsbG8gd29ybGQ=\",\n"
          + " \"payloadType\": \"http://example.com/HelloWorld\",\n"
          + " \"signatures\": [{\"sig\":"
          + " \"A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==\"}]}";

  static KeyPair specKeyPair() throws Exception {
    ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec("secp256r1");
    KeyFactory kf = KeyFactory.getInstance("EC", BouncyCastle.provider());
    PublicKey pub = kf.generatePublic(new ECPublicKeySpec(p256.getCurve().createPoint(X, Y), p256));
    PrivateKey priv = kf.generatePrivate(new ECPrivateKeySpec(D, p256));
    return new KeyPair(pub, priv);
  }

  @Test
  void paeMatchesTheSpec() {
    assertThat(new String(Pae.encode(PAYLOAD_TYPE, BODY), StandardCharsets.US_ASCII))
        .isEqualTo(PAE);
  }

  @Test
  void theSpecEnvelopeVerifiesWithTheSpecKey() throws Exception {
    DsseEnvelope envelope = DsseEnvelope.fromJson(ENVELOPE);
    assertThat(envelope.payloadType()).isEqualTo(PAYLOAD_TYPE);
    assertThat(envelope.payload()).isEqualTo(BODY);
    assertThat(envelope.signatures())
        .singleElement()
        .satisfies(s -> assertThat(s.keyid()).isEmpty());
    VerificationResult r = new Verifier(List.of(specKeyPair().getPublic())).verify(envelope);
    assertThat(r.verified()).as(r.reason()).isTrue();
    assertThat(r.verifiedKeyIds()).containsExactly(KeyPairs.keyId(specKeyPair().getPublic()));
  }

  @Test
  void ourDeterministicSignatureIsTheSpecSignature() throws Exception {
    byte[] der = new Signer(specKeyPair()).sign(PAYLOAD_TYPE, BODY).sig();
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    byte[] raw = new byte[64];
    copyUnsigned(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), raw, 0);
    copyUnsigned(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), raw, 32);
    assertThat(Base64.getEncoder().encodeToString(raw))
        .isEqualTo(
            "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==");
  }

  @Test
  void tamperingWithTheSpecEnvelopeFails() throws Exception {
    DsseEnvelope e = DsseEnvelope.fromJson(ENVELOPE);
    Verifier v = new Verifier(List.of(specKeyPair().getPublic()));
    byte[] body = e.payload();
    body[0] ^= 1;
    assertThat(v.verify(new DsseEnvelope(PAYLOAD_TYPE, body, e.signatures())).verified()).isFalse();
    assertThat(
            v.verify(new DsseEnvelope("http://example.com/HelloWorlD", e.payload(), e.signatures()))
                .verified())
        .isFalse();
  }

  private static void copyUnsigned(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }
}
