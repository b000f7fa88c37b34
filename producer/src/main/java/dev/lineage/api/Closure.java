package dev.lineage.api;

import java.util.List;

/**
 * The answer to {@code POST /v1/closure}: the starts found (resolved to ids), those not found as
 * given, every node reached with its depth, the edges walked and the receipt.
 */
public record Closure(
    List<String> starts,
    List<String> missing,
    String direction,
    List<ClosureNode> nodes,
    List<GraphEdge> edges,
    Receipt receipt) {
  public Closure {
    starts = starts == null ? List.of() : List.copyOf(starts);
    missing = missing == null ? List.of() : List.copyOf(missing);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    edges = edges == null ? List.of() : List.copyOf(edges);
  }
}
