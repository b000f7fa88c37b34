package dev.lineage.trust;

import dev.lineage.stores.JsonSerde;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the keyring to a topology: a global store ({@link KeyringStore#STORE}) filled by {@link
 * KeyringProcessor} from the keys topic, so every instance of every app checks signatures against
 * the whole keyring. One wiring for every app that verifies events.
 */
public final class KeyringGlobalStore {
  private KeyringGlobalStore() {}

  public static Topology addTo(
      Topology topology, String keysTopic, TrustAnchors roots, ClockSkew skew) {
    // Topology.addGlobalStore reprocesses on restore (4.3): a restored keyring is the processor's
    // output, never the raw topic copied in. The source topic is the store's changelog.
    return topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(KeyringStore.STORE),
                Serdes.String(),
                JsonSerde.of(KeyringEntry.class))
            .withLoggingDisabled(),
        "keys-source",
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        keysTopic,
        "keyring-fold",
        () -> new KeyringProcessor(roots, skew));
  }
}
