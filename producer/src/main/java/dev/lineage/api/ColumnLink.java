package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One column-level lineage edge: the output column derives from the input column, in that run,
 * through those transformations (OpenLineage {@code columnLineage}).
 *
 * @param outputColumn null for a dependency of the whole output dataset (a filter, join, grouping
 *     or sort column: the facet's {@code dataset} list)
 * @param depth 1 for what the asked column derives from directly, 2 for what that derives from, ...
 * @param trust {@code gateway}: stated by an attested OpenLineage event
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnLink(
    String outputDataset,
    String outputColumn,
    String inputDataset,
    String inputColumn,
    String run,
    List<Transformation> transformations,
    int depth,
    String trust) {
  public ColumnLink {
    transformations = transformations == null ? List.of() : List.copyOf(transformations);
  }

  /** This link at another depth of a walk. */
  public ColumnLink atDepth(int d) {
    return new ColumnLink(
        outputDataset, outputColumn, inputDataset, inputColumn, run, transformations, d, trust);
  }

  /**
   * How the output derives from the input: {@code type} {@code DIRECT} or {@code INDIRECT} (or
   * {@code LEGACY}), {@code subtype} e.g. {@code IDENTITY}, {@code TRANSFORMATION}, {@code
   * AGGREGATION}, {@code JOIN}, {@code FILTER}; {@code masking} when the output no longer reveals
   * the input.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Transformation(String type, String subtype, String description, boolean masking) {}
}
