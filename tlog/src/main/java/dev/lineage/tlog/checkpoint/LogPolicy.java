package dev.lineage.tlog.checkpoint;

import dev.lineage.tlog.note.NoteVerifier;
import java.util.List;

/**
 * What a verifier trusts about one log: its origin, its key(s), the witnesses it knows and how many
 * of them must have cosigned (k of n, c2sp.org/tlog-proof "Verifying a tlog proof" step 3).
 */
public record LogPolicy(
    String origin, List<NoteVerifier> logKeys, List<NoteVerifier> witnesses, int quorum) {
  public LogPolicy {
    logKeys = List.copyOf(logKeys);
    witnesses = List.copyOf(witnesses);
    if (logKeys.isEmpty()) {
      throw new IllegalArgumentException("a log policy needs at least one log key");
    }
    if (quorum < 0 || quorum > witnesses.size()) {
      throw new IllegalArgumentException(
          "quorum " + quorum + " is not in 0.." + witnesses.size() + " (the known witnesses)");
    }
  }

  /** Trusts the log key alone, requiring no witness. */
  public static LogPolicy logOnly(String origin, NoteVerifier logKey) {
    return new LogPolicy(origin, List.of(logKey), List.of(), 0);
  }
}
