package dev.lineage.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ids a reader has already shown in this run (trigger ids, report request ids) and where it
 * first saw each ({@code topic-partition@offset}), so a repeat — a committed record copied onto the
 * topic again, a copy signed again, a retried delivery — is told apart from a new one.
 *
 * <p>Memory is bounded: at most {@code capacity} ids are kept, the least recently seen forgotten
 * first (about 200 bytes each). Nothing is kept across runs: a reader started again shows every id
 * once more, which is why an orchestrator must itself act idempotently by id.
 */
final class SeenIds {
  private final int capacity;
  private final Map<String, String> firstSeen;
  private boolean forgot;

  SeenIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    // access order: an id seen again is the most recent, so a replayed id is forgotten last
    this.firstSeen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            if (size() > SeenIds.this.capacity) {
              forgot = true;
              return true;
            }
            return false;
          }
        };
  }

  /**
   * Where {@code id} was first seen when it was seen before (a repeat); empty when it is new, and
   * then it is remembered as seen at {@code where}.
   */
  Optional<String> repeatOf(String id, String where) {
    String first = firstSeen.putIfAbsent(id, where);
    return Optional.ofNullable(first);
  }

  /** Whether an id has been forgotten to stay within the capacity. */
  boolean forgotAny() {
    return forgot;
  }

  int capacity() {
    return capacity;
  }

  /** How a record's place is written in messages: {@code topic-partition@offset}. */
  static String where(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }
}
