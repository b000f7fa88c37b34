package dev.lineage.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.checkpoint.ConsistencyProof;
import dev.lineage.tlog.note.CosignatureV1Signer;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.tlog.tiles.InMemoryTileStore;
import dev.lineage.tlog.tiles.TiledLog;
import dev.lineage.tlog.witness.FileWitnessState;
import dev.lineage.tlog.witness.Witness;
import dev.lineage.tlog.witness.WitnessException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessFollowerTest {
  private static final String ORIGIN = "lineage.test/log";

  @TempDir Path dir;

  private final Ed25519NoteSigner logKey = new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate());
  private final CosignatureV1Signer witnessKey =
      new CosignatureV1Signer(
          "witness.test/w1",
          Ed25519KeyPair.generate(),
          Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC));

  /** A log served as lineage-streams serves it: its checkpoint and consistency proofs. */
  private final class FakeLog implements LogFeed {
    final TiledLog log = new TiledLog(new InMemoryTileStore(), 0);
    final List<byte[]> entries = new ArrayList<>();

    FakeLog append(String... leaves) {
      List<byte[]> batch = new ArrayList<>();
      for (String l : leaves) {
        batch.add((l + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      entries.addAll(batch);
      log.append(batch);
      return this;
    }

    @Override
    public String checkpoint() {
      return new Checkpoint(ORIGIN, log.size(), log.root()).sign(List.of(logKey)).format();
    }

    @Override
    public String consistency(long from, long to) {
      return new ConsistencyProof(from, to, log.consistencyProof(from, to)).format();
    }
  }

  private Witness witness() throws Exception {
    return new Witness(
        witnessKey,
        Map.of(ORIGIN, List.of(logKey.verifier())),
        FileWitnessState.open(dir.resolve("state")));
  }

  @Test
  void cosignsEachCheckpointThatExtendsTheLastAndWritesItForBundles() throws Exception {
    FakeLog log = new FakeLog().append("a", "b", "c", "d", "e");
    WitnessFollower follower =
        new WitnessFollower(witness(), log, ORIGIN, Optional.of(dir.resolve("out")));

    WitnessFollower.Step first = follower.step();
    assertThat(first.cosigned()).isTrue();
    assertThat(first.size()).isEqualTo(5);
    SignedNote cosigned = first.note().orElseThrow();
    assertThat(cosigned.signatures()).hasSize(2);
    assertThat(Checkpoint.open(cosigned, List.of(logKey.verifier())).checkpoint().size())
        .isEqualTo(5);
    assertThat(cosigned.verify(List.of(witnessKey.verifier())).verified())
        .as("the witness's cosignature verifies with its key")
        .hasSize(1);
    assertThat(Files.readString(dir.resolve("out").resolve("5"))).isEqualTo(cosigned.format());

    assertThat(follower.step().cosigned()).as("nothing new: nothing cosigned").isFalse();

    log.append("f", "g", "h");
    WitnessFollower.Step second = follower.step();
    assertThat(second.size()).isEqualTo(8);
    assertThat(Files.readString(dir.resolve("out").resolve("latest")))
        .isEqualTo(second.note().orElseThrow().format());

    // the state survives a restart: a new witness on the same file knows size 8
    log.append("i");
    assertThat(new WitnessFollower(witness(), log, ORIGIN, Optional.empty()).step().size())
        .isEqualTo(9);
  }

  @Test
  void refusesALogRebuiltWithOneLeafAlteredAndALogRolledBack() throws Exception {
    Witness witness = witness();
    new WitnessFollower(witness, new FakeLog().append("a", "b", "c", "d"), ORIGIN, Optional.empty())
        .step();

    FakeLog forked = new FakeLog().append("a", "B", "c", "d", "e", "f");
    assertThatThrownBy(() -> new WitnessFollower(witness, forked, ORIGIN, Optional.empty()).step())
        .isInstanceOf(WitnessException.class)
        .extracting(e -> ((WitnessException) e).reason())
        .isEqualTo(WitnessException.Reason.INCONSISTENT);

    FakeLog sameSizeFork = new FakeLog().append("a", "b", "c", "D");
    assertThatThrownBy(
            () -> new WitnessFollower(witness, sameSizeFork, ORIGIN, Optional.empty()).step())
        .extracting(e -> ((WitnessException) e).reason())
        .isEqualTo(WitnessException.Reason.FORK_SAME_SIZE);

    FakeLog rolledBack = new FakeLog().append("a", "b");
    assertThatThrownBy(
            () -> new WitnessFollower(witness, rolledBack, ORIGIN, Optional.empty()).step())
        .extracting(e -> ((WitnessException) e).reason())
        .isEqualTo(WitnessException.Reason.ROLLBACK);

    assertThat(witness.latest(ORIGIN).orElseThrow().size())
        .as("nothing refused moved the witness")
        .isEqualTo(4);
  }

  @Test
  void refusesACheckpointNotSignedByTheLogsKey() throws Exception {
    Ed25519NoteSigner impostor = new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate());
    LogFeed forged =
        new LogFeed() {
          final FakeLog real = new FakeLog().append("a");

          @Override
          public String checkpoint() {
            return new Checkpoint(ORIGIN, 1, real.log.root()).sign(List.of(impostor)).format();
          }

          @Override
          public String consistency(long from, long to) {
            return real.consistency(from, to);
          }
        };
    assertThatThrownBy(
            () -> new WitnessFollower(witness(), forged, ORIGIN, Optional.empty()).step())
        .extracting(e -> ((WitnessException) e).reason())
        .isEqualTo(WitnessException.Reason.UNTRUSTED_SIGNATURE);
  }
}
