package dev.lineage.witness;

import java.io.IOException;

/** Where a witness reads a log: its current signed checkpoint and consistency proofs. */
public interface LogFeed {
  /** The log's current checkpoint, a signed note ({@code GET /log/checkpoint}). */
  String checkpoint() throws IOException;

  /** The consistency proof text between two sizes ({@code GET /v1/log/consistency}). */
  String consistency(long from, long to) throws IOException;
}
