package dev.lineage.tlog.merkle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Roots and proofs of an RFC 6962 tree whose complete subtrees are read through a {@link
 * HashReader}. Each call reads all the hashes it needs in a single batch.
 */
public final class MerkleTree {
  private MerkleTree() {}

  /** {@code MTH(D[0:treeSize])}; the hash of the empty string for an empty tree. */
  public static Hash rootHash(long treeSize, HashReader reader) {
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size must not be negative, got " + treeSize);
    }
    if (treeSize == 0) {
      return Rfc6962.EMPTY_ROOT;
    }
    return hashRanges(List.of(new LeafRange(0, treeSize)), reader).get(0);
  }

  /** The inclusion proof of leaf {@code index} in the tree of size {@code treeSize}. */
  public static List<Hash> inclusionProof(long index, long treeSize, HashReader reader) {
    return hashRanges(ProofPlan.inclusion(index, treeSize), reader);
  }

  /** The consistency proof from the tree of size {@code oldSize} to the one of {@code newSize}. */
  public static List<Hash> consistencyProof(long oldSize, long newSize, HashReader reader) {
    return hashRanges(ProofPlan.consistency(oldSize, newSize), reader);
  }

  /** {@code MTH} of each range, reading every stored subtree they need in one batch. */
  public static List<Hash> hashRanges(List<LeafRange> ranges, HashReader reader) {
    List<NodeId> nodes = ProofPlan.nodes(ranges);
    if (nodes.isEmpty()) {
      return List.of();
    }
    List<Hash> read = reader.readHashes(nodes);
    if (read.size() != nodes.size()) {
      throw new IllegalStateException(
          "hash reader answered " + read.size() + " hashes for " + nodes.size() + " nodes");
    }
    Map<NodeId, Hash> byNode = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      byNode.put(nodes.get(i), read.get(i));
    }
    List<Hash> out = new ArrayList<>(ranges.size());
    for (LeafRange r : ranges) {
      List<NodeId> parts = r.nodes();
      Hash acc = byNode.get(parts.get(parts.size() - 1));
      for (int i = parts.size() - 2; i >= 0; i--) {
        acc = Rfc6962.nodeHash(byNode.get(parts.get(i)), acc);
      }
      out.add(acc);
    }
    return out;
  }

  /**
   * The root of the complete subtree whose {@code hashes.size()} leaves (a power of two) are given
   * left to right; used to hash within a tile.
   */
  public static Hash completeSubtreeRoot(List<Hash> hashes) {
    int n = hashes.size();
    if (n == 0 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("a complete subtree has 2^k hashes, got " + n);
    }
    List<Hash> level = hashes;
    while (level.size() > 1) {
      List<Hash> up = new ArrayList<>(level.size() / 2);
      for (int i = 0; i < level.size(); i += 2) {
        up.add(Rfc6962.nodeHash(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
    return level.get(0);
  }
}
