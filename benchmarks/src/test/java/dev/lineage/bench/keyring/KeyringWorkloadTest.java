package dev.lineage.bench.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.bench.keyring.KeyringWorkload.Appended;
import dev.lineage.bench.keyring.KeyringWorkload.Hint;
import dev.lineage.bench.keyring.KeyringWorkload.JunkGrant;
import dev.lineage.bench.keyring.KeyringWorkload.Sizes;
import dev.lineage.bench.keyring.KeyringWorkload.Tally;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.trust.KeyLog;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's records are what it claims they are; how long they take is not a test's business.
 */
class KeyringWorkloadTest {
  static final Sizes SIZES = new Sizes(50, 5, 5, 10, 20);
  static final KeyringWorkload WORKLOAD = KeyringWorkload.generate(SIZES);

  @Test
  void junkGrantsAreWellFormedGrantsOfFreshKeysWhoseKeyidNamesWhatTheHintSays() {
    for (Hint hint : Hint.values()) {
      List<JunkGrant> grants = WORKLOAD.junkGrants.get(hint);
      assertThat(grants).hasSize(SIZES.count(hint));
      for (JunkGrant g : grants) {
        Keyring.KeyEventRead read = Keyring.read(g.record().value(), g.record().appendedAt());
        assertThat(read.rejection()).isNull();
        assertThat(read.subjectKeyId()).isEqualTo(g.grantedKeyId());
        String keyid =
            EnvelopeCodec.standard().decode(g.record().value()).getSignatures().get(0).getKeyid();
        assertThat(keyid)
            .isEqualTo(
                switch (hint) {
                  case OWN_KEY -> g.grantedKeyId();
                  case ROOT -> WORKLOAD.root.keyId();
                  case PRODUCER -> WORKLOAD.producer.keyId();
                });
      }
    }
  }

  @Test
  void everyJunkGrantIsRefusedAndStoredNowhere() {
    KeyLog log = WORKLOAD.freshKeyLog();

    Map<Hint, Tally> tallies =
        Map.of(
            Hint.OWN_KEY, KeyringWorkload.admit(WORKLOAD.junkGrants.get(Hint.OWN_KEY), log),
            Hint.ROOT, KeyringWorkload.admit(WORKLOAD.junkGrants.get(Hint.ROOT), log),
            Hint.PRODUCER, KeyringWorkload.admit(WORKLOAD.junkGrants.get(Hint.PRODUCER), log));

    assertThat(tallies.get(Hint.OWN_KEY).counts())
        .isEqualTo(Map.of(Reason.UNKNOWN_KEY.wire(), SIZES.count(Hint.OWN_KEY)));
    assertThat(tallies.get(Hint.ROOT).counts())
        .isEqualTo(Map.of(Reason.BAD_SIGNATURE.wire(), SIZES.namingRoot()));
    assertThat(tallies.get(Hint.PRODUCER).counts())
        .isEqualTo(Map.of(Reason.BAD_SIGNATURE.wire(), SIZES.namingProducer()));
    assertThat(log.refused()).isEqualTo(SIZES.junkGrants());
    for (List<JunkGrant> grants : WORKLOAD.junkGrants.values()) {
      for (JunkGrant g : grants) {
        assertThat(log.history(g.grantedKeyId())).isEmpty();
      }
    }
    assertThat(log.history(WORKLOAD.root.keyId())).isEmpty();
    assertThat(log.history(WORKLOAD.producer.keyId()).orElseThrow().events()).hasSize(1);
  }

  @Test
  void eventsSignedByUnknownKeysAreRefusedUnknownKeyEvenAfterTheJunk() {
    KeyLog log = WORKLOAD.freshKeyLog();
    WORKLOAD.junkGrants.values().forEach(grants -> KeyringWorkload.admit(grants, log));

    Tally tally = KeyringWorkload.verify(WORKLOAD.unknownKeyEvents, KeyringWorkload.verifier(log));

    assertThat(tally.counts())
        .isEqualTo(Map.of(Reason.UNKNOWN_KEY.wire(), SIZES.unknownKeyEvents()));
  }

  @Test
  void validEventsAreDistinctAndAcceptedAsSignedByTheGrantedProducer() {
    KeyLog log = WORKLOAD.freshKeyLog();
    WORKLOAD.junkGrants.values().forEach(grants -> KeyringWorkload.admit(grants, log));

    assertThat(KeyringWorkload.verify(WORKLOAD.validEvents, KeyringWorkload.verifier(log)).counts())
        .isEqualTo(Map.of(Tally.ACCEPTED, SIZES.validEvents()));
    assertThat(
            WORKLOAD.validEvents.stream()
                .map(e -> AvroEnvelopes.digest(e.value()).toString())
                .distinct())
        .hasSize(SIZES.validEvents());
    Appended first = WORKLOAD.validEvents.get(0);
    Verdict verdict =
        KeyringWorkload.verifier(log)
            .verify(
                KeyringWorkload.ARTIFACTS,
                KeyringWorkload.PRODUCER,
                first.value(),
                first.appendedAt());
    assertThat(verdict.signer()).isEqualTo(WORKLOAD.producer.keyId());
  }
}
