package dev.lineage.query;

import dev.lineage.api.NodeKinds;
import dev.lineage.api.Receipt;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A closure without its listing: how many nodes of each kind lie downstream (or upstream) of a
 * start, the start itself not counted, with the receipt of the walk. What the impact service and
 * the benchmark ask for.
 */
public record ClosureSummary(Map<String, Long> counts, Receipt receipt) {

  /**
   * The summary by the generic walk: batched reads per hop, then the kinds of every visited node.
   */
  public static ClosureSummary walk(
      GraphReader reader, Traversal.Request request, Set<String> kinds) {
    Traversal.Result walk = Traversal.walk(reader, request);
    Set<String> visited = new HashSet<>(walk.depthOf().keySet());
    request.starts().forEach(visited::remove);
    Map<String, GraphNode> nodes = reader.nodes(visited);
    Map<String, Long> counts = new TreeMap<>();
    for (String id : visited) {
      GraphNode node = nodes.get(id);
      String kind = node == null ? NodeKinds.fromId(id) : node.kind();
      if (kinds.isEmpty() || kinds.contains(kind)) {
        counts.merge(kind, 1L, Long::sum);
      }
    }
    return new ClosureSummary(counts, walk.receipt());
  }
}
