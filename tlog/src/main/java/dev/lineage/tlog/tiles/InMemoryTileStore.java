package dev.lineage.tlog.tiles;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Tiles and bundles in a map: for tests and small tools. */
public final class InMemoryTileStore implements TileStore {
  private final Map<String, byte[]> byPath = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> read(TileResource resource) {
    return Optional.ofNullable(byPath.get(resource.path())).map(byte[]::clone);
  }

  @Override
  public void write(TileResource resource, byte[] data) {
    byPath.put(resource.path(), data.clone());
  }

  /** Removes a resource, so tests can simulate a lost or pruned tile. */
  public void delete(TileResource resource) {
    byPath.remove(resource.path());
  }

  /** How many resources are stored. */
  public int size() {
    return byPath.size();
  }
}
