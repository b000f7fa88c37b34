package dev.lineage.witness;

import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.checkpoint.ConsistencyProof;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.note.NoteSignature;
import dev.lineage.tlog.note.NoteVerificationException;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.tlog.witness.AddCheckpointRequest;
import dev.lineage.tlog.witness.TreeHead;
import dev.lineage.tlog.witness.Witness;
import dev.lineage.tlog.witness.WitnessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * A witness following one log (c2sp.org/tlog-witness, pulled rather than pushed): each step reads
 * the log's checkpoint, asks the log for the consistency proof from the last size this witness
 * cosigned, and hands both to tlog's {@link Witness}, which cosigns only a checkpoint signed by the
 * log that provably extends the last one. A rolled-back, forked or rewritten log is refused with
 * the witness's reason ({@link WitnessException}); the state is not moved.
 *
 * <p>Each cosigned checkpoint (the log's note with the witness's cosignature line added) is written
 * to {@code <out>/<size>} by atomic move, and to {@code <out>/latest}, for evidence bundles to
 * carry.
 */
public final class WitnessFollower {
  /**
   * What one step did.
   *
   * @param cosigned whether the log grew since the last cosigned checkpoint (and this one was
   *     written out)
   */
  public record Step(long size, Hash root, boolean cosigned, Optional<SignedNote> note) {}

  private final Witness witness;
  private final LogFeed feed;
  private final String origin;
  private final Optional<Path> out;

  public WitnessFollower(Witness witness, LogFeed feed, String origin, Optional<Path> out) {
    this.witness = witness;
    this.feed = feed;
    this.origin = origin;
    this.out = out;
  }

  /**
   * Reads the log once and cosigns its checkpoint when it is new and consistent.
   *
   * @throws WitnessException when the witness refuses it (rollback, fork, bad signature, ...)
   * @throws IOException when the log cannot be read or the cosigned note not written
   */
  public Step step() throws IOException, WitnessException {
    SignedNote note;
    Checkpoint claimed;
    try {
      note = SignedNote.parse(feed.checkpoint());
      // read only for the proof to ask for: the witness verifies the signature before it trusts it
      claimed = Checkpoint.parse(note.text());
    } catch (NoteVerificationException | IllegalArgumentException e) {
      throw new WitnessException(
          WitnessException.Reason.MALFORMED, "the log's checkpoint: " + e.getMessage());
    }
    TreeHead latest = witness.latest(origin).orElse(null);
    long from = latest == null ? 0 : latest.size();
    List<Hash> proof = List.of();
    if (from > 0 && from < claimed.size()) {
      try {
        proof = ConsistencyProof.parse(feed.consistency(from, claimed.size())).hashes();
      } catch (IllegalArgumentException e) {
        throw new WitnessException(
            WitnessException.Reason.MALFORMED, "the log's consistency proof: " + e.getMessage());
      }
    }
    // even an unchanged checkpoint goes to the witness: it checks the log's signature every time
    NoteSignature cosignature = witness.addCheckpoint(new AddCheckpointRequest(from, proof, note));
    SignedNote cosigned = note.plus(cosignature);
    boolean advanced = latest == null || claimed.size() > latest.size();
    if (advanced && out.isPresent()) {
      write(out.get().resolve(Long.toString(claimed.size())), cosigned.format());
      write(out.get().resolve("latest"), cosigned.format());
    }
    return new Step(claimed.size(), claimed.root(), advanced, Optional.of(cosigned));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
