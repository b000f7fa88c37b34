package dev.lineage.trust;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The keyring as a global store: every instance holds all of {@code lineage.keys}, folded into one
 * {@link KeyHistory} per key under {@code key/<keyId>}, plus refused key events under {@code
 * rejected/<offset, 20 digits>}. The store keeps facts, not verdicts; {@link Keyring} decides trust
 * on read, so the store's content does not depend on the order it was filled in.
 */
public final class KeyringStore implements KeyLookup {
  public static final String STORE = "keyring";
  public static final String KEY_PREFIX = "key/";
  public static final String REJECTED_PREFIX = "rejected/";

  private final ReadOnlyKeyValueStore<String, KeyringEntry> store;

  public KeyringStore(ReadOnlyKeyValueStore<String, KeyringEntry> store) {
    this.store = store;
  }

  public static String keyOf(String keyId) {
    return KEY_PREFIX + keyId;
  }

  public static String rejectedKeyOf(long offset) {
    return REJECTED_PREFIX + String.format("%020d", offset);
  }

  @Override
  public Optional<KeyHistory> history(String keyId) {
    KeyringEntry entry = store.get(keyOf(keyId));
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.history());
  }

  @Override
  public Collection<String> keyIdsWithPublicKey() {
    List<String> ids = new ArrayList<>();
    try (KeyValueIterator<String, KeyringEntry> it =
        store.prefixScan(KEY_PREFIX, Serdes.String().serializer())) {
      while (it.hasNext()) {
        KeyValue<String, KeyringEntry> kv = it.next();
        if (kv.value.history() != null && kv.value.history().publicKeyPem().isPresent()) {
          ids.add(kv.value.history().keyId());
        }
      }
    }
    return ids;
  }

  /**
   * How many grant and revocation events the keyring holds. Histories are sets that only grow, so
   * this grows whenever the keyring changes in a way that can change a verdict, and only then.
   */
  public long version() {
    long events = 0;
    try (KeyValueIterator<String, KeyringEntry> it =
        store.prefixScan(KEY_PREFIX, Serdes.String().serializer())) {
      while (it.hasNext()) {
        KeyringEntry entry = it.next().value;
        if (entry.history() != null) {
          events += entry.history().events().size();
        }
      }
    }
    return events;
  }

  /** Refused key events from offset {@code fromOffset} on, in offset order. */
  public List<RejectedKeyEvent> rejectedFrom(long fromOffset) {
    List<RejectedKeyEvent> out = new ArrayList<>();
    try (KeyValueIterator<String, KeyringEntry> it =
        store.range(rejectedKeyOf(fromOffset), REJECTED_PREFIX + "~")) {
      while (it.hasNext()) {
        KeyringEntry entry = it.next().value;
        if (entry.rejected() != null) {
          out.add(entry.rejected());
        }
      }
    }
    return out;
  }
}
