package dev.lineage.openlineage.mapping;

import dev.lineage.id.NodeId;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as a node: {@code run:<runId>} (the OpenLineage run id, a UUID, lowercased).
 *
 * @param id the node id
 * @param job the job it ran
 * @param status the state this event moves it to; empty for {@code OTHER} or no {@code eventType}
 *     (metadata only)
 * @param parent the {@code parent} facet, when present
 * @param facets every run facet, standard and custom
 */
public record RunNode(
    NodeId id, JobName job, Optional<RunStatus> status, Optional<ParentRun> parent, Facets facets) {
  public RunNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(facets, "facets");
  }
}
