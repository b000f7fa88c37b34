package dev.lineage.openlineage.mapping;

import java.util.Objects;

/**
 * An OpenLineage job's name: namespace (e.g. the scheduler, {@code airflow-prod}) and name within
 * it (e.g. {@code orders_dag.load_orders}).
 */
public record JobName(String namespace, String name) {
  public JobName {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The process name the graph records for the job's runs (the process → runs index key): {@code
   * <namespace>|<name>} with each part percent-encoded as in {@code dataset:} ids, so two jobs
   * never share a process name and no control character reaches a store key.
   */
  public String processName() {
    return Names.encode(namespace) + "|" + Names.encode(name);
  }
}
