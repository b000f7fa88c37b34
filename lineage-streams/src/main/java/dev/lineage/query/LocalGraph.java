package dev.lineage.query;

import dev.lineage.api.ColumnLink;
import dev.lineage.api.NodeKinds;
import dev.lineage.graph.ColumnRecord;
import dev.lineage.graph.EquivalenceRecord;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NameEntry;
import dev.lineage.graph.NodeRecord;
import dev.lineage.http.ApiException;
import dev.lineage.index.AdjacencyIndex;
import dev.lineage.index.GraphIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What this instance holds of the graph: adjacency from the in-memory index, node records and names
 * from its RocksDB stores. Answers only for ids whose partitions it owns; {@link ClusterGraph}
 * sends the rest to their owners.
 */
public final class LocalGraph {
  private final KafkaStreams streams;
  private final GraphIndex index;

  public LocalGraph(KafkaStreams streams, GraphIndex index) {
    this.streams = streams;
    this.index = index;
  }

  public Map<String, List<String>> neighbors(Collection<String> ids, Direction direction) {
    AdjacencyIndex adjacency =
        direction == Direction.DOWNSTREAM ? index.downstream() : index.upstream();
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String id : ids) {
      List<String> ns = adjacency.neighbors(id);
      if (!ns.isEmpty()) {
        result.put(id, ns);
      }
    }
    return result;
  }

  /** As {@link #neighbors}, without the edges only a gateway attested. */
  public Map<String, List<String>> signedNeighbors(Collection<String> ids, Direction direction) {
    boolean downstream = direction == Direction.DOWNSTREAM;
    Map<String, List<String>> result = new LinkedHashMap<>();
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
                result.put(id, signed);
              }
            });
    return result;
  }

  public Map<String, GraphNode> nodes(Collection<String> ids) {
    ReadOnlyKeyValueStore<String, NodeRecord> store = store(GraphStores.NODES);
    Map<String, GraphNode> result = new LinkedHashMap<>();
    for (String id : ids) {
      NodeRecord r = store.get(id);
      if (r != null) {
        result.put(id, view(r));
      }
    }
    return result;
  }

  /** See {@link GraphReader#columnInputs}; every column's dataset is owned here. */
  public Map<ColumnRef, List<ColumnLink>> columnInputs(Collection<ColumnRef> columns) {
    ReadOnlyKeyValueStore<String, ColumnRecord> store = store(GraphStores.COLUMNS);
    Map<ColumnRef, List<ColumnLink>> result = new LinkedHashMap<>();
    for (ColumnRef ref : columns) {
      List<ColumnLink> found = new ArrayList<>();
      scanColumns(store, ref.dataset(), ref.column(), found);
      if (!ref.column().isEmpty()) {
        scanColumns(store, ref.dataset(), "", found);
      }
      if (!found.isEmpty()) {
        result.put(ref, found);
      }
    }
    return result;
  }

  private static void scanColumns(
      ReadOnlyKeyValueStore<String, ColumnRecord> store,
      String dataset,
      String column,
      List<ColumnLink> into) {
    try (KeyValueIterator<String, ColumnRecord> it =
        store.prefixScan(GraphStores.columnPrefix(dataset, column), Serdes.String().serializer())) {
      it.forEachRemaining(
          kv -> {
            String[] k = kv.key.split(String.valueOf(GraphStores.SEPARATOR), -1);
            into.add(
                new ColumnLink(
                    k[0],
                    k[1].isEmpty() ? null : k[1],
                    k[2],
                    k[3],
                    k[4],
                    kv.value.transformations().stream()
                        .map(
                            t ->
                                new ColumnLink.Transformation(
                                    t.type(), t.subtype(), t.description(), t.masking()))
                        .toList(),
                    1,
                    kv.value.trust()));
          });
    }
  }

  public Map<String, List<EquivalenceRecord>> equivalences(Collection<String> runIds) {
    ReadOnlyKeyValueStore<String, EquivalenceRecord> store = store(GraphStores.EQUIVALENCES);
    Map<String, List<EquivalenceRecord>> result = new LinkedHashMap<>();
    for (String id : runIds) {
      List<EquivalenceRecord> found = new ArrayList<>();
      try (KeyValueIterator<String, EquivalenceRecord> it =
          store.prefixScan(GraphStores.prefix(id), Serdes.String().serializer())) {
        it.forEachRemaining(kv -> found.add(kv.value));
      }
      if (!found.isEmpty()) {
        result.put(id, found);
      }
    }
    return result;
  }

  /**
   * The node id under a name: that version's latest registration, or the latest of any version; a
   * 409 when the name's entries name more than one key (see {@link ContestedName}).
   */
  public Optional<String> resolveName(String name, Optional<String> version) {
    List<String> candidates = new ArrayList<>();
    Optional<String> id = resolveName(name, version, candidates);
    if (!candidates.isEmpty()) {
      throw ContestedName.error(name, candidates);
    }
    return id;
  }

  /**
   * As {@link #resolveName(String, Optional)}, filling {@code contested} with each {@code node by
   * key} instead of throwing when the name is held by more than one key (empty then).
   */
  public Optional<String> resolveName(
      String name, Optional<String> version, List<String> contested) {
    ReadOnlyKeyValueStore<String, NameEntry> names = store(GraphStores.NAMES);
    List<NameEntry> entries = new ArrayList<>();
    // every version: a name has one owner, whichever version is asked for
    try (KeyValueIterator<String, NameEntry> it =
        names.prefixScan(GraphStores.prefix(name), Serdes.String().serializer())) {
      it.forEachRemaining(kv -> entries.add(kv.value));
    }
    return NameEntry.resolve(entries, version, contested);
  }

  /** Scans the process's entries of the process-runs index, keeping those the query admits. */
  public List<RunEntry> processRuns(String process, RunsQuery query) {
    ReadOnlyKeyValueStore<String, String> runs = store(GraphStores.PROCESS_RUNS);
    List<RunEntry> found = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        runs.prefixScan(GraphStores.prefix(process), Serdes.String().serializer())) {
      while (it.hasNext()) {
        KeyValue<String, String> entry = it.next();
        // <process>\0<version>\0<endedAt, 20 digits>\0<run id>
        String[] parts = entry.key.split(String.valueOf(GraphStores.SEPARATOR), 4);
        RunEntry run = new RunEntry(entry.value, parts[1], Long.parseLong(parts[2]));
        if (query.admits(run)) {
          found.add(run);
        }
      }
    }
    return found;
  }

  static GraphNode view(NodeRecord r) {
    Map<String, String> attributes = new LinkedHashMap<>(r.attributes());
    if (r.processName() != null) {
      attributes.put("process", r.processName());
      attributes.put("processVersion", r.processVersion());
    }
    if (r.configDigest() != null) {
      attributes.put("configDigest", r.configDigest());
    }
    if (r.manifestDigest() != null) {
      attributes.put("manifest", r.manifestDigest());
    }
    if (r.recordCount() != null) {
      attributes.put("recordCount", Long.toString(r.recordCount()));
    }
    String kind = r.kind() == null ? NodeKinds.fromId(r.id()) : r.kind();
    StatedDetails details =
        new StatedDetails(
            r.mediaType(),
            r.sizeBytes(),
            r.recordCount(),
            r.processName(),
            r.processVersion(),
            r.configDigest(),
            r.manifestDigest(),
            r.startedAt(),
            r.endedAt(),
            r.environment());
    return new GraphNode(
        r.id(), kind, r.name(), r.version(), attributes, r.signer(), r.firstSeen(), true, details);
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
              name, QueryableStoreTypes.<String, V>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the " + name + " store is moving between instances", 1);
    }
  }
}
