package dev.lineage.tlog.witness;

import dev.lineage.tlog.checkpoint.TextLines;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.note.NoteVerificationException;
import dev.lineage.tlog.note.SignedNote;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a tlog-witness {@code add-checkpoint} request (c2sp.org/tlog-witness,
 * "add-checkpoint"): {@code old <size>}, up to 63 consistency proof lines, an empty line, and the
 * signed checkpoint.
 */
public record AddCheckpointRequest(long oldSize, List<Hash> proof, SignedNote checkpoint) {
  public static final int MAX_PROOF_LINES = 63;

  public AddCheckpointRequest {
    if (oldSize < 0) {
      throw new IllegalArgumentException("old size must not be negative, got " + oldSize);
    }
    proof = List.copyOf(proof);
    if (proof.size() > MAX_PROOF_LINES) {
      throw new IllegalArgumentException(
          "at most " + MAX_PROOF_LINES + " consistency proof lines, got " + proof.size());
    }
  }

  public String format() {
    StringBuilder sb = new StringBuilder("old ").append(oldSize).append('\n');
    proof.forEach(h -> sb.append(h.base64()).append('\n'));
    return sb.append('\n').append(checkpoint.format()).toString();
  }

  /**
   * @throws WitnessException with {@link WitnessException.Reason#MALFORMED} (400)
   */
  public static AddCheckpointRequest parse(String body) throws WitnessException {
    try {
      int nl = body.indexOf('\n');
      if (nl < 0) {
        throw new IllegalArgumentException("no old size line");
      }
      long oldSize = TextLines.decimalAfter("old ", body.substring(0, nl));
      int pos = nl + 1;
      List<Hash> proof = new ArrayList<>();
      while (true) {
        int end = body.indexOf('\n', pos);
        if (end < 0) {
          throw new IllegalArgumentException("no empty line before the checkpoint");
        }
        String line = body.substring(pos, end);
        pos = end + 1;
        if (line.isEmpty()) {
          break;
        }
        proof.add(TextLines.hash(line, proof.size() + 2));
        if (proof.size() > MAX_PROOF_LINES) {
          throw new IllegalArgumentException(
              "more than " + MAX_PROOF_LINES + " consistency proof lines");
        }
      }
      return new AddCheckpointRequest(oldSize, proof, SignedNote.parse(body.substring(pos)));
    } catch (IllegalArgumentException | NoteVerificationException e) {
      throw new WitnessException(
          WitnessException.Reason.MALFORMED, "malformed add-checkpoint request: " + e.getMessage());
    }
  }
}
