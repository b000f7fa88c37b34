package dev.lineage.tlog.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.Rfc6962;
import dev.lineage.tlog.note.CosignatureV1Signer;
import dev.lineage.tlog.note.CosignatureV1Verifier;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.note.NoteSignature;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.tlog.tiles.InMemoryTileStore;
import dev.lineage.tlog.tiles.TiledLog;
import dev.lineage.tlog.witness.WitnessException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessTest {
  static final String ORIGIN = "lineage.example/log";
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_760_000_000L), ZoneOffset.UTC);

  Ed25519NoteSigner logKey;
  CosignatureV1Signer cosigner;
  TiledLog log;
  TiledLog forked;
  Witness witness;

  static List<byte[]> entries(int from, int to, int altered) {
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(
          ("envelope " + i + (i == altered ? " (rewritten)" : ""))
              .getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @BeforeEach
  void setUp() {
    logKey = new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate());
    cosigner = new CosignatureV1Signer("witness.example/w1", Ed25519KeyPair.generate(), CLOCK);
    log = new TiledLog(new InMemoryTileStore(), 0);
    forked = new TiledLog(new InMemoryTileStore(), 0);
    witness = witness(new InMemoryWitnessState());
  }

  Witness witness(WitnessState state) {
    return new Witness(cosigner, Map.of(ORIGIN, List.of(logKey.verifier())), state);
  }

  SignedNote checkpoint(TiledLog l, long size) {
    return new Checkpoint(ORIGIN, size, l.rootAt(size)).sign(List.of(logKey));
  }

  AddCheckpointRequest request(TiledLog l, long oldSize, long newSize) {
    return new AddCheckpointRequest(
        oldSize, l.consistencyProof(oldSize, newSize), checkpoint(l, newSize));
  }

  /** Appends the same entries to both logs, except that the fork rewrote entry 3. */
  void grow(int to) {
    int from = (int) log.size();
    log.append(entries(from, to, -1));
    forked.append(entries(from, to, 3));
  }

  @Test
  void cosignsEachCheckpointThatExtendsTheLastOne() throws Exception {
    grow(10);
    NoteSignature first = witness.addCheckpoint(request(log, 0, 10));
    grow(25);
    witness.addCheckpoint(request(log, 10, 25));
    grow(300);
    NoteSignature third = witness.addCheckpoint(request(log, 25, 300).format());

    assertThat(witness.latest(ORIGIN)).contains(new TreeHead(300, log.root()));
    SignedNote cosigned = checkpoint(log, 300).plus(third);
    assertThat(cosigned.verify(List.of(cosigner.verifier())).verified()).containsExactly(third);
    assertThat(CosignatureV1Verifier.timestamp(third.signature())).hasValue(1_760_000_000L);
    assertThat(third.line()).startsWith("\u2014 witness.example/w1 ");
    // the first cosignature is over the size-10 checkpoint, not the current one
    assertThat(cosigner.verifier().verify(checkpoint(log, 10).textBytes(), first.signature()))
        .isTrue();
    assertThat(cosigner.verifier().verify(checkpoint(log, 300).textBytes(), first.signature()))
        .isFalse();
  }

  @Test
  void refusesALogRebuiltWithOneLeafAltered() throws Exception {
    grow(25);
    witness.addCheckpoint(request(log, 0, 25));
    grow(30);
    // the rebuilt log signs a larger tree; its proof cannot reach the root cosigned at 25
    assertRefused(
        () -> witness.addCheckpoint(request(forked, 25, 30)),
        Reason.INCONSISTENT,
        422,
        "checkpoint of size 30 is not proven consistent with the cosigned size 25 (OLD_ROOT_MISMATCH)");
    // and the same size with another root is a fork too
    assertRefused(
        () ->
            witness.addCheckpoint(new AddCheckpointRequest(25, List.of(), checkpoint(forked, 25))),
        Reason.FORK_SAME_SIZE,
        422,
        "checkpoint of size 25 has root " + forked.rootAt(25));
    // a real extension is still accepted: refusals changed nothing
    witness.addCheckpoint(request(log, 25, 30));
    assertThat(witness.latest(ORIGIN)).contains(new TreeHead(30, log.root()));
  }

  @Test
  void refusesARollback() throws Exception {
    grow(25);
    witness.addCheckpoint(request(log, 0, 25));
    WitnessException e =
        assertRefused(
            () -> witness.addCheckpoint(request(log, 0, 10)),
            Reason.ROLLBACK,
            409,
            "checkpoint size 10 is below size 25 already cosigned for lineage.example/log: the log rolled back");
    assertThat(e.latestSize()).isEqualTo(OptionalLong.of(25));
    assertRefused(
        () -> witness.addCheckpoint(new AddCheckpointRequest(25, List.of(), checkpoint(log, 10))),
        Reason.ROLLBACK,
        400,
        "checkpoint size 10 is below");
  }

  @Test
  void answersTheSpecStatusForEachBadRequest() throws Exception {
    grow(25);
    witness.addCheckpoint(request(log, 0, 10));
    assertRefused(
        () -> witness.addCheckpoint(request(log, 5, 25)),
        Reason.OLD_SIZE_MISMATCH,
        409,
        "old size 5 is not the last cosigned size 10");
    assertRefused(
        () -> witness.addCheckpoint(new AddCheckpointRequest(26, List.of(), checkpoint(log, 25))),
        Reason.OLD_SIZE_AHEAD,
        400,
        "old size 26 is larger than the checkpoint size 25");

    List<Hash> tampered = new ArrayList<>(log.consistencyProof(10, 25));
    byte[] b = tampered.get(0).bytes();
    b[0] ^= 1;
    tampered.set(0, Hash.of(b));
    assertRefused(
        () -> witness.addCheckpoint(new AddCheckpointRequest(10, tampered, checkpoint(log, 25))),
        Reason.INCONSISTENT,
        422,
        "checkpoint of size 25 is not proven consistent");

    Ed25519NoteSigner impostor = new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate());
    SignedNote forged = new Checkpoint(ORIGIN, 25, log.root()).sign(List.of(impostor));
    assertRefused(
        () ->
            witness.addCheckpoint(
                new AddCheckpointRequest(10, log.consistencyProof(10, 25), forged)),
        Reason.UNTRUSTED_SIGNATURE,
        403,
        "no signature by a known key");

    SignedNote otherLog = new Checkpoint("other.example/log", 25, log.root()).sign(List.of(logKey));
    assertRefused(
        () -> witness.addCheckpoint(new AddCheckpointRequest(0, List.of(), otherLog)),
        Reason.UNKNOWN_ORIGIN,
        404,
        "this witness does not follow the log \"other.example/log\"");

    assertRefused(
        () -> witness.addCheckpoint("old 1\nnot base64\n\n"),
        Reason.MALFORMED,
        400,
        "malformed add-checkpoint request: ");
    assertThat(witness.latest(ORIGIN)).contains(new TreeHead(10, log.rootAt(10)));
  }

  @Test
  void aFirstCheckpointNeedsNoProofAndAnEmptyTreeTheEmptyRoot() throws Exception {
    grow(5);
    assertRefused(
        () ->
            witness.addCheckpoint(
                new AddCheckpointRequest(0, List.of(log.root()), checkpoint(log, 5))),
        Reason.UNEXPECTED_PROOF,
        422,
        "a consistency proof from size 0 to 5 is empty, got 1 hash(es)");
    SignedNote badEmpty = new Checkpoint(ORIGIN, 0, log.root()).sign(List.of(logKey));
    assertRefused(
        () -> witness.addCheckpoint(new AddCheckpointRequest(0, List.of(), badEmpty)),
        Reason.BAD_EMPTY_ROOT,
        422,
        "a checkpoint of size 0 must have the empty tree's root");
    SignedNote empty = new Checkpoint(ORIGIN, 0, Rfc6962.EMPTY_ROOT).sign(List.of(logKey));
    witness.addCheckpoint(new AddCheckpointRequest(0, List.of(), empty));
  }

  @Test
  void aWitnessReopenedFromItsStateFileStillRefusesARollback(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("witness.state");
    grow(25);
    witness(FileWitnessState.open(file)).addCheckpoint(request(log, 0, 25));
    assertThat(Files.readString(file))
        .isEqualTo("lineage-witness-state v1\n25 " + log.root().base64() + " " + ORIGIN + "\n");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file);
    }

    Witness reopened = witness(FileWitnessState.open(file));
    assertThat(reopened.latest(ORIGIN)).contains(new TreeHead(25, log.root()));
    assertRefused(
        () -> reopened.addCheckpoint(request(log, 0, 10)),
        Reason.ROLLBACK,
        409,
        "checkpoint size 10");
  }

  @Test
  void aCorruptStateFileIsRefusedRatherThanReadAsEmpty(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("witness.state");
    Files.writeString(file, "lineage-witness-state v1\n25 notbase64 " + ORIGIN + "\n");
    assertThatThrownBy(() -> FileWitnessState.open(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 2");
  }

  /** The example request body of c2sp.org/tlog-witness, "add-checkpoint". */
  @Test
  void parsesTheSpecExampleRequest() throws Exception {
    String body =
        "old 20852014\n"
            + "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
            + "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
            + "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
            + "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
            + "\n"
            + "example.com/behind-the-sofa\n"
            + "20852163\n"
            + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
            + "\n"
            + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
            + "\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n";
    AddCheckpointRequest r = AddCheckpointRequest.parse(body);
    assertThat(r.oldSize()).isEqualTo(20852014L);
    assertThat(r.proof()).hasSize(4);
    assertThat(r.checkpoint().signatures()).hasSize(2);
    assertThat(Checkpoint.parse(r.checkpoint().text()).size()).isEqualTo(20852163L);
    assertThat(r.format()).isEqualTo(body);
  }

  static WitnessException assertRefused(
      ThrowingCallable call, Reason reason, int status, String messageStart) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(WitnessException.class).hasMessageStartingWith(messageStart);
    WitnessException e = (WitnessException) t;
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.httpStatus()).isEqualTo(status);
    return e;
  }
}
