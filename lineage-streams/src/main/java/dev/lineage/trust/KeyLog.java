package dev.lineage.trust;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys topic read into memory, for a client that verifies signed events without running Kafka
 * Streams (a trigger consumer, the CLI). Like the keyring store it holds facts, not decisions:
 * trust is decided by {@link Keyring} when an event is checked, so the order records arrive in does
 * not matter. Unreadable key records are counted and otherwise ignored (the apps report them).
 */
public final class KeyLog implements KeyLookup {
  private final Map<String, KeyHistory> histories = new HashMap<>();
  private long unreadable;

  /** Adds one record value of the keys topic. */
  public void add(byte[] recordValue) {
    Keyring.KeyEventRead read = Keyring.read(recordValue);
    if (read.rejection() != null) {
      unreadable++;
      return;
    }
    histories.merge(
        read.subjectKeyId(),
        KeyHistory.empty(read.subjectKeyId()).with(read.event()),
        (current, added) -> current.with(read.event()));
  }

  /** A keyring deciding trust from {@code roots} and the records added so far (and later). */
  public Keyring keyring(TrustAnchors roots) {
    return new Keyring(roots, this);
  }

  public long unreadable() {
    return unreadable;
  }

  @Override
  public Optional<KeyHistory> history(String keyId) {
    return Optional.ofNullable(histories.get(keyId));
  }

  @Override
  public Collection<String> keyIdsWithPublicKey() {
    return List.copyOf(
        histories.values().stream()
            .filter(h -> h.publicKeyPem().isPresent())
            .map(KeyHistory::keyId)
            .toList());
  }
}
