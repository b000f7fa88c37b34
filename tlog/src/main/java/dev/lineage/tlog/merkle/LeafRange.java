package dev.lineage.tlog.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The leaves {@code D[start:end]} of a subtree as RFC 6962 splits them. Its hash, {@code
 * MTH(D[start:end])}, is the fold of the complete subtrees {@link #nodes()} lists, right to left.
 */
public record LeafRange(long start, long end) {
  public LeafRange {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("need 0 <= start < end, got [" + start + ", " + end + ")");
    }
  }

  public long size() {
    return end - start;
  }

  /**
   * The complete subtrees covering this range, left to right, each as large as the alignment of its
   * first leaf allows. For the ranges RFC 6962 recursion produces (start aligned to the largest
   * power of two below the size), folding them right to left gives exactly {@code MTH}.
   */
  public List<NodeId> nodes() {
    List<NodeId> out = new ArrayList<>();
    long s = start;
    while (s < end) {
      long k = Long.highestOneBit(end - s);
      if (s != 0) {
        k = Math.min(k, Long.lowestOneBit(s));
      }
      int level = Long.numberOfTrailingZeros(k);
      out.add(new NodeId(level, s >>> level));
      s += k;
    }
    return out;
  }
}
