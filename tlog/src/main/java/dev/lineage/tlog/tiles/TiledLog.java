package dev.lineage.tlog.tiles;

import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.MerkleTree;
import dev.lineage.tlog.merkle.MissingHashException;
import java.util.List;

/**
 * A tiled log over a {@link TileStore}: append, roots and proofs at any size up to the current one.
 * Proofs are computed from the tiles of the current size (stored subtree hashes never change once
 * complete), so a proof for an old checkpoint needs no old partial tile.
 *
 * <p>Not thread-safe: one writer owns a log (in the Lineage deployment, the single task of the
 * single-partition sequencer topic).
 */
public final class TiledLog {
  private final TileStore store;
  private long size;

  /** A log whose tiles in {@code store} describe a tree of {@code size} leaves. */
  public TiledLog(TileStore store, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative, got " + size);
    }
    this.store = store;
    this.size = size;
  }

  public long size() {
    return size;
  }

  /** Computes the tiles for {@code entries}, writes them, and moves the size on. */
  public TileUpdate append(List<byte[]> entries) {
    TileUpdate update = TileAppender.append(store, size, entries);
    store.writeAll(update.writes());
    size = update.newSize();
    return update;
  }

  public Hash root() {
    return rootAt(size);
  }

  public Hash rootAt(long treeSize) {
    checkSize(treeSize);
    return MerkleTree.rootHash(treeSize, reader());
  }

  public List<Hash> inclusionProof(long index, long treeSize) {
    checkSize(treeSize);
    return MerkleTree.inclusionProof(index, treeSize, reader());
  }

  public List<Hash> consistencyProof(long oldSize, long newSize) {
    checkSize(newSize);
    return MerkleTree.consistencyProof(oldSize, newSize, reader());
  }

  /** The entry at {@code index}, read from its bundle. */
  public byte[] entry(long index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("no entry " + index + " in a log of size " + size);
    }
    long n = index / TileResource.FULL_WIDTH;
    int width = (int) Math.min(TileResource.FULL_WIDTH, size - n * TileResource.FULL_WIDTH);
    EntryBundleId id = new EntryBundleId(n, width);
    byte[] bundle =
        store
            .readOrFromFull(id)
            .orElseThrow(
                () -> new MissingHashException("entry bundle " + id.path() + " is missing"));
    return EntryBundles.decode(bundle).get((int) (index % TileResource.FULL_WIDTH));
  }

  private TileHashReader reader() {
    return new TileHashReader(store, size);
  }

  private void checkSize(long treeSize) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " is not in 0.." + size + " (the log's current size)");
    }
  }
}
