package dev.lineage.translog;

import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.tiles.EntryBundleId;
import dev.lineage.tlog.tiles.EntryBundles;
import dev.lineage.tlog.tiles.TileId;
import dev.lineage.tlog.tiles.TileResource;
import dev.lineage.tlog.tiles.TileStore;
import dev.lineage.tlog.tiles.TiledLog;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A read-only view of the log at its integrated size: tiles as a tlog-tiles client asks for them,
 * roots, proofs and entries. The integrator keeps only the right edge's current partial tiles, so a
 * partial tile of an older tree (a client holding an older checkpoint asks for {@code .p/W} with a
 * smaller {@code W}) is served as the prefix of the current partial or full tile at the same
 * position: hashes of complete subtrees never change once stored, so the prefix is exactly what the
 * older tile held.
 */
public final class LogView {
  private final Function<String, byte[]> tiles;
  private final LogHead head;

  /**
   * @param tiles reads a stored resource by path (null when absent)
   * @param head the head the tiles describe
   */
  public LogView(Function<String, byte[]> tiles, LogHead head) {
    this.tiles = tiles;
    this.head = head;
  }

  public LogHead head() {
    return head;
  }

  /**
   * The resource's bytes as of a tree of the head's size or smaller; empty when the resource is not
   * part of such a tree (beyond the right edge).
   */
  public Optional<byte[]> resource(TileResource resource) {
    int current = widthAt(resource);
    if (current < resource.width()) {
      return Optional.empty();
    }
    byte[] exact = tiles.apply(resource.path());
    if (exact != null) {
      return Optional.of(exact);
    }
    if (resource instanceof TileId t) {
      return stored(new TileId(t.level(), t.index(), current))
          .map(data -> Arrays.copyOf(data, t.byteLength()));
    }
    EntryBundleId b = (EntryBundleId) resource;
    return stored(new EntryBundleId(b.index(), current))
        .map(data -> EntryBundles.encode(EntryBundles.decode(data).subList(0, b.width())));
  }

  public Hash root() {
    return head.rootHash();
  }

  public Hash rootAt(long treeSize) {
    return log().rootAt(treeSize);
  }

  public List<Hash> inclusionProof(long index, long treeSize) {
    return log().inclusionProof(index, treeSize);
  }

  public List<Hash> consistencyProof(long oldSize, long newSize) {
    return log().consistencyProof(oldSize, newSize);
  }

  /** The leaf at {@code index} (which must be integrated). */
  public byte[] entry(long index) {
    return log().entry(index);
  }

  /** A read-only tile store over this view, for the tlog library. */
  public TileStore tileStore() {
    return new TileStore() {
      @Override
      public Optional<byte[]> read(TileResource resource) {
        return resource(resource);
      }

      @Override
      public void write(TileResource resource, byte[] data) {
        throw new UnsupportedOperationException("the log's tiles are written by its integrator");
      }
    };
  }

  private TiledLog log() {
    return new TiledLog(tileStore(), head.size());
  }

  private Optional<byte[]> stored(TileResource resource) {
    return Optional.ofNullable(tiles.apply(resource.path()));
  }

  /** How wide the resource's position is in the tree of the head's size (0: not in it). */
  private int widthAt(TileResource resource) {
    int level = resource instanceof TileId t ? t.level() : 0;
    int shift = TileResource.HEIGHT * level;
    long count = shift >= Long.SIZE ? 0 : head.size() >>> shift;
    long before = resource.index() * TileResource.FULL_WIDTH;
    return (int) Math.max(0, Math.min(TileResource.FULL_WIDTH, count - before));
  }
}
