package dev.lineage.translog;

import dev.lineage.stores.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The transparency log's stores, all persistent (RocksDB) and changelogged, all owned by the one
 * task of the single-partition log topic.
 *
 * <ul>
 *   <li>{@link #TILES}: tlog-tiles path ({@code tile/0/000.p/5}, {@code tile/entries/001}) → the
 *       tile's or bundle's bytes. Full tiles are written once; of the partial ones only the right
 *       edge of the current tree is kept (an older partial is a prefix of it: see {@link LogView}).
 *   <li>{@link #INDEX}: envelope digest → its leaf index (sequenced, maybe not yet integrated).
 *   <li>{@link #PENDING}: leaf index → leaf bytes, sequenced but not yet in the tiles.
 *   <li>{@link #HEAD}: the one entry {@link #HEAD_KEY} → {@link LogHead}.
 *   <li>{@code log-key-leaves-sent}: digest of each key event whose leaf was written → its append
 *       time (see {@link KeyLeafReporter}).
 * </ul>
 */
public final class LogStores {
  public static final String TILES = "log-tiles";
  public static final String INDEX = "log-index";
  public static final String PENDING = "log-pending";
  public static final String HEAD = "log-head";
  public static final String HEAD_KEY = "head";

  private LogStores() {}

  static StoreBuilder<KeyValueStore<String, byte[]>> tiles() {
    return store(TILES, Serdes.String(), Serdes.ByteArray());
  }

  static StoreBuilder<KeyValueStore<String, Long>> index() {
    return store(INDEX, Serdes.String(), Serdes.Long());
  }

  static StoreBuilder<KeyValueStore<Long, byte[]>> pending() {
    return store(PENDING, Serdes.Long(), Serdes.ByteArray());
  }

  static StoreBuilder<KeyValueStore<String, Long>> keyLeavesSent() {
    return store(KeyLeafReporter.SENT_STORE, Serdes.String(), Serdes.Long());
  }

  static StoreBuilder<KeyValueStore<String, LogHead>> head() {
    return store(HEAD, Serdes.String(), JsonSerde.of(LogHead.class));
  }

  private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(
      String name, Serde<K> keys, Serde<V> values) {
    // Cached: an integration rewrites the right-edge partial tiles, and a burst of integrations
    // within one commit interval reaches RocksDB and the changelog once.
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
        .withCachingEnabled();
  }
}
