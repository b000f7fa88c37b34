package dev.lineage.api;

import java.util.List;

/**
 * The answer of {@code GET /v1/columns?dataset=&column=&direction=upstream}: which input columns
 * one output column derives from, through which transformations and runs, transitively (each link's
 * {@code depth} says how far), with the whole-dataset dependencies of every dataset on the way.
 *
 * @param truncated true when the link limit cut the walk
 */
public record ColumnLineage(
    String dataset, String column, String direction, List<ColumnLink> links, boolean truncated) {
  public ColumnLineage {
    links = links == null ? List.of() : List.copyOf(links);
  }
}
