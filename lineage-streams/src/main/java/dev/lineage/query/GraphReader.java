package dev.lineage.query;

import dev.lineage.api.ColumnLink;
import dev.lineage.graph.EquivalenceRecord;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What traversals read of the lineage graph. Every call takes a batch, so an implementation over
 * partitioned stores makes one request per owning instance per hop rather than one per node.
 */
public interface GraphReader {

  /**
   * For each id, the ids one edge away in that direction; ids without edges may be absent from the
   * map.
   */
  Map<String, List<String>> neighbors(Collection<String> ids, Direction direction);

  /**
   * As {@link #neighbors(Collection, Direction)}, following only edges some producer signed ({@code
   * ?trust=signed}: no edge only a gateway attested). Readers that cannot tell refuse.
   */
  default Map<String, List<String>> signedNeighbors(Collection<String> ids, Direction direction) {
    throw dev.lineage.http.ApiException.badRequest("this graph cannot filter edges by trust");
  }

  /**
   * For each column, the column-level edges into it: what it derives from directly, and what its
   * whole dataset depends on (filters, joins). Readers without column lineage refuse.
   */
  default Map<ColumnRef, List<ColumnLink>> columnInputs(Collection<ColumnRef> columns) {
    throw dev.lineage.http.ApiException.badRequest("this graph holds no column lineage");
  }

  /** This reader following only producer-signed edges ({@link #signedNeighbors}). */
  default GraphReader signedOnly() {
    return new SignedEdges(this);
  }

  /** The registered nodes among these ids; unregistered ids are absent from the map. */
  Map<String, GraphNode> nodes(Collection<String> ids);

  /**
   * The node id registered under a name: that version, or the latest registered version when {@code
   * version} is empty.
   */
  Optional<String> resolveName(String name, Optional<String> version);

  /**
   * The ids the graph knows (registered, or the end of some edge), in three batched reads whatever
   * their number: registered nodes first, then edges either way for the rest.
   */
  default Set<String> existing(Collection<String> ids) {
    Set<String> known = new LinkedHashSet<>(nodes(ids).keySet());
    for (Direction d : Direction.values()) {
      List<String> unknown = ids.stream().filter(id -> !known.contains(id)).toList();
      if (unknown.isEmpty()) {
        break;
      }
      neighbors(unknown, d)
          .forEach(
              (id, ns) -> {
                if (!ns.isEmpty()) {
                  known.add(id);
                }
              });
    }
    return known;
  }

  /** Whether the graph knows the id: registered, or the end of some edge. */
  default boolean exists(String id) {
    if (nodes(List.of(id)).containsKey(id)) {
      return true;
    }
    for (Direction d : Direction.values()) {
      if (!neighbors(List.of(id), d).getOrDefault(id, List.of()).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The runs of a process in the process-runs index that {@code query} admits by version and end
   * ({@link RunsQuery#admits}); whether they overlap the window is decided from their nodes.
   */
  List<RunEntry> processRuns(String process, RunsQuery query);

  /**
   * For each run, the runs an accepted attestation judged equivalent to it (no lineage: closures
   * never cross these); runs without any may be absent from the map.
   */
  default Map<String, List<EquivalenceRecord>> equivalences(Collection<String> runIds) {
    return Map.of();
  }

  /**
   * The store position the answers reflect at least (topic-partition to offset), for receipts;
   * asked after the reads, so it may cover every partition they touched.
   */
  Map<String, Long> position();

  /**
   * This reader, once its stores have reached {@code bound}; a 503 otherwise. Readers that can wait
   * for their stores, or forward the bound to other owners, do better than this check.
   */
  default GraphReader atLeast(PositionBound bound) {
    if (!bound.unmet(position(), key -> true).isEmpty()) {
      throw dev.lineage.http.ApiException.unavailable(
          "the graph has not reached the requested position yet", 1);
    }
    return this;
  }

  /**
   * Counts a closure by kind. Readers that hold the whole graph in memory answer this without
   * building the listing; the default walks with batched reads.
   */
  default ClosureSummary summarize(Traversal.Request request, Set<String> kinds) {
    return ClosureSummary.walk(this, request, kinds);
  }
}
