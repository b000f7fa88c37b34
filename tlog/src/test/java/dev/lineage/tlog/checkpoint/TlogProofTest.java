package dev.lineage.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.tlog.checkpoint.TlogProofException.Reason;
import dev.lineage.tlog.merkle.Rfc6962;
import dev.lineage.tlog.note.CosignatureV1Signer;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.tlog.tiles.InMemoryTileStore;
import dev.lineage.tlog.tiles.TiledLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TlogProofTest {
  static final String ORIGIN = "lineage.example/log";
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_760_000_000L), ZoneOffset.UTC);

  Ed25519NoteSigner log;
  CosignatureV1Signer w1;
  CosignatureV1Signer w2;
  CosignatureV1Signer w3;
  TiledLog tlog;
  TlogProof proof;

  static byte[] entry(int i) {
    return ("envelope " + i).getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void setUp() {
    log = new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate());
    w1 = new CosignatureV1Signer("w1.example", Ed25519KeyPair.generate(), CLOCK);
    w2 = new CosignatureV1Signer("w2.example", Ed25519KeyPair.generate(), CLOCK);
    w3 = new CosignatureV1Signer("w3.example", Ed25519KeyPair.generate(), CLOCK);
    tlog = new TiledLog(new InMemoryTileStore(), 0);
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      entries.add(entry(i));
    }
    tlog.append(entries);
    SignedNote cp = new Checkpoint(ORIGIN, tlog.size(), tlog.root()).sign(List.of(log, w1, w2));
    proof = new TlogProof(42, tlog.inclusionProof(42, 100), cp);
  }

  LogPolicy policy(int quorum) {
    List<NoteVerifier> witnesses = List.of(w1.verifier(), w2.verifier(), w3.verifier());
    return new LogPolicy(ORIGIN, List.of(log.verifier()), witnesses, quorum);
  }

  @Test
  void formatsTheSpecLayoutAndParsesItBack() throws Exception {
    String text = proof.format();
    assertThat(text).startsWith("c2sp.org/tlog-proof@v1\nindex 42\n");
    assertThat(text).contains("\n\n" + ORIGIN + "\n100\n" + tlog.root().base64() + "\n\n\u2014 ");
    TlogProof parsed = TlogProof.parse(text);
    assertThat(parsed).isEqualTo(proof);
    assertThat(parsed.format()).isEqualTo(text);

    TlogProof withExtra =
        new TlogProof(Optional.of("aGVsbG8="), 42, proof.inclusionProof(), proof.checkpoint());
    assertThat(withExtra.format()).startsWith("c2sp.org/tlog-proof@v1\nextra aGVsbG8=\nindex 42\n");
    assertThat(TlogProof.parse(withExtra.format()).extra().orElseThrow())
        .isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void verifiesWithTheLogKeyAndAQuorumOfWitnesses() throws Exception {
    SignedCheckpoint cp = proof.verify(Rfc6962.leafHash(entry(42)), policy(2));
    assertThat(cp.checkpoint().size()).isEqualTo(100);
  }

  @Test
  void saysPreciselyWhatFails() {
    assertThatThrownBy(() -> proof.verify(Rfc6962.leafHash(entry(43)), policy(2)))
        .isInstanceOf(TlogProofException.class)
        .hasMessageStartingWith("inclusion proof (ROOT_MISMATCH): ")
        .extracting(e -> ((TlogProofException) e).reason())
        .isEqualTo(Reason.INCLUSION);
    assertThatThrownBy(() -> proof.verify(Rfc6962.leafHash(entry(42)), policy(3)))
        .hasMessage(
            "2 of the 3 known witnesses cosigned (w1.example+"
                + String.format("%08x", w1.keyId())
                + ", w2.example+"
                + String.format("%08x", w2.keyId())
                + "), the policy requires 3")
        .extracting(e -> ((TlogProofException) e).reason())
        .isEqualTo(Reason.TOO_FEW_COSIGNATURES);
    LogPolicy otherOrigin =
        new LogPolicy("other.example/log", List.of(log.verifier()), List.of(), 0);
    assertThatThrownBy(() -> proof.verify(Rfc6962.leafHash(entry(42)), otherOrigin))
        .extracting(e -> ((TlogProofException) e).reason())
        .isEqualTo(Reason.WRONG_ORIGIN);
    LogPolicy otherKey =
        LogPolicy.logOnly(
            ORIGIN, new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate()).verifier());
    assertThatThrownBy(() -> proof.verify(Rfc6962.leafHash(entry(42)), otherKey))
        .extracting(e -> ((TlogProofException) e).reason())
        .isEqualTo(Reason.LOG_SIGNATURE);
  }

  @Test
  void changingAnyCharacterOfTheProofMakesItFail() {
    String text = proof.format();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char changed = c == 'A' ? 'B' : c == '\n' ? 'x' : c == '\u2014' ? '-' : 'A';
      String bad = text.substring(0, i) + changed + text.substring(i + 1);
      int at = i;
      assertThatThrownBy(
              () -> TlogProof.parse(bad).verify(Rfc6962.leafHash(entry(42)), policy(2)),
              "character %d changed from %s",
              at,
              c)
          .isInstanceOf(TlogProofException.class);
    }
  }

  @Test
  void consistencyProofTextRoundTrips() {
    ConsistencyProof p = new ConsistencyProof(6, 100, tlog.consistencyProof(6, 100));
    assertThat(p.format()).startsWith("old 6\nnew 100\n");
    assertThat(ConsistencyProof.parse(p.format())).isEqualTo(p);
    assertThatThrownBy(() -> ConsistencyProof.parse("old 06\nnew 100\n"))
        .hasMessage("\"old 06\" does not hold a decimal without leading zeros");
  }
}
