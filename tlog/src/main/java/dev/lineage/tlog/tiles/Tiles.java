package dev.lineage.tlog.tiles;

import dev.lineage.tlog.merkle.NodeId;
import dev.lineage.tlog.merkle.ProofPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which tiles make up a tree, which an append changes, and which hold a given stored hash. */
public final class Tiles {
  private Tiles() {}

  /**
   * Every tile (full and partial) that represents a tree of {@code treeSize} leaves, level by
   * level. A tree of 70,000 leaves has 273 full and one 112-wide level 0 tiles, a full and a
   * 17-wide level 1 tile, and a 1-wide level 2 tile (c2sp.org/tlog-tiles, "Partial Tiles").
   */
  public static List<TileId> treeTiles(long treeSize) {
    return newTiles(0, treeSize);
  }

  /**
   * The tiles that exist at {@code newSize} but not at {@code oldSize}: what a log writes after
   * appending. At each level that grew these are the full tiles completed and the new partial tile
   * (when the level's count is not a multiple of 256).
   */
  public static List<TileId> newTiles(long oldSize, long newSize) {
    if (oldSize < 0 || newSize < oldSize) {
      throw new IllegalArgumentException(
          "tree sizes must satisfy 0 <= old <= new, got " + oldSize + " and " + newSize);
    }
    List<TileId> out = new ArrayList<>();
    for (int level = 0; level < 64 && (newSize >>> (TileResource.HEIGHT * level)) > 0; level++) {
      long oldCount = countAt(level, oldSize);
      long newCount = countAt(level, newSize);
      if (oldCount == newCount) {
        continue;
      }
      for (long n = oldCount / TileResource.FULL_WIDTH;
          n <= (newCount - 1) / TileResource.FULL_WIDTH;
          n++) {
        out.add(
            new TileId(
                level,
                n,
                (int) Math.min(TileResource.FULL_WIDTH, newCount - n * TileResource.FULL_WIDTH)));
      }
    }
    return out;
  }

  /** The entry bundles that exist at {@code newSize} but not at {@code oldSize}. */
  public static List<EntryBundleId> newEntryBundles(long oldSize, long newSize) {
    List<EntryBundleId> out = new ArrayList<>();
    for (TileId t : newTiles(oldSize, newSize)) {
      if (t.level() == 0) {
        out.add(new EntryBundleId(t.index(), t.width()));
      }
    }
    return out;
  }

  /** How many hashes tile level {@code level} holds for a tree of {@code treeSize} leaves. */
  static long countAt(int level, long treeSize) {
    return treeSize >>> (TileResource.HEIGHT * level);
  }

  /**
   * The tile of a tree of {@code treeSize} leaves from which {@code node} is read or computed: a
   * node at tree level {@code 8t + k} is the hash of {@code 2^k} consecutive entries of a tile at
   * level {@code t}.
   *
   * @throws IllegalArgumentException if the node is not a complete subtree of that tree
   */
  public static TileId tileFor(NodeId node, long treeSize) {
    if (node.endLeaf() > treeSize || node.endLeaf() <= 0) {
      throw new IllegalArgumentException(node + " is not complete in a tree of size " + treeSize);
    }
    int t = node.level() / TileResource.HEIGHT;
    int k = node.level() % TileResource.HEIGHT;
    long firstEntry = node.index() << k;
    long n = firstEntry / TileResource.FULL_WIDTH;
    long available = countAt(t, treeSize) - n * TileResource.FULL_WIDTH;
    return new TileId(t, n, (int) Math.min(TileResource.FULL_WIDTH, available));
  }

  /** The tiles a client fetches to build the inclusion proof of leaf {@code index}. */
  public static Set<TileId> tilesForInclusion(long index, long treeSize) {
    return tilesFor(ProofPlan.nodes(ProofPlan.inclusion(index, treeSize)), treeSize);
  }

  /**
   * The tiles a client of a tree of {@code newSize} leaves fetches to build the consistency proof
   * from {@code oldSize}.
   */
  public static Set<TileId> tilesForConsistency(long oldSize, long newSize) {
    return tilesFor(ProofPlan.nodes(ProofPlan.consistency(oldSize, newSize)), newSize);
  }

  /** The tiles a set of stored hashes (e.g. a proof's {@code ProofPlan.nodes}) is read from. */
  public static Set<TileId> tilesFor(Collection<NodeId> nodes, long treeSize) {
    Set<TileId> out = new LinkedHashSet<>();
    for (NodeId n : nodes) {
      out.add(tileFor(n, treeSize));
    }
    return out;
  }
}
