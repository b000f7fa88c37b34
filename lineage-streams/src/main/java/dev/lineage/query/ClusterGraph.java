package dev.lineage.query;

import dev.lineage.api.ColumnLink;
import dev.lineage.graph.EquivalenceRecord;
import dev.lineage.http.ApiException;
import dev.lineage.index.GraphIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The whole graph as one instance sees it, for one request: every id is routed to the instance that
 * owns its partition (the graph stores are all partitioned by node id through one repartition
 * topic), its own ids are answered locally and the others in one request per instance per hop.
 * Built per request from the current assignment; during a rebalance, or when a partition has no
 * owner, it answers 503 with {@code Retry-After}.
 */
public final class ClusterGraph implements GraphReader {
  /**
   * Ids per internal request: what the owner accepts ({@link InternalGraphApi#MAX_IDS}), ~1 MB of
   * JSON, far below {@code ApiServer.MAX_BODY_BYTES} even for ids of the longest legal form.
   */
  static final int MAX_IDS_PER_REQUEST = InternalGraphApi.MAX_IDS;

  private final LocalGraph local;
  private final GraphIndex index;
  private final RemoteGraph remote;
  private final HostInfo self;
  private final PartitionOwners owners;
  private final StorePosition position;
  private final String repartitionTopic;
  private final Map<String, Long> remotePosition = new ConcurrentHashMap<>();
  private final RemoteGraph.Hop hop;
  private PositionBound bound = PositionBound.NONE;
  private Map<String, Long> localPosition;

  private ClusterGraph(
      StorePosition position,
      LocalGraph local,
      GraphIndex index,
      RemoteGraph remote,
      HostInfo self,
      PartitionOwners owners,
      String repartitionTopic) {
    this.position = position;
    this.local = local;
    this.index = index;
    this.remote = remote;
    this.self = self;
    this.owners = owners;
    this.repartitionTopic = repartitionTopic;
    // Each owner's answer says where its stores stood: the lowest seen per partition is what the
    // whole answer reflects at least.
    this.hop =
        new RemoteGraph.Hop(
            () -> bound,
            reported -> reported.forEach((k, v) -> remotePosition.merge(k, v, Math::min)));
  }

  /**
   * The graph for one request.
   *
   * @param repartitionTopic the fold's repartition topic, whose partitions decide ownership
   * @param partitions how many partitions it has
   * @param position where the local stores stand, for receipts
   */
  public static ClusterGraph snapshot(
      KafkaStreams streams,
      StorePosition position,
      GraphIndex index,
      RemoteGraph remote,
      HostInfo self,
      String repartitionTopic,
      int partitions) {
    if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
      throw ApiException.unavailable(
          "lineage-streams is "
              + (streams == null ? "starting" : streams.state().name().toLowerCase())
              + "; try again shortly",
          1);
    }
    PartitionOwners owners = PartitionOwners.of(streams, repartitionTopic, partitions, "the graph");
    return new ClusterGraph(
        position, new LocalGraph(streams, index), index, remote, self, owners, repartitionTopic);
  }

  /**
   * This graph, when the partitions held here have reached {@code bound} (else a 503 with {@code
   * Retry-After}); the bound goes with every request to another owner, which checks its own
   * partitions the same way. A bound on another topic is a 400: only the fold's input orders what
   * the stores reflect.
   */
  @Override
  public ClusterGraph atLeast(PositionBound bound) {
    for (String key : bound.offsets().keySet()) {
      if (partitionOf(key) < 0) {
        throw ApiException.badRequest(
            "position names "
                + key
                + ", which is not a partition of "
                + repartitionTopic
                + ": only positions from this graph's receipts can be waited for");
      }
    }
    bound.require(position::fresh, key -> owners.ofPartition(partitionOf(key)).equals(self));
    this.bound = bound;
    return this;
  }

  /** The partition a position key names in the fold's topic, or -1. */
  private int partitionOf(String key) {
    String prefix = repartitionTopic + "-";
    if (!key.startsWith(prefix)) {
      return -1;
    }
    try {
      int p = Integer.parseInt(key.substring(prefix.length()));
      return p >= 0 && p < owners.partitions() ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The owner of an id: the same hash Kafka's default partitioner applies to the repartitioned key.
   */
  HostInfo owner(String id) {
    return owners.ofKey(id);
  }

  /**
   * The local graph, for answering another instance: only when every id is owned here, since after
   * a rebalance the index would answer an id it no longer owns as if it had no edges.
   */
  public LocalGraph localFor(Collection<String> ids) {
    for (String id : ids) {
      if (!owner(id).equals(self)) {
        throw ApiException.unavailable("ownership moved: " + id + " is no longer held here", 1);
      }
    }
    return local;
  }

  boolean allLocal() {
    return owners.allOwnedBy(self);
  }

  @Override
  public Map<String, List<String>> neighbors(Collection<String> ids, Direction direction) {
    localPosition();
    return fanOut(
        ids,
        (host, batch) ->
            host.equals(self)
                ? CompletableFuture.completedFuture(local.neighbors(batch, direction))
                : remote.neighbors(host, batch, direction, hop));
  }

  @Override
  public Map<String, List<String>> signedNeighbors(Collection<String> ids, Direction direction) {
    localPosition();
    return fanOut(
        ids,
        (host, batch) ->
            host.equals(self)
                ? CompletableFuture.completedFuture(local.signedNeighbors(batch, direction))
                : remote.signedNeighbors(host, batch, direction, hop));
  }

  @Override
  public Map<ColumnRef, List<ColumnLink>> columnInputs(Collection<ColumnRef> columns) {
    localPosition();
    Map<HostInfo, List<ColumnRef>> byHost = new HashMap<>();
    for (ColumnRef c : columns) {
      byHost.computeIfAbsent(owner(c.dataset()), h -> new ArrayList<>()).add(c);
    }
    List<CompletableFuture<Map<ColumnRef, List<ColumnLink>>>> answers = new ArrayList<>();
    byHost.forEach(
        (host, batch) ->
            chunks(batch, MAX_IDS_PER_REQUEST)
                .forEach(
                    c ->
                        answers.add(
                            host.equals(self)
                                ? CompletableFuture.completedFuture(local.columnInputs(c))
                                : remote.columnInputs(host, c, hop))));
    Map<ColumnRef, List<ColumnLink>> merged = new LinkedHashMap<>();
    for (CompletableFuture<Map<ColumnRef, List<ColumnLink>>> answer : answers) {
      merged.putAll(unwrap(answer::join));
    }
    return merged;
  }

  @Override
  public Map<String, GraphNode> nodes(Collection<String> ids) {
    localPosition();
    return fanOut(
        ids,
        (host, batch) ->
            host.equals(self)
                ? CompletableFuture.completedFuture(local.nodes(batch))
                : remote.nodes(host, batch, hop));
  }

  @Override
  public Map<String, List<EquivalenceRecord>> equivalences(Collection<String> runIds) {
    return fanOut(
        runIds,
        (host, batch) ->
            host.equals(self)
                ? CompletableFuture.completedFuture(local.equivalences(batch))
                : remote.equivalences(host, batch, hop));
  }

  @Override
  public Optional<String> resolveName(String name, Optional<String> version) {
    localPosition();
    HostInfo host = owner(name);
    return host.equals(self)
        ? local.resolveName(name, version)
        : unwrap(() -> remote.resolveName(host, name, version, hop));
  }

  /** Asks the owner of the process name's partition, where the fold put its runs. */
  @Override
  public List<RunEntry> processRuns(String process, RunsQuery query) {
    localPosition();
    HostInfo host = owner(process);
    return host.equals(self)
        ? local.processRuns(process, query)
        : unwrap(() -> remote.processRuns(host, process, query, hop));
  }

  /**
   * An id in the index is in the graph (the graph only grows, and every edge end and registered
   * node is interned); otherwise its owner is asked.
   */
  @Override
  public boolean exists(String id) {
    return index.interner().lookup(id) >= 0 || GraphReader.super.exists(id);
  }

  @Override
  public ClosureSummary summarize(Traversal.Request request, Set<String> kinds) {
    if (allLocal()) {
      return IndexedClosure.summarize(
          request.direction() == Direction.DOWNSTREAM ? index.downstream() : index.upstream(),
          request,
          kinds,
          position());
    }
    return GraphReader.super.summarize(request, kinds);
  }

  /**
   * A lower bound of what this answer reflects in the fold's input (repartition topic, partition to
   * offset): this instance's stores as they stood before its first read (the stores only grow; at
   * most {@link StorePosition#MAX_AGE} old), and for partitions held elsewhere the lowest position
   * their owners reported with their answers so far.
   */
  @Override
  public Map<String, Long> position() {
    Map<String, Long> merged = new TreeMap<>(remotePosition);
    localPosition().forEach((k, v) -> merged.merge(k, v, Math::min));
    return merged;
  }

  private synchronized Map<String, Long> localPosition() {
    if (localPosition == null) {
      localPosition = position.get();
    }
    return localPosition;
  }

  private <V> Map<String, V> fanOut(
      Collection<String> ids,
      BiFunction<HostInfo, List<String>, CompletableFuture<Map<String, V>>> ask) {
    Map<HostInfo, List<String>> byHost = new HashMap<>();
    for (String id : ids) {
      byHost.computeIfAbsent(owner(id), h -> new ArrayList<>()).add(id);
    }
    List<CompletableFuture<Map<String, V>>> answers = new ArrayList<>();
    // A wide hop is split so no request body nears the server's limit; chunks to one owner go out
    // together.
    byHost.forEach(
        (host, batch) ->
            chunks(batch, MAX_IDS_PER_REQUEST).forEach(c -> answers.add(ask.apply(host, c))));
    Map<String, V> merged = new LinkedHashMap<>();
    for (CompletableFuture<Map<String, V>> answer : answers) {
      merged.putAll(unwrap(answer::join));
    }
    return merged;
  }

  /** {@code list} in consecutive pieces of at most {@code size}. */
  static <T> List<List<T>> chunks(List<T> list, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < list.size(); from += size) {
      out.add(list.subList(from, Math.min(list.size(), from + size)));
    }
    return out;
  }

  private static <T> T unwrap(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
