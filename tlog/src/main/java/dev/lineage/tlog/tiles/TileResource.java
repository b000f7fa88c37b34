package dev.lineage.tlog.tiles;

/**
 * A static resource of a C2SP tlog-tiles log (c2sp.org/tlog-tiles, "Merkle Tree" and "Log
 * entries"): a hash tile or an entry bundle, named by its path below the log's prefix.
 */
public sealed interface TileResource permits TileId, EntryBundleId {
  /** Hashes (or entries) per full tile: tiles have height 8. */
  int FULL_WIDTH = 256;

  /** Tile height: each tile spans 8 levels of the Merkle tree. */
  int HEIGHT = 8;

  /** The index {@code N} of the tile within its level. */
  long index();

  /** How many hashes (or entries) it holds: 256 when full, 1..255 when partial. */
  int width();

  default boolean isPartial() {
    return width() < FULL_WIDTH;
  }

  /** The path below the log prefix, e.g. {@code tile/0/x001/x234/067.p/8}. */
  String path();

  /**
   * Parses a path as the spec writes it, refusing every non-canonical spelling (leading zeros,
   * missing {@code x}, a {@code .p/256}), so one resource has exactly one path.
   */
  static TileResource parse(String path) {
    return TilePaths.parse(path);
  }
}
