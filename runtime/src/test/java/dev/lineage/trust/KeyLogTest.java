package dev.lineage.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyLogTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final KeyLog log = new KeyLog(TrustAnchors.of(List.of(root.publicKey())), ClockSkew.defaults());
  final EventVerifier verifier = new EventVerifier(log.keyring(), ClockSkew.defaults());

  @Test
  void aTriggerSignedByAGrantedServiceKeyVerifiesOnlyOnceTheGrantIsRead() {
    byte[] trigger = trigger(T0.plusSeconds(60));
    assertThat(verify(trigger).rejection().reason()).isEqualTo(Reason.UNKNOWN_KEY);

    log.add(grant(Role.IMPACT_SERVICE), T0.toEpochMilli());

    Verdict verdict = verify(trigger);
    assertThat(verdict.accepted()).isTrue();
    assertThat(verdict.signer()).isEqualTo(service.keyId());
  }

  @Test
  void aKeyWithoutTheRoleOrRevokedBeforeTheAppendTimeIsRefused() {
    log.add(grant(Role.PRODUCER), T0.toEpochMilli());
    assertThat(verify(trigger(T0.plusSeconds(60))).rejection().reason())
        .isEqualTo(Reason.WRONG_ROLE);

    log.add(grant(Role.IMPACT_SERVICE), T0.toEpochMilli());
    log.add(
        AvroEnvelopes.sign(
            EventType.KEY_REVOKED,
            Envelopes.revoke(service.publicKey(), T0.plusSeconds(30), T0.plusSeconds(30)),
            root),
        T0.plusSeconds(30).toEpochMilli());
    assertThat(verify(trigger(T0.plusSeconds(60))).rejection().reason())
        .isEqualTo(Reason.REVOKED_KEY);
    assertThat(verify(trigger(T0.plusSeconds(10))).accepted()).isTrue();
  }

  @Test
  void aKeyHoldsARoleWhileATrustedGrantCoversItAndNoRevocationVoidsIt() {
    long later = T0.plusSeconds(60).toEpochMilli();
    assertThat(log.keyring().holds(service.keyId(), Role.IMPACT_SERVICE, later)).isFalse();
    log.add(grant(Role.PRODUCER), T0.toEpochMilli());
    assertThat(log.keyring().holds(service.keyId(), Role.IMPACT_SERVICE, later)).isFalse();
    log.add(grant(Role.IMPACT_SERVICE), T0.toEpochMilli());
    assertThat(log.keyring().holds(service.keyId(), Role.IMPACT_SERVICE, later)).isTrue();
    assertThat(log.keyring().holds(service.keyId(), Role.IMPACT_SERVICE, T0.toEpochMilli() - 1))
        .isFalse();
    log.add(
        AvroEnvelopes.sign(
            EventType.KEY_REVOKED,
            Envelopes.revoke(service.publicKey(), T0.plusSeconds(30), T0.plusSeconds(30)),
            root),
        T0.plusSeconds(30).toEpochMilli());
    assertThat(log.keyring().holds(service.keyId(), Role.IMPACT_SERVICE, later)).isFalse();
  }

  @Test
  void unreadableKeyRecordsAreCountedNotFatal() {
    log.add("not an envelope".getBytes(StandardCharsets.UTF_8), T0.toEpochMilli());
    log.add(null, T0.toEpochMilli());

    assertThat(log.refused()).isEqualTo(2);
  }

  /** A trigger appended when it says it was signed (the triggers' own skew is tested elsewhere). */
  private Verdict verify(byte[] value) {
    long appendedAt =
        EventType.RETRAINING_TRIGGERED
            .decode(EnvelopeCodec.standard().decode(value))
            .getSignedAt()
            .toEpochMilli();
    return verifier.verify(
        List.of(EventType.RETRAINING_TRIGGERED), Set.of(Role.IMPACT_SERVICE), value, appendedAt);
  }

  private byte[] grant(Role role) {
    return AvroEnvelopes.sign(
        EventType.KEY_GRANTED,
        Envelopes.grant(service.publicKey(), List.of(role), T0, null, T0),
        root);
  }

  private byte[] trigger(Instant signedAt) {
    return AvroEnvelopes.sign(
        EventType.RETRAINING_TRIGGERED,
        RetrainingTriggered.newBuilder()
            .setTriggerId("sha256:" + "ab".repeat(32))
            .setRequestId("gdpr-1")
            .setCause(ImpactCause.DELETION)
            .setModelId("sha256:" + "cd".repeat(32))
            .setPaths(List.of())
            .setAction(RetrainingAction.RETRAIN)
            .setDecisionRule("no privacy guarantee declared: RETRAIN")
            .setSignedAt(signedAt)
            .build(),
        service);
  }
}
