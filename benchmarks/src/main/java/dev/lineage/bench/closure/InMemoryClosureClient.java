package dev.lineage.bench.closure;

import dev.lineage.bench.graph.DownstreamBfs;
import dev.lineage.bench.graph.LineageGraph;

/**
 * The plain reference: breadth-first search over the graph's int arrays in this JVM, with the id
 * lookup included, as a lower bound for what any server answering over a network can reach. Not
 * thread-safe.
 */
public final class InMemoryClosureClient implements ClosureClient {
  private final LineageGraph graph;
  private final DownstreamBfs bfs;

  public InMemoryClosureClient(LineageGraph graph) {
    this.graph = graph;
    this.bfs = new DownstreamBfs(graph);
  }

  @Override
  public long closureSize(String startId) {
    int start = graph.indexOf(startId);
    if (start < 0) {
      throw new IllegalArgumentException("no node " + startId + " in the graph");
    }
    return bfs.closureSize(start);
  }
}
