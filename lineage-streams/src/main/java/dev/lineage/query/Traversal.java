package dev.lineage.query;

import dev.lineage.api.GraphEdge;
import dev.lineage.api.Receipt;
import dev.lineage.graph.Trust;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Breadth-first closure of one or several nodes in one direction, one batched read per hop. A node
 * is visited once however many paths reach it, so cycles end the walk instead of hanging it; with
 * several starts, a node's depth is its distance from the nearest start. Depth is unbounded unless
 * asked; a size limit protects the server, and whatever either limit cuts is stated in the receipt.
 */
public final class Traversal {

  /**
   * What to walk. {@code maxDepth} and {@code maxNodes} are limits; Integer.MAX_VALUE means none.
   * The starts are all visited (at depth 0) whatever the node limit.
   */
  public record Request(
      List<String> starts,
      Direction direction,
      int maxDepth,
      int maxNodes,
      boolean withEdges,
      boolean countTrust) {
    public Request {
      starts = List.copyOf(new LinkedHashSet<>(starts));
      if (starts.isEmpty()) {
        throw new IllegalArgumentException("a walk needs at least one start");
      }
      if (maxDepth < 0) {
        throw new IllegalArgumentException("depth must be 0 or more, got " + maxDepth);
      }
      if (maxNodes < 1) {
        throw new IllegalArgumentException("the node limit must be 1 or more, got " + maxNodes);
      }
    }

    public Request(
        List<String> starts, Direction direction, int maxDepth, int maxNodes, boolean withEdges) {
      this(starts, direction, maxDepth, maxNodes, withEdges, false);
    }

    public Request(
        String start, Direction direction, int maxDepth, int maxNodes, boolean withEdges) {
      this(List.of(start), direction, maxDepth, maxNodes, withEdges, false);
    }

    /**
     * The same walk, also counting the edges it takes by trust in its receipt (one more neighbour
     * read per hop: which of them some producer signed).
     */
    public Request countingTrust() {
      return new Request(starts, direction, maxDepth, maxNodes, withEdges, true);
    }

    /** The start of a single-start walk. */
    public String start() {
      if (starts.size() != 1) {
        throw new IllegalStateException("this walk has " + starts.size() + " starts");
      }
      return starts.get(0);
    }
  }

  /**
   * What was found: every visited node with its distance from the start (in visiting order, so by
   * distance), the edges walked (when asked for) and the receipt.
   */
  public record Result(Map<String, Integer> depthOf, List<GraphEdge> edges, Receipt receipt) {}

  private Traversal() {}

  public static Result walk(GraphReader graph, Request request) {
    Map<String, Integer> depthOf = new LinkedHashMap<>();
    List<GraphEdge> edges = new ArrayList<>();
    for (String start : request.starts()) {
      depthOf.put(start, 0);
    }
    List<String> frontier = request.starts();
    int depth = 0;
    String cutBy = null;
    long gatewayEdges = 0;
    long signedEdges = 0;

    while (!frontier.isEmpty() && cutBy == null) {
      Map<String, List<String>> next = graph.neighbors(frontier, request.direction());
      Map<String, List<String>> signedNext =
          request.countTrust() ? graph.signedNeighbors(frontier, request.direction()) : Map.of();
      if (depth == request.maxDepth()) {
        if (next.values().stream().anyMatch(n -> !n.isEmpty())) {
          cutBy = "depth";
        }
        break;
      }
      List<String> nextFrontier = new ArrayList<>();
      for (String from : frontier) {
        for (String to : next.getOrDefault(from, List.of())) {
          boolean seen = depthOf.containsKey(to);
          if (!seen && depthOf.size() >= request.maxNodes()) {
            cutBy = "size";
            break;
          }
          if (request.countTrust()) {
            if (signedNext.getOrDefault(from, List.of()).contains(to)) {
              signedEdges++;
            } else {
              gatewayEdges++;
            }
          }
          if (request.withEdges()) {
            edges.add(
                request.direction() == Direction.DOWNSTREAM
                    ? new GraphEdge(from, to)
                    : new GraphEdge(to, from));
          }
          if (!seen) {
            depthOf.put(to, depth + 1);
            nextFrontier.add(to);
          }
        }
        if (cutBy != null) {
          break;
        }
      }
      if (!nextFrontier.isEmpty()) {
        depth++;
      }
      frontier = nextFrontier;
    }
    Receipt receipt =
        new Receipt(
            depthOf.size(),
            cutBy != null,
            cutBy,
            depth,
            graph.position(),
            request.countTrust()
                ? Map.of(Trust.SIGNED.wire(), signedEdges, Trust.GATEWAY.wire(), gatewayEdges)
                : null);
    return new Result(depthOf, edges, receipt);
  }
}
