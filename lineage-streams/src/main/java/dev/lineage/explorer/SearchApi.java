package dev.lineage.explorer;

import dev.lineage.api.NodeKinds;
import dev.lineage.api.Search;
import dev.lineage.api.SearchHit;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.NodeId;
import dev.lineage.query.GraphNode;
import dev.lineage.query.GraphReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /v1/search?q=&limit=}: nodes by name, {@code name@version}, node id or digest prefix,
 * each with its kind. Name and id entries are spread over the instances by partition, so every
 * instance is asked for what it holds ({@code /v1/internal/search}, one request each) and the hits
 * are merged; an instance that does not answer leaves the answer {@code partial} rather than
 * failing it. An id or {@code name:} reference that the graph knows is always the first hit.
 */
final class SearchApi {
  /** The body of the internal endpoint: one instance's hits, written and read as this record. */
  record LocalHits(List<LocalSearch.Hit> hits) {}

  static final String INTERNAL = "/v1/internal/search";
  static final int DEFAULT_LIMIT = 12;
  static final int MAX_LIMIT = 50;
  private static final int MAX_QUERY = 300;

  private final Supplier<KafkaStreams> streams;
  private final Supplier<GraphReader> graph;
  private final HostInfo self;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  SearchApi(Supplier<KafkaStreams> streams, Supplier<GraphReader> graph, HostInfo self) {
    this.streams = streams;
    this.graph = graph;
    this.self = self;
  }

  void mount(ApiServer server) {
    server.route("GET", "/v1/search", this::search);
    server.route("GET", INTERNAL, this::local);
  }

  private ApiResponse search(ApiRequest request) {
    String q = query(request);
    int limit = limit(request);
    GraphReader reader = graph.get();
    KafkaStreams s = running();

    Map<String, LocalSearch.Hit> hits = new LinkedHashMap<>();
    exact(reader, q)
        .ifPresent(
            id ->
                hits.put(
                    id, new LocalSearch.Hit(id, LocalSearch.Match.EXACT_ID, null, null, null)));
    List<String> unanswered = new ArrayList<>();
    List<CompletableFuture<List<LocalSearch.Hit>>> remote = new ArrayList<>();
    List<HostInfo> asked = new ArrayList<>();
    for (HostInfo host : hosts(s)) {
      if (host.equals(self) || self.equals(HostInfo.unavailable())) {
        continue;
      }
      asked.add(host);
      remote.add(ask(host, q, limit));
    }
    for (LocalSearch.Hit h : LocalSearch.search(s, q, limit)) {
      hits.merge(h.id(), h, SearchApi::better);
    }
    for (int i = 0; i < remote.size(); i++) {
      try {
        for (LocalSearch.Hit h : remote.get(i).join()) {
          hits.merge(h.id(), h, SearchApi::better);
        }
      } catch (RuntimeException e) {
        unanswered.add(asked.get(i).host() + ":" + asked.get(i).port());
      }
    }
    List<LocalSearch.Hit> ranked =
        hits.values().stream()
            .sorted(
                Comparator.comparing(LocalSearch.Hit::match)
                    .thenComparing(h -> h.name() == null ? h.id() : h.name())
                    .thenComparing(LocalSearch.Hit::id))
            .limit(limit)
            .toList();
    Map<String, GraphNode> nodes = reader.nodes(ranked.stream().map(LocalSearch.Hit::id).toList());
    List<SearchHit> found = new ArrayList<>();
    for (LocalSearch.Hit h : ranked) {
      GraphNode node = nodes.get(h.id());
      found.add(
          new SearchHit(
              h.id(),
              node != null ? node.kind() : NodeKinds.fromId(h.id()),
              node != null && node.name() != null ? node.name() : h.name(),
              node != null && node.version() != null ? node.version() : h.version(),
              h.versions() != null && h.versions() > 1 ? h.versions() : null,
              h.match().name().toLowerCase().replace('_', '-'),
              node != null && node.registered()));
    }
    return ApiResponse.ok(new Search(q, found, !unanswered.isEmpty(), unanswered));
  }

  /** What this instance holds, for the instance that merges. */
  private ApiResponse local(ApiRequest request) {
    String q = query(request);
    return ApiResponse.ok(new LocalHits(LocalSearch.search(running(), q, limit(request))));
  }

  /** The id a full node id or {@code name:} reference names, when the graph knows it. */
  private static Optional<String> exact(GraphReader reader, String q) {
    NodeId id;
    try {
      id = NodeId.parse(q);
    } catch (InvalidIdException e) {
      return Optional.empty();
    }
    if (id.isReference()) {
      try {
        return reader.resolveName(id.name().orElseThrow(), id.version());
      } catch (ApiException e) {
        return Optional.empty(); // a contested name: the name hits list its holders
      }
    }
    return reader.exists(id.toString()) ? Optional.of(id.toString()) : Optional.empty();
  }

  private static LocalSearch.Hit better(LocalSearch.Hit a, LocalSearch.Hit b) {
    LocalSearch.Hit best = a.match().compareTo(b.match()) <= 0 ? a : b;
    LocalSearch.Hit other = best == a ? b : a;
    // keep what the other knows of the name (an exact id hit from a reference has none)
    return best.name() != null
        ? best
        : new LocalSearch.Hit(
            best.id(), best.match(), other.name(), other.version(), other.versions());
  }

  private CompletableFuture<List<LocalSearch.Hit>> ask(HostInfo host, String q, int limit) {
    URI uri =
        URI.create(
            "http://"
                + host.host()
                + ":"
                + host.port()
                + INTERNAL
                + "?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + "&limit="
                + limit);
    return client
        .sendAsync(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode());
              }
              try {
                LocalHits body = ApiServer.json().readValue(response.body(), LocalHits.class);
                return body.hits() == null ? List.<LocalSearch.Hit>of() : body.hits();
              } catch (IOException e) {
                throw new IllegalStateException("unreadable answer", e);
              }
            });
  }

  private static Set<HostInfo> hosts(KafkaStreams s) {
    Set<HostInfo> hosts = new LinkedHashSet<>();
    for (StreamsMetadata m : s.metadataForAllStreamsClients()) {
      hosts.add(m.hostInfo());
    }
    return hosts;
  }

  private KafkaStreams running() {
    KafkaStreams s = streams.get();
    if (s == null || s.state() != KafkaStreams.State.RUNNING) {
      throw ApiException.unavailable("lineage-streams is not running yet; try again shortly", 1);
    }
    return s;
  }

  private static String query(ApiRequest request) {
    String q = request.requiredQueryParam("q").trim();
    if (q.isEmpty() || q.length() > MAX_QUERY) {
      throw ApiException.badRequest("q must be 1 to " + MAX_QUERY + " characters");
    }
    return q;
  }

  private static int limit(ApiRequest request) {
    int limit = request.intQueryParam("limit").orElse(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    return limit;
  }
}
