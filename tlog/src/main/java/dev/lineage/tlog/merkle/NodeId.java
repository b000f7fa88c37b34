package dev.lineage.tlog.merkle;

/**
 * A complete subtree: the {@code 2^level} leaves {@code [index * 2^level, (index + 1) * 2^level)}.
 * These are the only hashes a log ever stores; every other hash a proof needs is folded from them.
 */
public record NodeId(int level, long index) {
  public NodeId {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("level must be in 0..63, got " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
  }

  /** The first leaf this subtree covers. */
  public long firstLeaf() {
    return index << level;
  }

  /** One past the last leaf this subtree covers. */
  public long endLeaf() {
    return (index + 1) << level;
  }

  @Override
  public String toString() {
    return "node(level " + level + ", index " + index + ")";
  }
}
