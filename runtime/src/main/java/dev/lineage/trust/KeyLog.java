package dev.lineage.trust;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys topic read into memory, for a client that verifies signed events without running Kafka
 * Streams (a trigger consumer, the CLI). It admits key events by the same rule as the keyring store
 * ({@link KeyAdmission}), in the order the topic holds them, so it trusts exactly the keys the apps
 * trust. Refused key records are counted and otherwise ignored (the apps report them).
 */
public final class KeyLog implements KeyLookup {
  private final Map<String, KeyHistory> histories = new HashMap<>();
  private final Keyring keyring;
  private final ClockSkew skew;
  private long refused;

  public KeyLog(TrustAnchors roots, ClockSkew skew) {
    this.keyring = new Keyring(roots, this);
    this.skew = skew;
  }

  /**
   * Adds one record of the keys topic, appended at {@code appendedAt}; refused ones are counted.
   */
  public Decision add(byte[] recordValue, long appendedAt) {
    Keyring.KeyEventRead read = Keyring.read(recordValue, appendedAt);
    Decision decision = KeyAdmission.check(read, keyring, skew);
    if (decision instanceof Decision.Rejected) {
      refused++;
      return decision;
    }
    histories.merge(
        read.subjectKeyId(),
        KeyHistory.empty(read.subjectKeyId()).with(read.event()),
        (current, added) -> current.with(read.event()));
    return decision;
  }

  /** A keyring deciding trust from the roots and the records added so far (and later). */
  public Keyring keyring() {
    return keyring;
  }

  /** How many key records were refused (unreadable, unsigned, not backed by an admin, skewed). */
  public long refused() {
    return refused;
  }

  @Override
  public Optional<KeyHistory> history(String keyId) {
    return Optional.ofNullable(histories.get(keyId));
  }
}
