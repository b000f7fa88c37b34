package dev.lineage.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.Role;
import dev.lineage.avro.Signature;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyringTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(3600);
  private static final Instant T2 = T0.plusSeconds(7200);
  private static final Instant T3 = T0.plusSeconds(10800);

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer admin = new Signer(KeyPairs.generate(Algorithm.ED25519));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer stranger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));

  private final MapKeyLookup keys = new MapKeyLookup();
  private final Keyring keyring = new Keyring(TrustAnchors.of(List.of(root.publicKey())), keys);

  private void publish(Signer signer, Object event) {
    byte[] value =
        event instanceof KeyGranted g
            ? Envelopes.sign(EventType.KEY_GRANTED, g, signer)
            : Envelopes.sign(EventType.KEY_REVOKED, (KeyRevoked) event, signer);
    assertThat(keys.add(value).rejection()).isNull();
  }

  private void grant(Signer by, Signer to, Role role, Instant from, Instant until) {
    publish(by, Envelopes.grant(to.publicKey(), List.of(role), from, until, from));
  }

  private static Envelope signedArtifact(Instant signedAt, Signer... signers) {
    byte[] value = Envelopes.sign(EventType.ARTIFACT_REGISTERED, artifact(signedAt), signers);
    return EnvelopeCodec.standard().decode(value);
  }

  private static ArtifactRegistered artifact(Instant signedAt) {
    return ArtifactRegistered.newBuilder()
        .setNodeId("source:transactions_q1")
        .setKind(ArtifactKind.SOURCE)
        .setName("transactions_q1")
        .setAttributes(Map.of())
        .setSignedAt(signedAt)
        .build();
  }

  private Decision decide(Envelope e, Instant at) {
    return keyring.authorize(e, Role.PRODUCER, at.toEpochMilli());
  }

  @Test
  void acceptsProducerGrantedByRoot() {
    grant(root, producer, Role.PRODUCER, T0, null);

    assertThat(decide(signedArtifact(T1, producer), T1))
        .isEqualTo(new Decision.Accepted(producer.keyId()));
  }

  @Test
  void acceptsProducerGrantedByAnAdminTheRootGranted() {
    grant(root, admin, Role.ADMIN, T0, null);
    grant(admin, producer, Role.PRODUCER, T0, null);

    assertThat(decide(signedArtifact(T1, producer), T1))
        .isEqualTo(new Decision.Accepted(producer.keyId()));
  }

  @Test
  void ignoresGrantSignedByKeyWithoutAdmin() {
    grant(root, admin, Role.PRODUCER, T0, null); // a producer, not an admin
    grant(admin, stranger, Role.PRODUCER, T0, null);

    Decision d = decide(signedArtifact(T1, stranger), T1);

    assertThat(d).isInstanceOf(Decision.Rejected.class);
    assertThat(((Decision.Rejected) d).reason()).isEqualTo(Reasons.UNKNOWN_KEY);
  }

  @Test
  void rejectsAlteredPayloadAsBadSignature() {
    grant(root, producer, Role.PRODUCER, T0, null);
    Envelope e = signedArtifact(T1, producer);
    byte[] other = EventType.ARTIFACT_REGISTERED.encode(artifact(T2));
    e.setPayload(ByteBuffer.wrap(other));

    assertThat(reason(decide(e, T2))).isEqualTo(Reasons.BAD_SIGNATURE);
  }

  @Test
  void rejectsSignatureByKeyNobodyPublished() {
    assertThat(reason(decide(signedArtifact(T1, stranger), T1))).isEqualTo(Reasons.UNKNOWN_KEY);
  }

  @Test
  void rejectsEnvelopeWithoutSignature() {
    Envelope e = signedArtifact(T1, producer);
    e.setSignatures(List.of());

    assertThat(reason(decide(e, T1))).isEqualTo(Reasons.UNSIGNED);
  }

  @Test
  void keyidHintNeverDecides() {
    grant(root, producer, Role.PRODUCER, T0, null);
    Envelope e = signedArtifact(T1, producer);
    Signature s = e.getSignatures().get(0);
    e.setSignatures(List.of(new Signature(root.keyId(), s.getSig())));

    assertThat(decide(e, T1)).isEqualTo(new Decision.Accepted(producer.keyId()));
  }

  @Test
  void rejectsEnvelopeSignedByRevokedKeyAfterRevocation() {
    grant(root, producer, Role.PRODUCER, T0, null);
    publish(root, Envelopes.revoke(producer.publicKey(), T2, T2));

    assertThat(decide(signedArtifact(T1, producer), T1))
        .isEqualTo(new Decision.Accepted(producer.keyId()));
    assertThat(reason(decide(signedArtifact(T2, producer), T2))).isEqualTo(Reasons.REVOKED_KEY);
    assertThat(reason(decide(signedArtifact(T3, producer), T3))).isEqualTo(Reasons.REVOKED_KEY);
  }

  @Test
  void revocationPublishedBeforeTheGrantStillApplies() {
    publish(root, Envelopes.revoke(producer.publicKey(), T2, T0));
    grant(root, producer, Role.PRODUCER, T0, null);

    assertThat(decide(signedArtifact(T1, producer), T1).accepted()).isTrue();
    assertThat(reason(decide(signedArtifact(T3, producer), T3))).isEqualTo(Reasons.REVOKED_KEY);
  }

  @Test
  void revocationByNonAdminIsIgnored() {
    grant(root, producer, Role.PRODUCER, T0, null);
    grant(root, stranger, Role.PRODUCER, T0, null);
    publish(stranger, Envelopes.revoke(producer.publicKey(), T0, T0));

    assertThat(decide(signedArtifact(T1, producer), T1).accepted()).isTrue();
  }

  @Test
  void rejectsKeyOutsideItsValidityWindow() {
    grant(root, producer, Role.PRODUCER, T1, T2);

    assertThat(reason(decide(signedArtifact(T0, producer), T0))).isEqualTo(Reasons.EXPIRED_KEY);
    assertThat(decide(signedArtifact(T1, producer), T1).accepted()).isTrue();
    assertThat(reason(decide(signedArtifact(T2, producer), T2))).isEqualTo(Reasons.EXPIRED_KEY);
  }

  @Test
  void rejectsKeyWithAnotherRole() {
    grant(root, producer, Role.APPROVER, T0, null);

    assertThat(reason(decide(signedArtifact(T1, producer), T1))).isEqualTo(Reasons.WRONG_ROLE);
  }

  @Test
  void rootIsAdminButNotProducer() {
    assertThat(reason(decide(signedArtifact(T1, root), T1))).isEqualTo(Reasons.WRONG_ROLE);
  }

  @Test
  void adminGrantedAfterItsRevocationTimeGrantsNothing() {
    grant(root, admin, Role.ADMIN, T0, null);
    publish(root, Envelopes.revoke(admin.publicKey(), T1, T1));
    publish(admin, Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T2));

    assertThat(reason(decide(signedArtifact(T3, producer), T3))).isEqualTo(Reasons.UNKNOWN_KEY);
  }

  @Test
  void keysGrantingEachOtherWithoutARootAreNotTrusted() {
    publish(admin, Envelopes.grant(stranger.publicKey(), List.of(Role.ADMIN), T0, null, T0));
    publish(stranger, Envelopes.grant(admin.publicKey(), List.of(Role.ADMIN), T0, null, T0));
    publish(admin, Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T0));

    assertThat(reason(decide(signedArtifact(T1, producer), T1))).isEqualTo(Reasons.UNKNOWN_KEY);
  }

  @Test
  void readRefusesGrantWhoseKeyIdIsNotItsKeysHash() {
    KeyGranted g = Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T0);
    g.setKeyId(stranger.keyId());

    Keyring.KeyEventRead read = Keyring.read(Envelopes.sign(EventType.KEY_GRANTED, g, root));

    assertThat(read.rejection().reason()).isEqualTo(Reasons.INVALID_ID);
  }

  @Test
  void readRefusesOtherEventsOnTheKeysTopic() {
    byte[] value = Envelopes.sign(EventType.ARTIFACT_REGISTERED, artifact(T0), root);

    assertThat(Keyring.read(value).rejection().reason()).isEqualTo(Reasons.TYPE_MISMATCH);
    assertThat(Keyring.read(new byte[] {1, 2, 3}).rejection().reason())
        .isEqualTo(Reasons.MALFORMED);
  }

  private static String reason(Decision d) {
    assertThat(d).isInstanceOf(Decision.Rejected.class);
    return ((Decision.Rejected) d).reason();
  }
}
