package dev.lineage.trust;

/**
 * A value of the {@value KeyringStore#STORE} store: a key's history under {@code key/<keyId>}, or a
 * refused key event under {@code rejected/<offset>} until it is reported on the rejected topic.
 */
public record KeyringEntry(KeyHistory history, RejectedKeyEvent rejected) {
  public static KeyringEntry of(KeyHistory history) {
    return new KeyringEntry(history, null);
  }

  public static KeyringEntry of(RejectedKeyEvent rejected) {
    return new KeyringEntry(null, rejected);
  }
}
