package dev.lineage.graph;

import java.util.Comparator;

/**
 * What an edge stores (the key holds its ends). Stated by a run: {@code INPUT} for artifact → run,
 * {@code OUTPUT} for run → artifact. Several events stating the same edge keep the earliest.
 *
 * @param relation INPUT or OUTPUT
 * @param appendedAt the broker's append time of the run event that stated it
 * @param envelope that event's envelope digest
 */
public record EdgeRecord(String relation, long appendedAt, String envelope) {
  public static final String INPUT = "INPUT";
  public static final String OUTPUT = "OUTPUT";

  private static final Comparator<EdgeRecord> PRECEDENCE =
      Comparator.comparingLong(EdgeRecord::appendedAt).thenComparing(EdgeRecord::envelope);

  public static EdgeRecord merge(EdgeRecord current, EdgeRecord incoming) {
    if (current == null) {
      return incoming;
    }
    return PRECEDENCE.compare(incoming, current) < 0 ? incoming : current;
  }
}
