package dev.lineage.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A graph in maps, standing in for the stores in tests of the query logic. Counts batched reads.
 */
final class MapGraph implements GraphReader {
  private final Map<String, List<String>> out = new HashMap<>();
  private final Map<String, List<String>> in = new HashMap<>();
  private final Map<String, GraphNode> nodes = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private final List<RunEntry> runs = new ArrayList<>();
  private final Map<String, String> processOf = new HashMap<>();
  int neighborCalls;

  MapGraph run(String process, RunEntry run) {
    runs.add(run);
    processOf.put(run.id(), process);
    return this;
  }

  @Override
  public List<RunEntry> processRuns(String process, RunsQuery query) {
    return runs.stream()
        .filter(r -> process.equals(processOf.get(r.id())) && query.admits(r))
        .toList();
  }

  MapGraph edge(String from, String to) {
    out.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    in.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
    return this;
  }

  MapGraph chain(String... ids) {
    for (int i = 0; i + 1 < ids.length; i++) {
      edge(ids[i], ids[i + 1]);
    }
    return this;
  }

  MapGraph node(String id, String kind, String name) {
    nodes.put(id, new GraphNode(id, kind, name, null, Map.of(), "k1", 1L, true));
    if (name != null) {
      names.put(name, id);
    }
    return this;
  }

  MapGraph node(GraphNode node) {
    nodes.put(node.id(), node);
    return this;
  }

  @Override
  public Map<String, List<String>> neighbors(Collection<String> ids, Direction direction) {
    neighborCalls++;
    Map<String, List<String>> adjacency = direction == Direction.DOWNSTREAM ? out : in;
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String id : ids) {
      result.put(id, adjacency.getOrDefault(id, List.of()));
    }
    return result;
  }

  /** Every edge of a map graph is producer-signed (not counted in {@code neighborCalls}). */
  @Override
  public Map<String, List<String>> signedNeighbors(Collection<String> ids, Direction direction) {
    Map<String, List<String>> adjacency = direction == Direction.DOWNSTREAM ? out : in;
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String id : ids) {
      result.put(id, adjacency.getOrDefault(id, List.of()));
    }
    return result;
  }

  @Override
  public Map<String, GraphNode> nodes(Collection<String> ids) {
    Map<String, GraphNode> result = new LinkedHashMap<>();
    for (String id : ids) {
      if (nodes.containsKey(id)) {
        result.put(id, nodes.get(id));
      }
    }
    return result;
  }

  @Override
  public Optional<String> resolveName(String name, Optional<String> version) {
    return Optional.ofNullable(names.get(name));
  }

  @Override
  public Map<String, Long> position() {
    return Map.of("lineage.runs-0", 42L);
  }
}
