package dev.lineage.openlineage.mapping;

import dev.lineage.id.NodeId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Column-level lineage: an output column derives from an input column through transformations, in
 * one run.
 *
 * @param outputDataset the output dataset's node id (versioned when it is)
 * @param outputField the output column; empty for a dependency of the whole output dataset (the
 *     facet's {@code dataset} list: filters, joins, grouping, sorting)
 * @param inputDataset the input dataset's node id: versioned when the same dataset is among the
 *     event's inputs with a version
 * @param inputField the input column
 * @param run the run that applied the transformation
 * @param transformations as given; empty when the producer gave none
 */
public record ColumnEdge(
    NodeId outputDataset,
    Optional<String> outputField,
    NodeId inputDataset,
    String inputField,
    NodeId run,
    List<Transformation> transformations) {
  public ColumnEdge {
    Objects.requireNonNull(outputDataset, "outputDataset");
    Objects.requireNonNull(outputField, "outputField");
    Objects.requireNonNull(inputDataset, "inputDataset");
    Objects.requireNonNull(inputField, "inputField");
    Objects.requireNonNull(run, "run");
    transformations = List.copyOf(transformations);
  }
}
