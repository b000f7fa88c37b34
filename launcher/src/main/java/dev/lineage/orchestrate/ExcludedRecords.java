package dev.lineage.orchestrate;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The record keys of a deletion request, held in memory only while one retraining runs: a {@link
 * Retraining} asks whether a row's key is among them. Personal data: it has no way to list the
 * keys, and its {@link #toString()} says how many there are, never which.
 */
public final class ExcludedRecords {
  private final Set<String> keys;

  private ExcludedRecords(Set<String> keys) {
    this.keys = keys;
  }

  /** The keys of a record list ({@link dev.lineage.publish.RecordList#keys}), blanks trimmed. */
  public static ExcludedRecords of(Collection<String> keys) {
    Set<String> copy = new HashSet<>();
    for (String k : keys) {
      String key = k.strip();
      if (!key.isEmpty()) {
        copy.add(key);
      }
    }
    return new ExcludedRecords(copy);
  }

  /** Whether {@code key} (a row's record key, blanks trimmed) is to be left out. */
  public boolean contains(String key) {
    return key != null && keys.contains(key.strip());
  }

  /** How many distinct keys the request names. */
  public int size() {
    return keys.size();
  }

  @Override
  public String toString() {
    return "ExcludedRecords[" + keys.size() + " keys]";
  }
}
