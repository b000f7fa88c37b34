package dev.lineage.impact.graphclient;

import java.util.List;

/**
 * The directed closure of some start nodes (contract A.2 of {@code POST /v1/closure}): every node
 * reached, starts included at depth 0, and every edge walked.
 *
 * @param starts the given ids that exist, resolved
 * @param missing the given ids lineage-streams does not know
 */
public record Closure(
    List<String> starts,
    List<String> missing,
    List<ClosureNode> nodes,
    List<ClosureEdge> edges,
    ClosureReceipt receipt) {
  public Closure {
    starts = List.copyOf(starts);
    missing = List.copyOf(missing);
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
