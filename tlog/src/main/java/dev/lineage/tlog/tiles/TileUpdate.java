package dev.lineage.tlog.tiles;

import dev.lineage.tlog.merkle.Hash;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What appending entries to a tiled log produces: the tiles and entry bundles to write (full ones
 * completed and the new partial ones), and the new tree's size and root.
 */
public record TileUpdate(long oldSize, long newSize, Hash root, Map<TileResource, byte[]> writes) {
  public TileUpdate {
    writes = Collections.unmodifiableMap(new LinkedHashMap<>(writes));
  }
}
