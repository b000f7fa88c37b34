package dev.lineage.tlog.checkpoint;

import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.note.NoteSigner;
import dev.lineage.tlog.note.NoteVerificationException;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.tlog.note.VerifiedNote;
import java.util.Collection;
import java.util.List;

/**
 * A transparency log checkpoint (c2sp.org/tlog-checkpoint, "Note text"): origin, tree size and root
 * hash, one per line, then optional extension lines. It travels as the text of a signed note.
 */
public record Checkpoint(String origin, long size, Hash root, List<String> extensions) {
  public Checkpoint {
    if (origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException(
          "origin must be one non-empty line, got \"" + origin + "\"");
    }
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative, got " + size);
    }
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      if (e.isEmpty() || e.contains("\n")) {
        throw new IllegalArgumentException("extension lines must be single non-empty lines");
      }
    }
  }

  public Checkpoint(String origin, long size, Hash root) {
    this(origin, size, root, List.of());
  }

  /** The note text: {@code <origin>\n<size>\n<base64 root>\n} and any extension lines. */
  public String body() {
    StringBuilder sb =
        new StringBuilder(origin)
            .append('\n')
            .append(size)
            .append('\n')
            .append(root.base64())
            .append('\n');
    extensions.forEach(e -> sb.append(e).append('\n'));
    return sb.toString();
  }

  /** Parses a note text strictly: no leading zeros, canonical base64, no empty lines. */
  public static Checkpoint parse(String body) {
    if (!body.endsWith("\n")) {
      throw new IllegalArgumentException("checkpoint text does not end with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new IllegalArgumentException(
          "checkpoint text has " + lines.length + " line(s), needs origin, size and root hash");
    }
    String sizeLine = lines[1];
    if (!sizeLine.matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException(
          "checkpoint size \"" + sizeLine + "\" is not a decimal without leading zeros");
    }
    long size;
    try {
      size = Long.parseLong(sizeLine);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("checkpoint size \"" + sizeLine + "\" is too large", e);
    }
    Hash root;
    try {
      root = Hash.fromBase64(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint root hash: " + e.getMessage(), e);
    }
    return new Checkpoint(lines[0], size, root, List.of(lines).subList(3, lines.length));
  }

  /** Signs the body with the log key (and any further signers). */
  public SignedNote sign(List<? extends NoteSigner> signers) {
    return SignedNote.sign(body(), signers);
  }

  /**
   * Verifies a signed checkpoint with the log's keys, then parses its text (the text is not read
   * before a trusted signature verified, as c2sp.org/signed-note asks).
   */
  public static SignedCheckpoint open(String signedNote, Collection<? extends NoteVerifier> logKeys)
      throws NoteVerificationException {
    return open(SignedNote.parse(signedNote), logKeys);
  }

  public static SignedCheckpoint open(SignedNote note, Collection<? extends NoteVerifier> logKeys)
      throws NoteVerificationException {
    VerifiedNote verified = note.verify(logKeys);
    Checkpoint cp;
    try {
      cp = parse(verified.text());
    } catch (IllegalArgumentException e) {
      throw new NoteVerificationException(
          NoteVerificationException.Reason.MALFORMED, "malformed checkpoint: " + e.getMessage());
    }
    return new SignedCheckpoint(cp, verified);
  }
}
