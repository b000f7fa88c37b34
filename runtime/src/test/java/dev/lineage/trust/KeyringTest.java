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
import dev.lineage.schemas.Reason;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
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
  private static final Instant T4 = T0.plusSeconds(14400);

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer admin = new Signer(KeyPairs.generate(Algorithm.ED25519));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer stranger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));

  private final KeyLog keys =
      new KeyLog(TrustAnchors.of(List.of(root.publicKey())), ClockSkew.defaults());
  private final Keyring keyring = keys.keyring();

  /** Appends a key event at {@code appendedAt}, signed then; what admission decided. */
  private Decision publish(Signer signer, Object event, Instant appendedAt) {
    byte[] value =
        event instanceof KeyGranted g
            ? AvroEnvelopes.sign(EventType.KEY_GRANTED, g, signer)
            : AvroEnvelopes.sign(EventType.KEY_REVOKED, (KeyRevoked) event, signer);
    return keys.add(value, appendedAt.toEpochMilli());
  }

  private void grant(Signer by, Signer to, Role role, Instant appendedAt, Instant until) {
    Decision d =
        publish(
            by,
            Envelopes.grant(to.publicKey(), List.of(role), appendedAt, until, appendedAt),
            appendedAt);
    assertThat(d.accepted()).as("grant admitted: %s", d).isTrue();
  }

  private void revoke(Signer by, Signer key, Instant revokedFrom, Instant appendedAt) {
    Decision d =
        publish(by, Envelopes.revoke(key.publicKey(), revokedFrom, appendedAt), appendedAt);
    assertThat(d.accepted()).as("revocation admitted: %s", d).isTrue();
  }

  private static Envelope signedArtifact(Instant signedAt, Signer... signers) {
    byte[] value = AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, artifact(signedAt), signers);
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

  /** The decision about an event the broker appended at {@code appendedAt}. */
  private Decision decide(Envelope e, Instant appendedAt) {
    return keyring.authorize(e, Role.PRODUCER, appendedAt.toEpochMilli());
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
  void aGrantSignedByAKeyWithoutAdminIsNotAdmitted() {
    grant(root, admin, Role.PRODUCER, T0, null); // a producer, not an admin
    Decision d =
        publish(
            admin, Envelopes.grant(stranger.publicKey(), List.of(Role.PRODUCER), T0, null, T0), T0);

    assertThat(reason(d)).isEqualTo(Reason.WRONG_ROLE);
    assertThat(keys.history(stranger.keyId())).isEmpty();
    assertThat(reason(decide(signedArtifact(T1, stranger), T1))).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void aGrantTakesEffectWhenAppendedNotAtTheValidFromItClaims() {
    // the admin back-dates the grant's validFrom (and signedAt) by an hour
    Decision d =
        publish(
            root, Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T1), T1);
    assertThat(d.accepted()).isTrue();

    // an event appended before the grant was appended does not see it at all
    assertThat(reason(decide(signedArtifact(T0, producer), T0.plusSeconds(60))))
        .isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(decide(signedArtifact(T1, producer), T1).accepted()).isTrue();
  }

  @Test
  void aRevokedProducerCannotPublishByBackDating() {
    grant(root, producer, Role.PRODUCER, T0, null);
    revoke(root, producer, T2, T2);

    // signed "at T1", before the revocation, but appended after it
    assertThat(reason(decide(signedArtifact(T1, producer), T3))).isEqualTo(Reason.REVOKED_KEY);
    // what was appended before the revocation stays accepted
    assertThat(decide(signedArtifact(T1, producer), T1).accepted()).isTrue();
  }

  @Test
  void aRevocationTakesEffectWhenAppendedEvenIfItsRevokedFromIsLater() {
    grant(root, producer, Role.PRODUCER, T0, null);
    revoke(root, producer, T4, T1);

    assertThat(reason(decide(signedArtifact(T2, producer), T2))).isEqualTo(Reason.REVOKED_KEY);
  }

  @Test
  void aRevocationPublishedLaterNeverChangesWhatWasAppendedBeforeIt() {
    grant(root, producer, Role.PRODUCER, T0, null);
    revoke(root, producer, T1, T3); // reaches back to a compromise at T1

    // judged as the live run judged it when it was appended at T2: the revocation did not exist
    assertThat(decide(signedArtifact(T2, producer), T2).accepted()).isTrue();
    // a reader re-checking today (the deployment gate) sees the compromise
    Envelope e = signedArtifact(T2, producer);
    assertThat(
            reason(
                keyring.authorize(e, Role.PRODUCER, T2.toEpochMilli(), Keyring.EVERYTHING_KNOWN)))
        .isEqualTo(Reason.REVOKED_KEY);
  }

  @Test
  void revokedFromReachingBackVoidsTheGrantsTheCompromisedAdminMadeSince() {
    grant(root, admin, Role.ADMIN, T0, null);
    grant(admin, producer, Role.PRODUCER, T1, null);
    revoke(root, admin, T0.plusSeconds(1800), T3);

    assertThat(decide(signedArtifact(T2, producer), T2).accepted()).isTrue();
    assertThat(reason(decide(signedArtifact(T4, producer), T4))).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void aRevokedAdminCannotMintKeysWithBackDatedGrants() {
    grant(root, admin, Role.ADMIN, T0, null);
    revoke(root, admin, T1, T1);

    // signed "at T0" with validFrom T0, appended at T2: refused, never stored
    Decision d =
        publish(
            admin,
            Envelopes.grant(stranger.publicKey(), List.of(Role.IMPACT_SERVICE), T0, null, T0),
            T2);

    assertThat(reason(d)).isEqualTo(Reason.REVOKED_KEY);
    assertThat(keys.history(stranger.keyId())).isEmpty();
  }

  @Test
  void aKeyEventSignedOutsideTheSkewOfItsAppendTimeIsRefused() {
    Decision d =
        publish(
            root,
            Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T0),
            T0.plusSeconds(301));

    assertThat(reason(d)).isEqualTo(Reason.CLOCK_SKEW);
    assertThat(keys.history(producer.keyId())).isEmpty();
  }

  @Test
  void selfSignedJunkGrantsAreRefusedWithoutBeingStored() {
    for (int i = 0; i < 20; i++) {
      Signer junk = new Signer(KeyPairs.generate(Algorithm.ED25519));
      Decision d =
          publish(junk, Envelopes.grant(junk.publicKey(), List.of(Role.ADMIN), T0, null, T0), T0);
      assertThat(reason(d)).isEqualTo(Reason.UNKNOWN_KEY);
      assertThat(keys.history(junk.keyId())).isEmpty();
    }
  }

  @Test
  void aTombstoneOnTheKeysTopicIsRefused() {
    assertThat(reason(keys.add(null, T0.toEpochMilli()))).isEqualTo(Reason.TOMBSTONE);
  }

  @Test
  void anUnsignedGrantIsRefused() {
    byte[] value =
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T0),
            root);
    Envelope e = EnvelopeCodec.standard().decode(value);
    e.setSignatures(List.of());

    assertThat(reason(keys.add(EnvelopeCodec.standard().encode(e), T0.toEpochMilli())))
        .isEqualTo(Reason.UNSIGNED);
  }

  @Test
  void rejectsAlteredPayloadAsBadSignature() {
    grant(root, producer, Role.PRODUCER, T0, null);
    Envelope e = signedArtifact(T1, producer);
    byte[] other = EventType.ARTIFACT_REGISTERED.encode(artifact(T2));
    e.setPayload(ByteBuffer.wrap(other));

    assertThat(reason(decide(e, T2))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsSignatureByKeyNobodyPublished() {
    assertThat(reason(decide(signedArtifact(T1, stranger), T1))).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void rejectsEnvelopeWithoutSignature() {
    Envelope e = signedArtifact(T1, producer);
    e.setSignatures(List.of());

    assertThat(reason(decide(e, T1))).isEqualTo(Reason.UNSIGNED);
  }

  @Test
  void aSignatureIsCheckedOnlyAgainstTheKeyItsKeyidNames() {
    grant(root, producer, Role.PRODUCER, T0, null);
    Envelope e = signedArtifact(T1, producer);
    Signature s = e.getSignatures().get(0);
    e.setSignatures(List.of(new Signature(root.keyId(), s.getSig())));

    // the producer's valid signature under the root's keyid is checked against the root only
    assertThat(reason(decide(e, T1))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void theKeyidSelectsButTheSignatureDecides() {
    grant(root, producer, Role.PRODUCER, T0, null);
    Envelope e = signedArtifact(T1, stranger);
    Signature s = e.getSignatures().get(0);
    e.setSignatures(List.of(new Signature(producer.keyId(), s.getSig())));

    assertThat(reason(decide(e, T1))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsKeyOutsideItsValidityWindow() {
    publish(root, Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T1, T2, T0), T0);

    assertThat(reason(decide(signedArtifact(T0, producer), T0))).isEqualTo(Reason.EXPIRED_KEY);
    assertThat(decide(signedArtifact(T1, producer), T1).accepted()).isTrue();
    assertThat(reason(decide(signedArtifact(T2, producer), T2))).isEqualTo(Reason.EXPIRED_KEY);
  }

  @Test
  void rejectsKeyWithAnotherRole() {
    grant(root, producer, Role.APPROVER, T0, null);

    assertThat(reason(decide(signedArtifact(T1, producer), T1))).isEqualTo(Reason.WRONG_ROLE);
  }

  @Test
  void rootIsAdminButNotProducer() {
    assertThat(reason(decide(signedArtifact(T1, root), T1))).isEqualTo(Reason.WRONG_ROLE);
  }

  @Test
  void aRevocationByANonAdminIsRefused() {
    grant(root, producer, Role.PRODUCER, T0, null);
    grant(root, stranger, Role.PRODUCER, T0, null);

    assertThat(reason(publish(stranger, Envelopes.revoke(producer.publicKey(), T0, T1), T1)))
        .isEqualTo(Reason.WRONG_ROLE);
    assertThat(decide(signedArtifact(T2, producer), T2).accepted()).isTrue();
  }

  @Test
  void readRefusesGrantWhoseKeyIdIsNotItsKeysHash() {
    KeyGranted g = Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T0);
    g.setKeyId(stranger.keyId());

    Keyring.KeyEventRead read =
        Keyring.read(AvroEnvelopes.sign(EventType.KEY_GRANTED, g, root), 0L);

    assertThat(read.rejection().reason()).isEqualTo(Reason.INVALID_ID);
  }

  @Test
  void readRefusesOtherEventsOnTheKeysTopic() {
    byte[] value = AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, artifact(T0), root);

    assertThat(Keyring.read(value, 0L).rejection().reason()).isEqualTo(Reason.TYPE_MISMATCH);
    assertThat(Keyring.read(new byte[] {1, 2, 3}, 0L).rejection().reason())
        .isEqualTo(Reason.MALFORMED);
  }

  private static Reason reason(Decision d) {
    assertThat(d).isInstanceOf(Decision.Rejected.class);
    return ((Decision.Rejected) d).reason();
  }
}
