package dev.lineage.openlineage.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.openlineage.Examples;
import dev.lineage.openlineage.RawEvent;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Pae;
import dev.lineage.signing.Signer;
import dev.lineage.signing.Verifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayAttestationTest {
  static final Signer GATEWAY = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  static final Signer OTHER = new Signer(KeyPairs.generate(Algorithm.ED25519));
  static final Verifier TRUSTED = new Verifier(List.of(GATEWAY.publicKey()));
  static final String SOURCE = "http:acme-airflow";

  static RawEvent event() {
    return RawEvent.of(Examples.bytes("example_full_event.json"));
  }

  @Test
  void signsTheExactEventBytesAndVerifiesBack() {
    RawEvent event = event();
    DsseEnvelope envelope = new GatewayAttestation(GATEWAY).attest(event, SOURCE);
    assertThat(envelope.payload()).isEqualTo(Examples.bytes("example_full_event.json"));
    assertThat(envelope.payloadType())
        .isEqualTo("application/vnd.openlineage+json; source=\"http:acme-airflow\"");
    assertThat(envelope.signatures())
        .singleElement()
        .satisfies(s -> assertThat(s.keyid()).isEqualTo(GATEWAY.keyId()));

    AttestedEvent verified = GatewayAttestation.verify(envelope, TRUSTED);
    assertThat(verified.event()).isEqualTo(event);
    assertThat(verified.source()).isEqualTo(SOURCE);
    assertThat(verified.gatewayKeyIds()).containsExactly(GATEWAY.keyId());
  }

  @Test
  void survivesTheStandardDsseJsonFormAndAnyVerifierCanCheckIt() {
    DsseEnvelope envelope = new GatewayAttestation(GATEWAY).attest(event(), SOURCE);
    DsseEnvelope back = DsseEnvelope.fromJson(envelope.toJson());
    assertThat(GatewayAttestation.verify(back, TRUSTED).event()).isEqualTo(event());
    // a plain DSSE check: signature over PAE(payloadType, payload) by the gateway's public key
    assertThat(
            Verifier.verifySignature(
                GATEWAY.publicKey(),
                Pae.encode(envelope.payloadType(), envelope.payload()),
                envelope.signatures().get(0).sig()))
        .isTrue();
  }

  @Test
  void readsTheSourceBackFromItsPayloadTypeAndNothingFromAnotherType() {
    assertThat(GatewayAttestation.sourceOf(GatewayAttestation.payloadType(SOURCE)))
        .contains(SOURCE);
    assertThat(GatewayAttestation.sourceOf("application/vnd.openlineage+json")).isEmpty();
    assertThat(GatewayAttestation.sourceOf("application/vnd.lineage.run-completed+avro")).isEmpty();
    assertThat(
            GatewayAttestation.sourceOf(
                "application/vnd.openlineage+json; source=\"http:a\"; source=\"http:b\""))
        .isEmpty();
    assertThat(GatewayAttestation.sourceOf(null)).isEmpty();
  }

  @Test
  void anAlteredEventDoesNotVerify() {
    DsseEnvelope envelope = new GatewayAttestation(GATEWAY).attest(event(), SOURCE);
    byte[] altered = envelope.payload();
    String text =
        new String(altered, StandardCharsets.UTF_8)
            .replace("instance.schema.table", "instance.schema.tablf");
    DsseEnvelope forged =
        new DsseEnvelope(
            envelope.payloadType(), text.getBytes(StandardCharsets.UTF_8), envelope.signatures());
    assertThatThrownBy(() -> GatewayAttestation.verify(forged, TRUSTED))
        .isInstanceOf(AttestationException.class)
        .extracting(e -> ((AttestationException) e).reason())
        .isEqualTo(AttestationException.Reason.BAD_SIGNATURE);
  }

  @Test
  void theSourceIsCoveredBySignature() {
    DsseEnvelope envelope = new GatewayAttestation(GATEWAY).attest(event(), SOURCE);
    DsseEnvelope relabelled =
        new DsseEnvelope(
            GatewayAttestation.payloadType("http:someone-else"),
            envelope.payload(),
            envelope.signatures());
    assertThatThrownBy(() -> GatewayAttestation.verify(relabelled, TRUSTED))
        .extracting(e -> ((AttestationException) e).reason())
        .isEqualTo(AttestationException.Reason.BAD_SIGNATURE);
  }

  @Test
  void aKeyThatIsNotAGatewayKeyIsRefused() {
    DsseEnvelope byOther = new GatewayAttestation(OTHER).attest(event(), SOURCE);
    assertThatThrownBy(() -> GatewayAttestation.verify(byOther, TRUSTED))
        .extracting(e -> ((AttestationException) e).reason())
        .isEqualTo(AttestationException.Reason.BAD_SIGNATURE);
  }

  @Test
  void anotherPayloadTypeIsATypeMismatchEvenWhenSignedByTheGateway() {
    DsseEnvelope native_ =
        GATEWAY.envelope("application/vnd.lineage.run-completed+avro", event().bytes());
    assertThatThrownBy(() -> GatewayAttestation.verify(native_, TRUSTED))
        .extracting(e -> ((AttestationException) e).reason().code())
        .isEqualTo("type-mismatch");
    DsseEnvelope bare = GATEWAY.envelope(GatewayAttestation.MEDIA_TYPE, event().bytes());
    assertThatThrownBy(() -> GatewayAttestation.verify(bare, TRUSTED))
        .extracting(e -> ((AttestationException) e).reason())
        .isEqualTo(AttestationException.Reason.TYPE_MISMATCH);
  }

  @Test
  void aSignedPayloadThatIsNotAnEventIsMalformed() {
    DsseEnvelope signedJunk =
        GATEWAY.envelope(
            GatewayAttestation.payloadType(SOURCE), "[1]".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> GatewayAttestation.verify(signedJunk, TRUSTED))
        .extracting(e -> ((AttestationException) e).reason())
        .isEqualTo(AttestationException.Reason.MALFORMED);
  }

  @Test
  void refusesASourceThatCouldBreakThePayloadType() {
    GatewayAttestation gateway = new GatewayAttestation(GATEWAY);
    for (String bad : List.of("", "a\"; source=\"b", "a b", "-x", "é")) {
      assertThatThrownBy(() -> gateway.attest(event(), bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(GatewayAttestation.payloadType("kafka:openlineage.events"))
        .endsWith("source=\"kafka:openlineage.events\"");
  }
}
