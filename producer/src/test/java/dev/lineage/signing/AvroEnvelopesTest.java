package dev.lineage.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.hash.Sha256;
import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AvroEnvelopesTest {
  static final KeyPair P256 = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
  static final KeyPair ED = KeyPairs.generate(Algorithm.ED25519);

  static KeyPair keys(Algorithm a) {
    return a == Algorithm.ED25519 ? ED : P256;
  }

  static byte[] artifactPayload() {
    return EventType.ARTIFACT_REGISTERED.encode(
        ArtifactRegistered.newBuilder()
            .setNodeId("sha256:" + "ab".repeat(32))
            .setKind(ArtifactKind.DATASET)
            .setName("features_v47")
            .setAttributes(Map.of("team", "fraud"))
            .setSignedAt(Instant.parse("2025-03-01T10:15:30.123Z"))
            .build());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void jsonToAvroToJsonIsIdenticalAndStillVerifies(Algorithm algorithm) {
    String json =
        new Signer(keys(algorithm))
            .envelope(EventType.ARTIFACT_REGISTERED.payloadType(), artifactPayload())
            .toJsonString();

    byte[] recordValue = AvroEnvelopes.recordValue(DsseEnvelope.fromJson(json));
    DsseEnvelope back = AvroEnvelopes.fromRecordValue(recordValue);

    assertThat(back.toJsonString()).isEqualTo(json);
    VerificationResult r = new Verifier(List.of(keys(algorithm).getPublic())).verify(back);
    assertThat(r.verified()).as(r.reason()).isTrue();
    assertThat(EventType.ARTIFACT_REGISTERED.decode(back.payloadType(), back.payload()))
        .isEqualTo(EventType.ARTIFACT_REGISTERED.decode(artifactPayload()));
  }

  @Test
  void avroFieldsAreTheDsseFields() {
    Signer p256 = new Signer(P256);
    Signer ed = new Signer(ED);
    byte[] payload = artifactPayload();
    String type = EventType.ARTIFACT_REGISTERED.payloadType();
    DsseEnvelope dsse = p256.envelope(type, payload).withSignature(ed.sign(type, payload));

    Envelope avro = AvroEnvelopes.toAvro(dsse);

    assertThat(avro.getPayloadType()).isEqualTo(type);
    assertThat(EnvelopeCodec.payload(avro)).isEqualTo(payload);
    assertThat(avro.getSignatures()).hasSize(2);
    assertThat(avro.getSignatures().get(0).getKeyid()).isEqualTo(p256.keyId());
    assertThat(avro.getSignatures().get(1).getKeyid()).isEqualTo(ed.keyId());
    assertThat(AvroEnvelopes.fromAvro(avro)).isEqualTo(dsse);
  }

  @Test
  void anAbsentKeyidStaysAbsent() {
    String sig = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    String payload = Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8));
    String json =
        "{\"payload\":\""
            + payload
            + "\",\"payloadType\":\"text/plain\",\"signatures\":[{\"sig\":\""
            + sig
            + "\"}]}";

    Envelope avro = AvroEnvelopes.toAvro(DsseEnvelope.fromJson(json));

    assertThat(avro.getSignatures().get(0).getKeyid()).isEmpty();
    assertThat(AvroEnvelopes.fromAvro(avro).toJsonString()).isEqualTo(json);
  }

  @Test
  void digestIsTheSha256OfTheRecordValueAndStableAcrossReencoding() {
    DsseEnvelope dsse =
        new Signer(P256).envelope(EventType.ARTIFACT_REGISTERED.payloadType(), artifactPayload());
    byte[] recordValue = AvroEnvelopes.recordValue(dsse);

    assertThat(AvroEnvelopes.digest(recordValue)).isEqualTo(Sha256.of(recordValue));
    byte[] again = AvroEnvelopes.recordValue(AvroEnvelopes.fromRecordValue(recordValue));
    assertThat(again).isEqualTo(recordValue);
    assertThat(AvroEnvelopes.digest(again)).isEqualTo(AvroEnvelopes.digest(recordValue));
  }

  @Test
  void anAlteredPayloadInTheAvroRecordNoLongerVerifies() {
    Signer signer = new Signer(P256);
    Envelope avro =
        AvroEnvelopes.toAvro(
            signer.envelope(EventType.ARTIFACT_REGISTERED.payloadType(), artifactPayload()));
    byte[] altered = artifactPayload();
    altered[altered.length - 1] ^= 1;
    avro.setPayload(ByteBuffer.wrap(altered));

    VerificationResult r =
        new Verifier(List.of(P256.getPublic())).verify(AvroEnvelopes.fromAvro(avro));

    assertThat(r.failure()).contains(VerificationResult.Failure.BAD_SIGNATURE);
  }

  @Test
  void recordValuesThatAreNotEnvelopesAreRefusedWithTheirRejectionReason() {
    assertThatThrownBy(() -> AvroEnvelopes.fromRecordValue(new byte[] {1, 2, 3}))
        .isInstanceOfSatisfying(
            DecodingException.class, e -> assertThat(e.reason().wire()).isEqualTo("malformed"));
    assertThatThrownBy(() -> AvroEnvelopes.fromRecordValue(artifactPayload()))
        .isInstanceOfSatisfying(
            DecodingException.class, e -> assertThat(e.reason().wire()).isEqualTo("type-mismatch"));
  }

  @Test
  void aHandBuiltRecordWithoutPayloadIsMalformed() {
    Envelope incomplete = new Envelope();
    incomplete.setPayloadType("text/plain");
    assertThatThrownBy(() -> AvroEnvelopes.fromAvro(incomplete))
        .isInstanceOf(MalformedEnvelopeException.class);
  }
}
