package dev.lineage.trust;

/**
 * Whether one record of {@code lineage.keys} enters the keyring: it reads as a grant or revocation,
 * its {@code signedAt} lies within the skew of its append time, and a key holding {@code ADMIN} at
 * that append time signed it. One rule for the keyring store and for clients that read the topic
 * themselves, so both hold the same keys.
 */
public final class KeyAdmission {
  private KeyAdmission() {}

  /**
   * The decision about {@code read} (already read from the record at its append time) against the
   * keys admitted so far: accepted names the admin that vouches for it.
   */
  public static Decision check(Keyring.KeyEventRead read, Keyring keyring, ClockSkew skew) {
    if (read.rejection() != null) {
      return read.rejection();
    }
    KeyEvent event = read.event();
    // an unsigned event is refused `unsigned` here, like any envelope without a signature
    Decision trust = keyring.authorize(event);
    if (trust instanceof Decision.Rejected) {
      return trust;
    }
    return skew.check(event.signedAt(), event.appendedAt()).map(r -> (Decision) r).orElse(trust);
  }
}
