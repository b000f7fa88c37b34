package dev.lineage.tlog.tiles;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Where a log keeps its tiles and entry bundles, keyed by their tlog-tiles paths: a Kafka Streams
 * key-value store, a directory, an object store, or {@link InMemoryTileStore}. Tiles are immutable
 * once written, so a store never needs to order or lock writes of different tiles.
 */
public interface TileStore {
  /** The resource's bytes, or empty when it is not stored. */
  Optional<byte[]> read(TileResource resource);

  void write(TileResource resource, byte[] data);

  /** Writes several resources; stores that can do so atomically should. */
  default void writeAll(Map<TileResource, byte[]> resources) {
    resources.forEach(this::write);
  }

  /**
   * Reads a partial resource, or the prefix of its full tile when the partial one was already
   * replaced (c2sp.org/tlog-tiles allows deleting partial tiles once the full tile exists).
   */
  default Optional<byte[]> readOrFromFull(TileResource resource) {
    Optional<byte[]> exact = read(resource);
    if (exact.isPresent() || !resource.isPartial()) {
      return exact;
    }
    if (resource instanceof TileId t) {
      return read(t.full()).map(full -> prefix(full, t.byteLength()));
    }
    EntryBundleId b = (EntryBundleId) resource;
    return read(b.full())
        .map(full -> EntryBundles.encode(EntryBundles.decode(full).subList(0, b.width())));
  }

  private static byte[] prefix(byte[] data, int length) {
    if (data.length < length) {
      throw new IllegalStateException(
          "stored tile has " + data.length + " bytes, need at least " + length);
    }
    return Arrays.copyOf(data, length);
  }
}
