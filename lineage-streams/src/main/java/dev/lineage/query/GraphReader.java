package dev.lineage.query;

import dev.lineage.graph.EquivalenceRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /** The registered nodes among these ids; unregistered ids are absent from the map. */
  Map<String, GraphNode> nodes(Collection<String> ids);

  /**
   * The node id registered under a name: that version, or the latest registered version when {@code
   * version} is empty.
   */
  Optional<String> resolveName(String name, Optional<String> version);

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
   * For each run, the runs an accepted attestation judged equivalent to it (no lineage: closures
   * never cross these); runs without any may be absent from the map.
   */
  default Map<String, List<EquivalenceRecord>> equivalences(Collection<String> runIds) {
    return Map.of();
  }

  /** The store position the answers reflect (topic-partition to offset), for receipts. */
  Map<String, Long> position();

  /**
   * Counts a closure by kind. Readers that hold the whole graph in memory answer this without
   * building the listing; the default walks with batched reads.
   */
  default ClosureSummary summarize(Traversal.Request request, java.util.Set<String> kinds) {
    return ClosureSummary.walk(this, request, kinds);
  }
}
