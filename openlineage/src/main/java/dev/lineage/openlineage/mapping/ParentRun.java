package dev.lineage.openlineage.mapping;

import dev.lineage.id.NodeId;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code parent} run facet: the run that spawned this one (e.g. the DAG run of a task), and the
 * root of that chain when given. Kept as attributes of the run, not as lineage edges: a parent run
 * moves no data.
 */
public record ParentRun(
    NodeId run, JobName job, Optional<NodeId> rootRun, Optional<JobName> rootJob) {
  public ParentRun {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(rootRun, "rootRun");
    Objects.requireNonNull(rootJob, "rootJob");
  }
}
