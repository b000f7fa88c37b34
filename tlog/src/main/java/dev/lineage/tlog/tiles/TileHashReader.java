package dev.lineage.tlog.tiles;

import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.HashReader;
import dev.lineage.tlog.merkle.MerkleTree;
import dev.lineage.tlog.merkle.MissingHashException;
import dev.lineage.tlog.merkle.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the stored hashes of a tree of a given size from its tiles, reading each tile once per
 * batch. A hash at a tree level between two tile levels is recomputed from the tile below it.
 *
 * <p>The tiles are trusted as they come from the store: this is the log's own reader for serving
 * proofs. Whoever receives a proof checks it against a signed checkpoint anyway.
 */
public final class TileHashReader implements HashReader {
  private final TileStore store;
  private final long treeSize;

  public TileHashReader(TileStore store, long treeSize) {
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size must not be negative, got " + treeSize);
    }
    this.store = store;
    this.treeSize = treeSize;
  }

  @Override
  public List<Hash> readHashes(List<NodeId> nodes) {
    Map<TileId, byte[]> tiles = new HashMap<>();
    List<Hash> out = new ArrayList<>(nodes.size());
    for (NodeId node : nodes) {
      TileId tile;
      try {
        tile = Tiles.tileFor(node, treeSize);
      } catch (IllegalArgumentException e) {
        throw new MissingHashException(e.getMessage());
      }
      byte[] data = tiles.computeIfAbsent(tile, this::readTile);
      out.add(hashFromTile(tile, data, node));
    }
    return out;
  }

  private byte[] readTile(TileId tile) {
    byte[] data =
        store
            .readOrFromFull(tile)
            .orElseThrow(
                () ->
                    new MissingHashException(
                        "tile " + tile.path() + " of a tree of size " + treeSize + " is missing"));
    if (data.length != tile.byteLength()) {
      throw new MissingHashException(
          "tile "
              + tile.path()
              + " holds "
              + data.length
              + " bytes, expected "
              + tile.byteLength());
    }
    return data;
  }

  private static Hash hashFromTile(TileId tile, byte[] data, NodeId node) {
    int k = node.level() - TileResource.HEIGHT * tile.level();
    int first = (int) ((node.index() << k) - tile.index() * TileResource.FULL_WIDTH);
    int count = 1 << k;
    List<Hash> hashes = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      hashes.add(Hash.slice(data, i * Hash.SIZE));
    }
    return MerkleTree.completeSubtreeRoot(hashes);
  }
}
