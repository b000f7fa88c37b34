package dev.lineage.openlineage.mapping;

import java.util.Objects;

/**
 * An OpenLineage job as the process its runs execute.
 *
 * @param job namespace and name; {@link JobName#processName()} is the process name in the graph
 * @param streaming true when {@code jobType.processingType} is {@code STREAMING}
 * @param facets every job facet, standard and custom
 */
public record ProcessNode(JobName job, boolean streaming, Facets facets) {
  public ProcessNode {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(facets, "facets");
  }
}
