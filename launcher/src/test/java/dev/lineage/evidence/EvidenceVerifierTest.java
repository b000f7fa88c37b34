package dev.lineage.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.id.Digest;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.InMemoryHashStore;
import dev.lineage.tlog.merkle.MerkleTree;
import dev.lineage.tlog.note.CosignatureV1Signer;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.note.NoteSigner;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.topics.Topics;
import dev.lineage.translog.LogLeaf;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence bundles for the seed's {@code model_m92}, made as {@code lineage evidence} makes them
 * (the same selection, leaves and RFC 6962 proofs against one checkpoint, here of a tree built in
 * memory), verified offline; then a bundle maker who lies: each alteration is refused with a reason
 * that names what failed.
 */
class EvidenceVerifierTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final String ORIGIN = "lineage.test/log";

  @TempDir Path dir;

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer approver = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Ed25519NoteSigner logKey = new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate());
  private final CosignatureV1Signer w1 = witness("witness.test/w1");
  private final CosignatureV1Signer w2 = witness("witness.test/w2");

  private SeedScenario seed;
  private List<EvidenceSelection.Candidate> logged;

  private static CosignatureV1Signer witness(String name) {
    return new CosignatureV1Signer(
        name, Ed25519KeyPair.generate(), Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
  }

  @BeforeEach
  void seedTheLog() throws IOException {
    seed =
        SeedScenario.create(dir.resolve("seed"), root, producer, Clock.fixed(T0, ZoneOffset.UTC));
    logged = new ArrayList<>();
    long at = T0.toEpochMilli();
    Topics topics = Topics.defaults();
    for (SeedScenario.SeedRecord r : seed.records()) {
      String source = r.target().topic(topics).substring(topics.prefix().length());
      logged.add(new EvidenceSelection.Candidate(source, r.value(), at += 1000));
    }
    logged.add(
        new EvidenceSelection.Candidate(
            "keys",
            AvroEnvelopes.sign(
                EventType.KEY_GRANTED,
                Envelopes.grant(approver.publicKey(), List.of(Role.APPROVER), T0, null, T0),
                root),
            at += 1000));
    logged.add(new EvidenceSelection.Candidate("approvals", approval(approver), at += 1000));
  }

  private byte[] approval(Signer by) {
    return AvroEnvelopes.sign(
        EventType.DEPLOYMENT_APPROVED,
        DeploymentApproved.newBuilder()
            .setModelDigest(seed.model())
            .setManifestDigest(seed.manifest())
            .setDecision(ApprovalDecision.APPROVED)
            .setSignedAt(T0.plusSeconds(30))
            .build(),
        by);
  }

  /** The bundle {@code lineage evidence} writes, against a checkpoint signed by {@code signers}. */
  private EvidenceBundle bundle(List<EvidenceSelection.Candidate> log, List<NoteSigner> signers)
      throws IOException {
    InMemoryHashStore tree = new InMemoryHashStore();
    List<byte[]> leaves = new ArrayList<>();
    for (EvidenceSelection.Candidate c : log) {
      byte[] leaf = new LogLeaf(c.digest(), c.appendedAt(), c.source()).encode();
      leaves.add(leaf);
      tree.append(leaf);
    }
    String checkpoint = new Checkpoint(ORIGIN, tree.size(), tree.rootHash()).sign(signers).format();
    EvidenceSelection.Selected selected = EvidenceSelection.select(seed.model(), log);
    List<EvidenceBundle.Entry> entries = new ArrayList<>();
    for (EvidenceSelection.Candidate c : selected.envelopes()) {
      int index = log.indexOf(c);
      entries.add(
          new EvidenceBundle.Entry(
              new String(leaves.get(index), StandardCharsets.US_ASCII),
              index,
              MerkleTree.inclusionProof(index, tree.size(), tree).stream()
                  .map(Hash::base64)
                  .toList(),
              Base64.getEncoder().encodeToString(c.value())));
    }
    List<EvidenceBundle.Manifest> manifests = new ArrayList<>();
    for (String m : selected.manifests()) {
      byte[] bytes = new ContentStore(seed.cas()).readBytes(Digest.parse(m));
      manifests.add(new EvidenceBundle.Manifest(m, Base64.getEncoder().encodeToString(bytes)));
    }
    // through its file form, as an auditor receives it
    return EvidenceBundle.fromJson(
        new EvidenceBundle(EvidenceBundle.FORMAT, seed.model(), checkpoint, entries, manifests)
            .toJson());
  }

  private EvidenceBundle cosigned() throws IOException {
    return bundle(logged, List.of(logKey, w1, w2));
  }

  private EvidenceVerifier verifier(int quorum) throws IOException {
    return new EvidenceVerifier(
        logKey.verifier(),
        TrustAnchors.of(List.of(root.publicKey())),
        List.<NoteVerifier>of(w1.verifier(), w2.verifier()),
        quorum,
        ClockSkew.defaults());
  }

  private static EvidenceBundle withEntries(
      EvidenceBundle b, UnaryOperator<List<EvidenceBundle.Entry>> change) {
    return new EvidenceBundle(
        b.format(),
        b.model(),
        b.checkpoint(),
        change.apply(new ArrayList<>(b.entries())),
        b.manifests());
  }

  private static int entryOf(EvidenceBundle b, String source, int nth) {
    int seen = 0;
    for (int i = 0; i < b.entries().size(); i++) {
      if (b.entries().get(i).leaf().endsWith(" " + source + "\n") && seen++ == nth) {
        return i;
      }
    }
    throw new AssertionError("no " + source + " entry " + nth);
  }

  @Test
  void theSeedModelsBundleVerifiesOfflineWithItsStoryAndVerdict() throws Exception {
    EvidenceBundle bundle = cosigned();
    assertThat(bundle.entries()).hasSize(logged.size());

    EvidenceVerifier.Report report = verifier(2).verify(bundle);

    assertThat(report.treeSize()).isEqualTo(logged.size());
    assertThat(report.cosigners()).containsExactlyInAnyOrder("witness.test/w1", "witness.test/w2");
    assertThat(report.producingRuns()).containsExactly(SeedScenario.TRAINING_RUN);
    assertThat(report.manifests()).containsExactly(seed.manifest());
    assertThat(report.upstreamNodes())
        .as("model, training run's inputs, features, the extraction run's inputs, the source")
        .isGreaterThanOrEqualTo(3);
    assertThat(report.bySource()).containsEntry("keys", 2).containsEntry("approvals", 1);
    assertThat(report.verdict().approved()).isTrue();
  }

  @Test
  void anApprovalByTheProducersOwnKeyVerifiesAsAFactButDecidesNothing() throws Exception {
    // the producer's key granted APPROVER too: its approval is accepted, and is a self-approval
    logged.set(
        logged.size() - 2,
        new EvidenceSelection.Candidate(
            "keys",
            AvroEnvelopes.sign(
                EventType.KEY_GRANTED,
                Envelopes.grant(producer.publicKey(), List.of(Role.APPROVER), T0, null, T0),
                root),
            logged.get(logged.size() - 2).appendedAt()));
    logged.set(
        logged.size() - 1,
        new EvidenceSelection.Candidate(
            "approvals", approval(producer), logged.get(logged.size() - 1).appendedAt()));
    EvidenceVerifier.Report report = verifier(2).verify(cosigned());
    assertThat(report.verdict().approved()).isFalse();
    assertThat(EvidenceVerifier.reasons(report.verdict()))
        .anySatisfy(r -> assertThat(r).contains(producer.keyId()));
  }

  @Test
  void oneChangedByteInAnEnvelopeIsCaughtNamingTheEntry() throws Exception {
    EvidenceBundle b = cosigned();
    int run = entryOf(b, "runs", 1);
    EvidenceBundle tampered =
        withEntries(
            b,
            entries -> {
              EvidenceBundle.Entry e = entries.get(run);
              byte[] value = Base64.getDecoder().decode(e.envelope());
              value[value.length / 2] ^= 1;
              entries.set(
                  run,
                  new EvidenceBundle.Entry(
                      e.leaf(), e.index(), e.proof(), Base64.getEncoder().encodeToString(value)));
              return entries;
            });
    assertThatThrownBy(() -> verifier(2).verify(tampered))
        .hasMessageStartingWith("entry " + run + " (leaf " + b.entries().get(run).index() + ")")
        .hasMessageContaining("the envelope was altered");
  }

  @Test
  void aLeafWithAnotherAppendTimeOrIndexIsNotInTheLog() throws Exception {
    EvidenceBundle b = cosigned();
    int model = entryOf(b, "artifacts", 0);
    EvidenceBundle.Entry e = b.entries().get(model);
    LogLeaf leaf = LogLeaf.parse(e.leaf().getBytes(StandardCharsets.US_ASCII));
    // an earlier append time would move the registration before a revocation, say
    String earlier =
        new String(
            new LogLeaf(leaf.envelopeDigest(), leaf.appendedAt() - 1, leaf.source()).encode(),
            StandardCharsets.US_ASCII);
    EvidenceBundle retimed =
        withEntries(
            b,
            entries -> {
              entries.set(
                  model, new EvidenceBundle.Entry(earlier, e.index(), e.proof(), e.envelope()));
              return entries;
            });
    assertThatThrownBy(() -> verifier(2).verify(retimed))
        .hasMessageContaining(leaf.envelopeDigest())
        .hasMessageContaining("not in the log at checkpoint size " + logged.size());

    EvidenceBundle moved =
        withEntries(
            b,
            entries -> {
              entries.set(
                  model,
                  new EvidenceBundle.Entry(e.leaf(), e.index() + 1, e.proof(), e.envelope()));
              return entries;
            });
    assertThatThrownBy(() -> verifier(2).verify(moved))
        .hasMessageContaining("not in the log at checkpoint size");
  }

  @Test
  void aDroppedEventOnThePathToTheSourcesIsCaught() throws Exception {
    EvidenceBundle b = cosigned();
    // the extraction run: the features the training run read then come from nowhere
    int extraction = -1;
    for (int i = 0; i < b.entries().size(); i++) {
      byte[] value = Base64.getDecoder().decode(b.entries().get(i).envelope());
      if (new String(value, StandardCharsets.ISO_8859_1).contains(SeedScenario.EXTRACTION_RUN)) {
        extraction = i;
      }
    }
    assertThat(extraction).isNotNegative();
    int drop = extraction;
    // and the features' registration too, else it alone stands for the features
    String features = seed.features();
    EvidenceBundle dropped =
        withEntries(
            b,
            entries -> {
              entries.remove(drop);
              entries.removeIf(
                  e ->
                      e.leaf().endsWith(" artifacts\n")
                          && new String(
                                  Base64.getDecoder().decode(e.envelope()),
                                  StandardCharsets.ISO_8859_1)
                              .contains(features));
              return entries;
            });
    assertThatThrownBy(() -> verifier(2).verify(dropped))
        .hasMessageContaining(
            "the run " + SeedScenario.TRAINING_RUN + " names the input " + features)
        .hasMessageContaining("no entry registers or produces");
  }

  @Test
  void aDroppedKeyGrantLeavesItsSignaturesUnbacked() throws Exception {
    EvidenceBundle b = cosigned();
    int grant = entryOf(b, "keys", 0);
    EvidenceBundle dropped =
        withEntries(
            b,
            entries -> {
              entries.remove(grant);
              return entries;
            });
    assertThatThrownBy(() -> verifier(2).verify(dropped))
        .hasMessageMatching("entry \\d+ \\(sha256:[0-9a-f]{64}, leaf \\d+, (artifacts|runs)\\): .*")
        .hasMessageContaining("unknown-key");
  }

  @Test
  void aForeignLogKeyIsRefused() throws Exception {
    EvidenceBundle b = cosigned();
    Ed25519NoteSigner foreign = new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate());
    EvidenceVerifier trustingForeign =
        new EvidenceVerifier(
            foreign.verifier(),
            TrustAnchors.of(List.of(root.publicKey())),
            List.of(),
            0,
            ClockSkew.defaults());
    assertThatThrownBy(() -> trustingForeign.verify(b))
        .hasMessageStartingWith("checkpoint: not a checkpoint signed by the log key " + ORIGIN);

    // and a bundle re-signed by a foreign key over a rewritten tree
    EvidenceBundle rewritten = bundle(logged, List.of(foreign, w1, w2));
    assertThatThrownBy(() -> verifier(0).verify(rewritten))
        .hasMessageStartingWith("checkpoint: not a checkpoint signed by the log key");
  }

  @Test
  void tooFewCosignaturesAreRefusedSayingHowMany() throws Exception {
    EvidenceBundle one = bundle(logged, List.of(logKey, w1));
    assertThat(verifier(1).verify(one).cosigners()).containsExactly("witness.test/w1");
    assertThatThrownBy(() -> verifier(2).verify(one))
        .hasMessageStartingWith("checkpoint: ")
        .hasMessageContaining("1 of the 2 known witnesses cosigned")
        .hasMessageContaining("requires 2");
  }

  @Test
  void anAlteredManifestOrModelIsRefused() throws Exception {
    EvidenceBundle b = cosigned();
    EvidenceBundle.Manifest m = b.manifests().get(0);
    byte[] bytes = Base64.getDecoder().decode(m.envelope());
    bytes[bytes.length - 3] ^= 1;
    EvidenceBundle altered =
        new EvidenceBundle(
            b.format(),
            b.model(),
            b.checkpoint(),
            b.entries(),
            List.of(
                new EvidenceBundle.Manifest(
                    m.digest(), Base64.getEncoder().encodeToString(bytes))));
    assertThatThrownBy(() -> verifier(2).verify(altered))
        .hasMessageStartingWith("manifest " + m.digest() + ": its bytes hash to");

    EvidenceBundle noManifest =
        new EvidenceBundle(b.format(), b.model(), b.checkpoint(), b.entries(), List.of());
    assertThatThrownBy(() -> verifier(2).verify(noManifest))
        .hasMessageContaining("names the training manifest " + seed.manifest())
        .hasMessageContaining("which the bundle does not hold");

    EvidenceBundle otherModel =
        new EvidenceBundle(b.format(), seed.features(), b.checkpoint(), b.entries(), b.manifests());
    assertThatThrownBy(() -> verifier(2).verify(otherModel))
        .hasMessageContaining("not the model " + seed.features());
  }

  @Test
  void aBundleWithAFieldTwiceOrAnUnknownFieldIsNotABundle() throws Exception {
    String json = new String(cosigned().toJson(), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                EvidenceBundle.fromJson(
                    json.replaceFirst("\\{", "{\"model\":\"x\",").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () ->
                EvidenceBundle.fromJson(
                    json.replaceFirst("\\{", "{\"trusted\":true,")
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
