package dev.lineage.graph;

import java.util.Comparator;

/**
 * What an edge stores (the key holds its ends). Stated by a run: {@code INPUT} for artifact → run,
 * {@code OUTPUT} for run → artifact; {@code VERSION} for an OpenLineage dataset → the same dataset
 * at one version. Several events stating the same edge keep one: a producer-signed statement before
 * a gateway-attested one (so {@code ?trust=signed} follows every edge any producer signed), then
 * the earliest.
 *
 * @param relation INPUT, OUTPUT or VERSION
 * @param appendedAt the broker's append time of the run event that stated it
 * @param envelope that event's envelope digest
 * @param trust {@link Trust#wire()}; null for an edge stored before trust was recorded (signed)
 */
public record EdgeRecord(String relation, long appendedAt, String envelope, String trust) {
  public static final String INPUT = "INPUT";
  public static final String OUTPUT = "OUTPUT";
  public static final String VERSION = "VERSION";

  private static final Comparator<EdgeRecord> PRECEDENCE =
      Comparator.comparing((EdgeRecord e) -> e.trustLevel())
          .thenComparingLong(EdgeRecord::appendedAt)
          .thenComparing(EdgeRecord::envelope);

  /** A producer-signed edge. */
  public EdgeRecord(String relation, long appendedAt, String envelope) {
    this(relation, appendedAt, envelope, null);
  }

  /** Who vouches for this edge. */
  public Trust trustLevel() {
    return Trust.ofStored(trust);
  }

  public static EdgeRecord merge(EdgeRecord current, EdgeRecord incoming) {
    if (current == null) {
      return incoming;
    }
    return PRECEDENCE.compare(incoming, current) < 0 ? incoming : current;
  }
}
