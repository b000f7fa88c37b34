package dev.lineage.trust;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every trusted grant and revocation published about one key, in digest order. A set, not a log:
 * adding an event already present (same envelope digest) changes nothing, so replaying the topic
 * gives the same history; an envelope appended twice keeps its first append time, the one that took
 * effect.
 */
public record KeyHistory(String keyId, List<KeyEvent> events) {
  public KeyHistory {
    Objects.requireNonNull(keyId, "keyId");
    events = events == null ? List.of() : List.copyOf(events);
  }

  public static KeyHistory empty(String keyId) {
    return new KeyHistory(keyId, List.of());
  }

  /** This history with {@code event} added; the same history if it is already there. */
  public KeyHistory with(KeyEvent event) {
    for (KeyEvent e : events) {
      if (e.digest().equals(event.digest())) {
        if (event.appendedAt() >= e.appendedAt()) {
          return this;
        }
        List<KeyEvent> all = new ArrayList<>(events);
        all.set(all.indexOf(e), event);
        return new KeyHistory(keyId, all);
      }
    }
    List<KeyEvent> all = new ArrayList<>(events);
    all.add(event);
    all.sort(Comparator.comparing(KeyEvent::digest));
    return new KeyHistory(keyId, all);
  }

  /** The key's PEM, from any grant (they all carry the same: the id is its hash). */
  public Optional<String> publicKeyPem() {
    return events.stream()
        .filter(KeyEvent::isGrant)
        .map(KeyEvent::publicKeyPem)
        .filter(Objects::nonNull)
        .findFirst();
  }
}
