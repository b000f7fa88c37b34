package dev.lineage.graph;

import java.util.Comparator;
import java.util.List;

/**
 * One column-level lineage edge, as {@value GraphStores#COLUMNS} stores it (the key holds the
 * output dataset and column, the input dataset and column and the run): how the output column
 * derives from the input column. Stated by an OpenLineage {@code columnLineage} facet, so by a
 * gateway's attestation. Several events stating the same edge keep the earliest.
 *
 * @param transformations as the facet gives them; empty when it gives none
 * @param appendedAt the broker's append time of the attested event that stated it
 * @param envelope that attested envelope's digest
 * @param trust {@link Trust#wire()}
 */
public record ColumnRecord(
    List<Transformation> transformations, long appendedAt, String envelope, String trust) {

  /**
   * One transformation: {@code type} {@code DIRECT}/{@code INDIRECT} (or {@code LEGACY}), {@code
   * subtype} such as {@code IDENTITY}, {@code AGGREGATION}, {@code JOIN}, {@code FILTER}; {@code
   * masking} when the output no longer reveals the input.
   */
  public record Transformation(String type, String subtype, String description, boolean masking) {}

  private static final Comparator<ColumnRecord> PRECEDENCE =
      Comparator.comparingLong(ColumnRecord::appendedAt).thenComparing(ColumnRecord::envelope);

  public ColumnRecord {
    transformations = transformations == null ? List.of() : List.copyOf(transformations);
  }

  public static ColumnRecord merge(ColumnRecord current, ColumnRecord incoming) {
    if (current == null) {
      return incoming;
    }
    return PRECEDENCE.compare(incoming, current) < 0 ? incoming : current;
  }
}
