package dev.lineage.query;

import dev.lineage.api.GraphEdge;
import dev.lineage.api.Receipt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simple paths from one node to another, following edges downstream: the seed's {@code MATCH
 * (d)-->(m) RETURN path}. The search only enters nodes that are both downstream of {@code from} and
 * upstream of {@code to}, so it never wanders the rest of the graph; a cap on the number of paths
 * keeps a dense diamond lattice from exploding, and the receipt says when it was hit.
 */
public final class PathFinder {

  /** The paths found (each from {@code from} to {@code to}) and the receipt of the walk. */
  public record Result(List<List<String>> paths, Receipt receipt) {}

  private PathFinder() {}

  public static Result find(GraphReader graph, String from, String to, int maxPaths, int maxNodes) {
    Traversal.Result down =
        Traversal.walk(
            graph,
            new Traversal.Request(from, Direction.DOWNSTREAM, Integer.MAX_VALUE, maxNodes, true));
    List<List<String>> paths = new ArrayList<>();
    if (!down.depthOf().containsKey(to)) {
      return new Result(paths, down.receipt());
    }
    Traversal.Result up =
        Traversal.walk(
            graph,
            new Traversal.Request(to, Direction.UPSTREAM, Integer.MAX_VALUE, maxNodes, false));
    Set<String> between = new HashSet<>(down.depthOf().keySet());
    between.retainAll(up.depthOf().keySet());

    Map<String, List<String>> children = new java.util.HashMap<>();
    for (GraphEdge e : down.edges()) {
      if (between.contains(e.from()) && between.contains(e.to())) {
        children.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
      }
    }
    boolean capped = enumerate(from, to, children, maxPaths, paths);
    Receipt d = down.receipt();
    Receipt u = up.receipt();
    boolean truncated = d.truncated() || u.truncated() || capped;
    String cutBy = capped ? "paths" : d.cutBy() != null ? d.cutBy() : u.cutBy();
    Receipt receipt =
        new Receipt(
            d.visited() + u.visited(),
            truncated,
            truncated ? cutBy : null,
            Math.max(d.depthReached(), u.depthReached()),
            graph.position());
    return new Result(paths, receipt);
  }

  /**
   * Depth-first over the pruned subgraph, without revisiting a node on the current path; true when
   * there are more than {@code maxPaths} paths (so exactly {@code maxPaths} is not a cut).
   */
  private static boolean enumerate(
      String from,
      String to,
      Map<String, List<String>> children,
      int maxPaths,
      List<List<String>> out) {
    Deque<String> path = new ArrayDeque<>();
    Set<String> onPath = new HashSet<>();
    Deque<java.util.Iterator<String>> stack = new ArrayDeque<>();
    path.addLast(from);
    onPath.add(from);
    stack.push(children.getOrDefault(from, List.of()).iterator());
    while (!stack.isEmpty()) {
      java.util.Iterator<String> it = stack.peek();
      if (!it.hasNext()) {
        stack.pop();
        onPath.remove(path.removeLast());
        continue;
      }
      String next = it.next();
      if (onPath.contains(next)) {
        continue;
      }
      if (next.equals(to)) {
        if (out.size() == maxPaths) {
          // a path beyond the cap exists: only now is the answer cut
          return true;
        }
        List<String> found = new ArrayList<>(path);
        found.add(to);
        out.add(found);
        continue;
      }
      path.addLast(next);
      onPath.add(next);
      stack.push(children.getOrDefault(next, List.of()).iterator());
    }
    return false;
  }
}
