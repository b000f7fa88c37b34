package dev.lineage.translog;

import dev.lineage.tlog.tiles.TileResource;
import dev.lineage.tlog.tiles.TileStore;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The log's tiles in a Kafka Streams key-value store, keyed by tlog-tiles path: written by the
 * integrator in the same transaction as the leaves it consumed, so the tiles, the head and the log
 * topic's offset move together (exactly-once).
 */
final class KeyValueTileStore implements TileStore {
  private final KeyValueStore<String, byte[]> store;

  KeyValueTileStore(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  @Override
  public Optional<byte[]> read(TileResource resource) {
    return Optional.ofNullable(store.get(resource.path()));
  }

  @Override
  public void write(TileResource resource, byte[] data) {
    store.put(resource.path(), data);
  }

  void delete(TileResource resource) {
    store.delete(resource.path());
  }
}
