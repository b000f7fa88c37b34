package dev.lineage.openlineage.mapping;

/** The three kinds of OpenLineage event. */
public enum EventKind {
  /** A run of a job changed state ({@code run} present). */
  RUN_EVENT,
  /** Static metadata about a job ({@code job} without {@code run}). */
  JOB_EVENT,
  /** Static metadata about a dataset ({@code dataset}). */
  DATASET_EVENT
}
