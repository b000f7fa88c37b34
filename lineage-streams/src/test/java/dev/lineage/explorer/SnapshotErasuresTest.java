package dev.lineage.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.NodeDetails;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.Role;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.ErasureFact;
import dev.lineage.id.Digest;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.KeyLog;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node view's erased mark comes only from a tombstone whose signed fact verifies: signed by an
 * IMPACT_SERVICE key, naming this snapshot and the tombstone's request.
 */
class SnapshotErasuresTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = T0.plusSeconds(600);

  final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final KeyLog keys = new KeyLog(TrustAnchors.of(List.of(root.publicKey())), ClockSkew.defaults());
  @TempDir Path dir;

  SnapshotErasuresTest() {
    grant(service, Role.IMPACT_SERVICE);
    grant(producer, Role.PRODUCER);
  }

  private void grant(Signer key, Role role) {
    keys.add(
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(key.publicKey(), List.of(role), T0, null, T0),
            root),
        T0.toEpochMilli());
  }

  private SnapshotErasures erasures(ContentStore cas) {
    return new SnapshotErasures(Optional.of(cas), keys::keyring, ClockSkew.defaults());
  }

  private static byte[] fact(String request, Digest snapshot, Signer by) {
    return AvroEnvelopes.sign(
        EventType.SNAPSHOT_ERASED,
        SnapshotErased.newBuilder()
            .setRequestId(request)
            .setSnapshots(List.of(new ErasedSnapshot(snapshot.toString(), 5L)))
            .setErasedAt(T1)
            .setSignedAt(T1)
            .build(),
        by);
  }

  @Test
  void aSnapshotErasedByTheServicesSignedFactIsMarkedWithRequestTimeAndFact() throws Exception {
    ContentStore cas = new ContentStore(dir.resolve("cas"));
    Digest d = cas.putBytes("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
    Digest kept = cas.putBytes("kept".getBytes(StandardCharsets.UTF_8));
    byte[] fact = fact("gdpr-1", d, service);
    cas.erase(d, new ErasureFact("gdpr-1", T1, fact));

    Optional<NodeDetails.Erased> erased = erasures(cas).apply(d.toString());

    assertThat(erased)
        .contains(
            new NodeDetails.Erased("gdpr-1", T1.toString(), AvroEnvelopes.digest(fact).toString()));
    assertThat(erasures(cas).apply(kept.toString())).isEmpty();
    assertThat(erasures(cas).apply("source:transactions_q1")).isEmpty();
    assertThat(
            new SnapshotErasures(Optional.empty(), keys::keyring, ClockSkew.defaults())
                .apply(d.toString()))
        .isEmpty();
  }

  @Test
  void aTombstoneWhoseFactIsNotTheServicesOrNamesAnotherSnapshotMarksNothing() throws Exception {
    ContentStore cas = new ContentStore(dir.resolve("cas"));
    Digest byProducer = cas.putBytes("one".getBytes(StandardCharsets.UTF_8));
    Digest other = cas.putBytes("two".getBytes(StandardCharsets.UTF_8));
    Digest unsigned = cas.putBytes("three".getBytes(StandardCharsets.UTF_8));
    // a PRODUCER key cannot make a snapshot look erased
    cas.erase(byProducer, new ErasureFact("gdpr-1", T1, fact("gdpr-1", byProducer, producer)));
    // a genuine fact about another snapshot, copied into this tombstone
    cas.erase(other, new ErasureFact("gdpr-1", T1, fact("gdpr-1", byProducer, service)));
    cas.erase(unsigned, ErasureFact.unsigned("gdpr-1", T1));

    assertThat(erasures(cas).apply(byProducer.toString())).isEmpty();
    assertThat(erasures(cas).apply(other.toString())).isEmpty();
    assertThat(erasures(cas).apply(unsigned.toString())).isEmpty();
  }
}
