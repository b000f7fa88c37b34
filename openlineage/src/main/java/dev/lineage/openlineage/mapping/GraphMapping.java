package dev.lineage.openlineage.mapping;

import dev.lineage.id.Digest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one OpenLineage event means for the lineage graph: neutral, typed, and complete enough to
 * fold without reading the JSON again.
 *
 * @param idempotencyKey SHA-256 of the event's canonical JSON: a replayed event (same content,
 *     whatever its whitespace or key order) has the same key, so folding it again is a no-op
 * @param kind run, job or dataset event
 * @param eventTime the event's {@code eventTime}, as given (a claim of the producer)
 * @param producer the event's {@code producer} URI
 * @param process the job, for run and job events
 * @param run the run, for run events
 * @param datasets the dataset nodes this event establishes (an output only once the run's edges are
 *     drawn)
 * @param edges dataset → run → dataset edges, and dataset → version edges
 * @param columnEdges column-level lineage from the outputs' {@code columnLineage} facets
 */
public record GraphMapping(
    Digest idempotencyKey,
    EventKind kind,
    String eventTime,
    String producer,
    Optional<ProcessNode> process,
    Optional<RunNode> run,
    List<DatasetNode> datasets,
    List<Edge> edges,
    List<ColumnEdge> columnEdges) {
  public GraphMapping {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(run, "run");
    datasets = List.copyOf(datasets);
    edges = List.copyOf(edges);
    columnEdges = List.copyOf(columnEdges);
  }
}
