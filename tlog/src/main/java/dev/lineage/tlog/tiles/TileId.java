package dev.lineage.tlog.tiles;

import dev.lineage.tlog.merkle.NodeId;

/**
 * A hash tile: at level {@code L}, tile {@code N} holds the Merkle tree hashes of the complete
 * subtrees at tree level {@code 8 * L} with indexes {@code N * 256 .. N * 256 + width - 1}
 * (c2sp.org/tlog-tiles, "Merkle Tree"). Level 0 tiles hold leaf hashes.
 */
public record TileId(int level, long index, int width) implements TileResource {
  public TileId {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("tile level must be in 0..63, got " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index must not be negative, got " + index);
    }
    if (width < 1 || width > FULL_WIDTH) {
      throw new IllegalArgumentException("tile width must be in 1..256, got " + width);
    }
  }

  /** The full tile at the same position. */
  public TileId full() {
    return new TileId(level, index, FULL_WIDTH);
  }

  /** The stored subtree whose hash is entry {@code i} of this tile. */
  public NodeId node(int i) {
    return new NodeId(HEIGHT * level, index * FULL_WIDTH + i);
  }

  /** The tile's data length: 32 bytes per hash. */
  public int byteLength() {
    return width * 32;
  }

  @Override
  public String path() {
    return "tile/" + level + "/" + TilePaths.encodeIndex(index) + TilePaths.widthSuffix(width);
  }

  @Override
  public String toString() {
    return path();
  }
}
