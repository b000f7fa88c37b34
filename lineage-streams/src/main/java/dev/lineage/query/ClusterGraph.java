package dev.lineage.query;

import dev.lineage.http.ApiException;
import dev.lineage.index.GraphIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The whole graph as one instance sees it, for one request: every id is routed to the instance that
 * owns its partition (the graph stores are all partitioned by node id through one repartition
 * topic), its own ids are answered locally and the others in one request per instance per hop.
 * Built per request from the current assignment; during a rebalance, or when a partition has no
 * owner, it answers 503 with {@code Retry-After}.
 */
public final class ClusterGraph implements GraphReader {
  /** Ids per internal request: ~1 MB of JSON, far below {@code ApiServer.MAX_BODY_BYTES}. */
  static final int MAX_IDS_PER_REQUEST = 10_000;

  private final LocalGraph local;
  private final GraphIndex index;
  private final RemoteGraph remote;
  private final HostInfo self;
  private final HostInfo[] ownerOf;
  private final Supplier<Map<String, Long>> position;

  private ClusterGraph(
      Supplier<Map<String, Long>> position,
      LocalGraph local,
      GraphIndex index,
      RemoteGraph remote,
      HostInfo self,
      HostInfo[] ownerOf) {
    this.position = position;
    this.local = local;
    this.index = index;
    this.remote = remote;
    this.self = self;
    this.ownerOf = ownerOf;
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
      Supplier<Map<String, Long>> position,
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
    HostInfo[] ownerOf = new HostInfo[partitions];
    for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
      for (TopicPartition tp : m.topicPartitions()) {
        if (tp.topic().equals(repartitionTopic) && tp.partition() < partitions) {
          ownerOf[tp.partition()] = m.hostInfo();
        }
      }
    }
    for (int p = 0; p < partitions; p++) {
      if (ownerOf[p] == null) {
        throw ApiException.unavailable("partition " + p + " of the graph has no owner yet", 1);
      }
    }
    return new ClusterGraph(position, new LocalGraph(streams, index), index, remote, self, ownerOf);
  }

  /**
   * The owner of an id: the same hash Kafka's default partitioner applies to the repartitioned key.
   */
  HostInfo owner(String id) {
    int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % ownerOf.length;
    return ownerOf[p];
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
    for (HostInfo h : ownerOf) {
      if (!h.equals(self)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Map<String, List<String>> neighbors(Collection<String> ids, Direction direction) {
    return fanOut(
        ids,
        (host, batch) ->
            host.equals(self)
                ? CompletableFuture.completedFuture(local.neighbors(batch, direction))
                : remote.neighbors(host, batch, direction));
  }

  @Override
  public Map<String, GraphNode> nodes(Collection<String> ids) {
    return fanOut(
        ids,
        (host, batch) ->
            host.equals(self)
                ? CompletableFuture.completedFuture(local.nodes(batch))
                : remote.nodes(host, batch));
  }

  @Override
  public Optional<String> resolveName(String name, Optional<String> version) {
    HostInfo host = owner(name);
    return host.equals(self)
        ? local.resolveName(name, version)
        : unwrap(() -> remote.resolveName(host, name, version));
  }

  /** Asks the owner of the process name's partition, where the fold put its runs. */
  @Override
  public List<ProcessRun> processRuns(String process, RunsQuery query) {
    HostInfo host = owner(process);
    return host.equals(self)
        ? local.processRuns(process, query)
        : unwrap(() -> remote.processRuns(host, process, query));
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
   * A lower bound of where this instance's graph stores stand in the fold's input (repartition
   * topic, partition to offset): read before the walk (the stores only grow), and at most {@link
   * StorePosition#MAX_AGE} old.
   */
  @Override
  public Map<String, Long> position() {
    return position.get();
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
        (host, batch) -> {
          for (int from = 0; from < batch.size(); from += MAX_IDS_PER_REQUEST) {
            List<String> chunk =
                batch.subList(from, Math.min(batch.size(), from + MAX_IDS_PER_REQUEST));
            answers.add(ask.apply(host, chunk));
          }
        });
    Map<String, V> merged = new LinkedHashMap<>();
    for (CompletableFuture<Map<String, V>> answer : answers) {
      merged.putAll(unwrap(answer::join));
    }
    return merged;
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
