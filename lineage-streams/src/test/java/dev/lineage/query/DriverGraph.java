package dev.lineage.query;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lineage.graph.EquivalenceRecord;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NameEntry;
import dev.lineage.graph.NodeRecord;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiServer;
import dev.lineage.index.AdjacencyIndex;
import dev.lineage.index.GraphIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The graph a {@link TopologyTestDriver} has folded, read the way {@link LocalGraph} reads a
 * running instance: adjacency from the index, nodes, names and equivalences from the stores.
 */
public final class DriverGraph implements GraphReader {
  private final TopologyTestDriver driver;
  private final GraphIndex index;

  public DriverGraph(TopologyTestDriver driver, GraphIndex index) {
    this.driver = driver;
    this.index = index;
  }

  @Override
  public Map<String, List<String>> neighbors(Collection<String> ids, Direction direction) {
    AdjacencyIndex adjacency =
        direction == Direction.DOWNSTREAM ? index.downstream() : index.upstream();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String id : ids) {
      List<String> ns = adjacency.neighbors(id);
      if (!ns.isEmpty()) {
        out.put(id, ns);
      }
    }
    return out;
  }

  @Override
  public Map<String, List<String>> signedNeighbors(Collection<String> ids, Direction direction) {
    boolean downstream = direction == Direction.DOWNSTREAM;
    Map<String, List<String>> out = new LinkedHashMap<>();
    neighbors(ids, direction)
        .forEach(
            (id, ns) -> {
              List<String> signed =
                  ns.stream()
                      .filter(
                          n ->
                              !(downstream
                                  ? index.gatewayOnly(true, id, n)
                                  : index.gatewayOnly(false, n, id)))
                      .toList();
              if (!signed.isEmpty()) {
                out.put(id, signed);
              }
            });
    return out;
  }

  @Override
  public Map<String, GraphNode> nodes(Collection<String> ids) {
    KeyValueStore<String, NodeRecord> store = driver.getKeyValueStore(GraphStores.NODES);
    Map<String, GraphNode> out = new LinkedHashMap<>();
    for (String id : ids) {
      NodeRecord r = store.get(id);
      if (r != null) {
        out.put(id, LocalGraph.view(r));
      }
    }
    return out;
  }

  @Override
  public Optional<String> resolveName(String name, Optional<String> version) {
    KeyValueStore<String, NameEntry> names = driver.getKeyValueStore(GraphStores.NAMES);
    String prefix =
        version.map(v -> GraphStores.namePrefix(name, v)).orElse(GraphStores.prefix(name));
    NameEntry latest = null;
    try (KeyValueIterator<String, NameEntry> it =
        names.prefixScan(prefix, Serdes.String().serializer())) {
      while (it.hasNext()) {
        latest = NameEntry.latest(latest, it.next().value);
      }
    }
    return Optional.ofNullable(latest).map(NameEntry::nodeId);
  }

  @Override
  public List<RunEntry> processRuns(String process, RunsQuery query) {
    throw new UnsupportedOperationException("governance tests do not ask for runs of a process");
  }

  @Override
  public Map<String, List<EquivalenceRecord>> equivalences(Collection<String> runIds) {
    KeyValueStore<String, EquivalenceRecord> store =
        driver.getKeyValueStore(GraphStores.EQUIVALENCES);
    Map<String, List<EquivalenceRecord>> out = new LinkedHashMap<>();
    for (String id : runIds) {
      List<EquivalenceRecord> found = new ArrayList<>();
      try (KeyValueIterator<String, EquivalenceRecord> it =
          store.prefixScan(GraphStores.prefix(id), Serdes.String().serializer())) {
        it.forEachRemaining(kv -> found.add(kv.value));
      }
      if (!found.isEmpty()) {
        out.put(id, found);
      }
    }
    return out;
  }

  @Override
  public Map<String, Long> position() {
    return Map.of();
  }

  /** {@code GET /v1/nodes/{id}} as the API answers it over this graph. */
  public Map<String, Object> nodeJson(String id) {
    ApiRequest request =
        new ApiRequest("GET", "/v1/nodes/" + id, Map.of("id", id), Map.of(), new byte[0]);
    Object answer =
        new LineageQueries(() -> this, LineageQueries.Limits.defaults()).node(request).body();
    // the body as it goes on the wire: what a caller's JSON holds
    return ApiServer.json().convertValue(answer, new TypeReference<Map<String, Object>>() {});
  }
}
