package dev.lineage.tlog.tiles;

/**
 * An entry bundle: the log entries {@code N * 256 .. N * 256 + width - 1}, each prefixed with its
 * length as a big-endian uint16 (c2sp.org/tlog-tiles, "Log entries"). It hashes, entry by entry, to
 * the level 0 tile of the same index and width.
 */
public record EntryBundleId(long index, int width) implements TileResource {
  public EntryBundleId {
    if (index < 0) {
      throw new IllegalArgumentException("bundle index must not be negative, got " + index);
    }
    if (width < 1 || width > FULL_WIDTH) {
      throw new IllegalArgumentException("bundle width must be in 1..256, got " + width);
    }
  }

  public EntryBundleId full() {
    return new EntryBundleId(index, FULL_WIDTH);
  }

  /** The level 0 hash tile this bundle's entries hash to. */
  public TileId hashTile() {
    return new TileId(0, index, width);
  }

  @Override
  public String path() {
    return "tile/entries/" + TilePaths.encodeIndex(index) + TilePaths.widthSuffix(width);
  }

  @Override
  public String toString() {
    return path();
  }
}
