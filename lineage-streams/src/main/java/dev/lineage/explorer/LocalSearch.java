package dev.lineage.explorer;

import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NameEntry;
import dev.lineage.graph.NodeRecord;
import dev.lineage.http.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Search over the partitions this instance holds, by prefix scans of its stores: the name index
 * ({@code name} or {@code name@version} prefixes), the node store (id and digest prefixes) and the
 * outgoing edges (ids never registered, such as sources, that only occur as an edge's end). Each
 * scan reads a bounded number of entries, so a query costs the same on any graph size.
 */
final class LocalSearch {
  /**
   * Entries read per scan at most: a name with thousands of versions does not stall a keystroke.
   */
  static final int MAX_SCANNED = 5_000;

  private static final Pattern ID_PREFIX = Pattern.compile("(sha256|source|run|git|oci):.*");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{4,64}");

  /** How well a hit matches: lower is better. */
  enum Match {
    EXACT_ID,
    EXACT_NAME,
    NAME_PREFIX,
    ID_PREFIX
  }

  /**
   * One hit. For a name, the latest registered version and how many registrations the name has
   * here; kind, name and version of every hit are filled in from its node by the caller.
   */
  record Hit(String id, Match match, String name, String version, Integer versions) {}

  private LocalSearch() {}

  static List<Hit> search(KafkaStreams streams, String query, int limit) {
    String q = query.trim();
    List<Hit> hits = new ArrayList<>();
    if (q.startsWith("name:")) {
      names(streams, q.substring("name:".length()), hits);
    } else if (ID_PREFIX.matcher(q).matches()) {
      ids(streams, q, hits, limit);
    } else {
      names(streams, q, hits);
      if (HEX.matcher(q).matches()) {
        ids(streams, "sha256:" + q, hits, limit);
      }
      ids(streams, "run:" + q, hits, limit);
      ids(streams, "source:" + q, hits, limit);
    }
    Map<String, Hit> best = new LinkedHashMap<>();
    for (Hit h : hits) {
      best.merge(h.id(), h, (a, b) -> a.match().compareTo(b.match()) <= 0 ? a : b);
    }
    return best.values().stream()
        .sorted(
            Comparator.comparing(Hit::match)
                .thenComparing(h -> h.name() == null ? h.id() : h.name())
                .thenComparing(Hit::id))
        .limit(limit)
        .toList();
  }

  /** Names starting with the text; {@code name@version} narrows to versions starting so. */
  private static void names(KafkaStreams streams, String text, List<Hit> hits) {
    int at = text.lastIndexOf('@');
    String name = at > 0 ? text.substring(0, at) : text;
    String prefix = at > 0 ? name + GraphStores.SEPARATOR + text.substring(at + 1) : name;
    if (name.isEmpty() || name.indexOf(GraphStores.SEPARATOR) >= 0) {
      return;
    }
    ReadOnlyKeyValueStore<String, NameEntry> store = store(streams, GraphStores.NAMES);
    // the latest registration of each name, and how many it has
    Map<String, NameEntry> latest = new LinkedHashMap<>();
    Map<String, Integer> count = new LinkedHashMap<>();
    int scanned = 0;
    try (KeyValueIterator<String, NameEntry> it =
        store.prefixScan(prefix, Serdes.String().serializer())) {
      while (it.hasNext() && scanned++ < MAX_SCANNED) {
        KeyValue<String, NameEntry> kv = it.next();
        String entryName = kv.key.substring(0, kv.key.indexOf(GraphStores.SEPARATOR));
        latest.merge(entryName, kv.value, NameEntry::merge);
        count.merge(entryName, 1, Integer::sum);
      }
    }
    latest.forEach(
        (n, e) ->
            hits.add(
                new Hit(
                    e.nodeId(),
                    n.equals(name) ? Match.EXACT_NAME : Match.NAME_PREFIX,
                    n,
                    e.version(),
                    count.get(n))));
  }

  /** Registered ids starting with the text, then ids known only from their outgoing edges. */
  private static void ids(KafkaStreams streams, String prefix, List<Hit> hits, int limit) {
    ReadOnlyKeyValueStore<String, NodeRecord> nodes = store(streams, GraphStores.NODES);
    int found = 0;
    try (KeyValueIterator<String, NodeRecord> it =
        nodes.prefixScan(prefix, Serdes.String().serializer())) {
      while (it.hasNext() && found < limit) {
        KeyValue<String, NodeRecord> kv = it.next();
        hits.add(
            new Hit(
                kv.key,
                kv.key.equals(prefix) ? Match.EXACT_ID : Match.ID_PREFIX,
                kv.value.name(),
                kv.value.version(),
                null));
        found++;
      }
    }
    ReadOnlyKeyValueStore<String, Object> edges = store(streams, GraphStores.EDGES_OUT);
    String last = null;
    int scanned = 0;
    try (KeyValueIterator<String, Object> it =
        edges.prefixScan(prefix, Serdes.String().serializer())) {
      while (it.hasNext() && found < limit && scanned++ < MAX_SCANNED) {
        String from = GraphStores.edgeEnds(it.next().key)[0];
        if (!from.equals(last)) {
          last = from;
          hits.add(
              new Hit(
                  from, from.equals(prefix) ? Match.EXACT_ID : Match.ID_PREFIX, null, null, null));
          found++;
        }
      }
    }
  }

  private static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams streams, String name) {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
              name, QueryableStoreTypes.<String, V>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the " + name + " store is moving between instances", 1);
    }
  }
}
