package dev.lineage.tlog.witness;

import dev.lineage.tlog.merkle.Hash;

/** The size and root of the last checkpoint a witness cosigned for one log. */
public record TreeHead(long size, Hash root) {
  public TreeHead {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative, got " + size);
    }
  }
}
