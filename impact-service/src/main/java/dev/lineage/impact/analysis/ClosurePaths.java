package dev.lineage.impact.analysis;

import dev.lineage.api.GraphEdge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Enumerates the simple paths from any start to a target over the edges of a closure. Only nodes
 * from which the target can be reached are entered, so in an acyclic graph every branch taken ends
 * in a path: the work is bounded by the cap times the path length, not by the size of the closure.
 * Iterative, so a deep graph cannot overflow the stack; a node is never entered twice on one path,
 * so cycles end. Paths come out in a fixed order (starts, then neighbours, by id), so the same
 * closure always gives the same paths and the same cut.
 */
public final class ClosurePaths {
  private final Map<String, Set<String>> out = new HashMap<>();
  private final Map<String, Set<String>> in = new HashMap<>();

  public ClosurePaths(Collection<GraphEdge> edges) {
    for (GraphEdge e : edges) {
      out.computeIfAbsent(e.from(), k -> new TreeSet<>()).add(e.to());
      in.computeIfAbsent(e.to(), k -> new TreeSet<>()).add(e.from());
    }
  }

  /** Up to {@code maxPaths} paths from any of {@code starts} to {@code target}. */
  public PathSet between(Collection<String> starts, String target, int maxPaths) {
    if (maxPaths < 1) {
      throw new IllegalArgumentException("maxPaths must be at least 1");
    }
    Set<String> reaching = upstreamOf(target);
    List<List<String>> paths = new ArrayList<>();
    for (String start : new TreeSet<>(starts)) {
      if (!reaching.contains(start)) {
        continue;
      }
      if (walk(start, target, reaching, paths, maxPaths)) {
        return new PathSet(paths, true);
      }
    }
    return new PathSet(paths, false);
  }

  /** The target and every node with a path to it. */
  private Set<String> upstreamOf(String target) {
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    seen.add(target);
    queue.add(target);
    while (!queue.isEmpty()) {
      for (String p : in.getOrDefault(queue.poll(), Set.of())) {
        if (seen.add(p)) {
          queue.add(p);
        }
      }
    }
    return seen;
  }

  /** Depth-first from {@code start}; true when a path beyond the cap was found. */
  private boolean walk(
      String start, String target, Set<String> reaching, List<List<String>> paths, int maxPaths) {
    if (start.equals(target)) {
      paths.add(List.of(start));
      return false;
    }
    List<String> path = new ArrayList<>();
    Set<String> onPath = new HashSet<>();
    Deque<Iterator<String>> next = new ArrayDeque<>();
    path.add(start);
    onPath.add(start);
    next.push(children(start));
    while (!next.isEmpty()) {
      Iterator<String> it = next.peek();
      if (!it.hasNext()) {
        next.pop();
        onPath.remove(path.remove(path.size() - 1));
        continue;
      }
      String n = it.next();
      if (!reaching.contains(n) || onPath.contains(n)) {
        continue;
      }
      if (n.equals(target)) {
        if (paths.size() == maxPaths) {
          return true;
        }
        List<String> found = new ArrayList<>(path);
        found.add(n);
        paths.add(found);
        continue;
      }
      path.add(n);
      onPath.add(n);
      next.push(children(n));
    }
    return false;
  }

  private Iterator<String> children(String node) {
    return out.getOrDefault(node, Set.of()).iterator();
  }
}
