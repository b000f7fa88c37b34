package dev.lineage.query;

import dev.lineage.api.ColumnLink;
import dev.lineage.graph.EquivalenceRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A graph whose walks follow only edges some producer signed ({@code ?trust=signed}): what a
 * producer's own signature vouches for, leaving out every edge only a gateway attested
 * (OpenLineage). Nodes, names and positions are the underlying graph's; closures are counted by
 * walking, not from the unfiltered in-memory index.
 */
final class SignedEdges implements GraphReader {
  private final GraphReader graph;

  SignedEdges(GraphReader graph) {
    this.graph = graph;
  }

  @Override
  public Map<String, List<String>> neighbors(Collection<String> ids, Direction direction) {
    return graph.signedNeighbors(ids, direction);
  }

  @Override
  public Map<String, List<String>> signedNeighbors(Collection<String> ids, Direction direction) {
    return graph.signedNeighbors(ids, direction);
  }

  @Override
  public GraphReader signedOnly() {
    return this;
  }

  @Override
  public Map<String, GraphNode> nodes(Collection<String> ids) {
    return graph.nodes(ids);
  }

  @Override
  public Optional<String> resolveName(String name, Optional<String> version) {
    return graph.resolveName(name, version);
  }

  @Override
  public Set<String> existing(Collection<String> ids) {
    return graph.existing(ids);
  }

  @Override
  public boolean exists(String id) {
    return graph.exists(id);
  }

  @Override
  public List<RunEntry> processRuns(String process, RunsQuery query) {
    return graph.processRuns(process, query);
  }

  @Override
  public Map<String, List<EquivalenceRecord>> equivalences(Collection<String> runIds) {
    return graph.equivalences(runIds);
  }

  @Override
  public Map<ColumnRef, List<ColumnLink>> columnInputs(Collection<ColumnRef> columns) {
    return graph.columnInputs(columns);
  }

  @Override
  public Map<String, Long> position() {
    return graph.position();
  }

  @Override
  public GraphReader atLeast(PositionBound bound) {
    return new SignedEdges(graph.atLeast(bound));
  }

  @Override
  public ClosureSummary summarize(Traversal.Request request, Set<String> kinds) {
    return ClosureSummary.walk(this, request, kinds);
  }
}
