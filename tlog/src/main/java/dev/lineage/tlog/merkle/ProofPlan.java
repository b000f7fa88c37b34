package dev.lineage.tlog.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which subtree hashes a proof consists of, computed from the sizes alone (no hashing, no I/O).
 * Each proof element is one {@link LeafRange}; its hash is folded from stored complete subtrees.
 * The lengths here are also what a verifier expects, so a proof of the wrong length is refused with
 * both numbers before any hashing.
 */
public final class ProofPlan {
  private ProofPlan() {}

  /**
   * The ranges of an inclusion proof (RFC 9162 §2.1.3.1, {@code PATH(m, D[n])}), ordered from the
   * leaf's sibling up to the root's child.
   */
  public static List<LeafRange> inclusion(long index, long treeSize) {
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of size " + treeSize);
    }
    List<LeafRange> rootFirst = new ArrayList<>();
    long lo = 0;
    long hi = treeSize;
    while (hi - lo > 1) {
      long k = Rfc6962.splitPoint(hi - lo);
      if (index < lo + k) {
        rootFirst.add(new LeafRange(lo + k, hi));
        hi = lo + k;
      } else {
        rootFirst.add(new LeafRange(lo, lo + k));
        lo = lo + k;
      }
    }
    Collections.reverse(rootFirst);
    return rootFirst;
  }

  /**
   * The ranges of a consistency proof (RFC 9162 §2.1.4.1, {@code PROOF(m, D[n])} = {@code
   * SUBPROOF(m, D[n], true)}), deepest first. Empty when {@code m} is 0 or equals {@code n}.
   */
  public static List<LeafRange> consistency(long oldSize, long newSize) {
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + oldSize + " to size " + newSize);
    }
    List<LeafRange> rootFirst = new ArrayList<>();
    if (oldSize == 0 || oldSize == newSize) {
      return rootFirst;
    }
    long m = oldSize;
    long lo = 0;
    long hi = newSize;
    boolean startsAtOldRoot = true;
    while (m != hi - lo) {
      long k = Rfc6962.splitPoint(hi - lo);
      if (m <= k) {
        rootFirst.add(new LeafRange(lo + k, hi));
        hi = lo + k;
      } else {
        rootFirst.add(new LeafRange(lo, lo + k));
        m -= k;
        lo += k;
        startsAtOldRoot = false;
      }
    }
    if (!startsAtOldRoot) {
      rootFirst.add(new LeafRange(lo, hi));
    }
    Collections.reverse(rootFirst);
    return rootFirst;
  }

  /** Every stored subtree the given ranges are folded from, each once, in first-use order. */
  public static List<NodeId> nodes(List<LeafRange> ranges) {
    LinkedHashSet<NodeId> out = new LinkedHashSet<>();
    for (LeafRange r : ranges) {
      out.addAll(r.nodes());
    }
    return List.copyOf(out);
  }
}
