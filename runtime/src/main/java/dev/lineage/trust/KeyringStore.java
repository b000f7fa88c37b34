package dev.lineage.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The keyring as a global store: every instance holds the trusted part of {@code lineage.keys},
 * folded into one {@link KeyHistory} per key under {@code key/<keyId>}, plus refused key events
 * under {@code rejected/<offset, 20 digits>}. A grant or revocation is stored only when an admin
 * vouched for it at its append time, so junk grants never enter it; {@link Keyring} decides trust
 * for each event from the stored facts and their append times.
 */
public final class KeyringStore implements KeyLookup {
  // "keyring" held every key event, with no append time: a new name makes an upgraded instance
  // fold the keys topic again instead of keeping a store folded by the old rules
  public static final String STORE = "keyring-v2";
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
