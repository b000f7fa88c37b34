package dev.lineage.query;

import dev.lineage.api.Closure;
import dev.lineage.api.ClosureNode;
import dev.lineage.api.Equivalence;
import dev.lineage.api.GraphEdge;
import dev.lineage.api.Lineage;
import dev.lineage.api.Node;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.NodeKinds;
import dev.lineage.api.PathStep;
import dev.lineage.api.Paths;
import dev.lineage.api.ProcessRun;
import dev.lineage.api.ProcessRuns;
import dev.lineage.api.Receipt;
import dev.lineage.graph.EquivalenceRecord;
import dev.lineage.graph.Trust;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.id.NodeId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lineage read API: {@code GET /v1/nodes/{id}}, {@code GET /v1/lineage/{id}}, {@code GET
 * /v1/paths} and {@code POST /v1/closure}. Ids are validated as {@link NodeId}s; {@code name:}
 * references are resolved through the name index.
 */
public final class LineageQueries {
  /**
   * Limits that keep one request from taking the server down; each cut is stated in the receipt.
   */
  public record Limits(int maxNodes, int defaultPageSize, int maxPageSize, int maxPaths) {
    public static Limits defaults() {
      return new Limits(2_000_000, 1_000, 10_000, 100);
    }
  }

  private final Supplier<GraphReader> graph;
  private final Limits limits;
  private final Function<String, Optional<NodeDetails.Erased>> erasures;

  public LineageQueries(Supplier<GraphReader> graph, Limits limits) {
    this(graph, limits, id -> Optional.empty());
  }

  /**
   * @param erasures whether a node's content was erased for a deletion request (issue 14): {@code
   *     GET /v1/nodes/{id}} then carries {@code erased}
   */
  public LineageQueries(
      Supplier<GraphReader> graph,
      Limits limits,
      Function<String, Optional<NodeDetails.Erased>> erasures) {
    this.graph = graph;
    this.limits = limits;
    this.erasures = erasures;
  }

  public void mount(ApiServer server) {
    server.route("GET", "/v1/nodes/{id*}", this::node);
    server.route("GET", "/v1/lineage/{id*}", this::lineage);
    server.route("GET", "/v1/paths", this::paths);
    server.route("POST", "/v1/closure", this::closure);
    server.route("GET", "/v1/processes/{name}/runs", this::processRuns);
  }

  /**
   * The graph for one request: with {@code ?position=}, only once the stores it reads have reached
   * that position.
   */
  private GraphReader reader(ApiRequest request) {
    // checked before any store is read, like every parameter
    Trust trust = request.queryParam("trust").map(Trust::parse).orElse(null);
    if (trust == Trust.GATEWAY) {
      throw ApiException.badRequest(
          "trust=signed follows only producer-signed edges; without it every edge is followed"
              + " (there is no gateway-only walk)");
    }
    GraphReader reader = graph.get();
    GraphReader bounded =
        request
            .queryParam("position")
            .map(PositionBound::parse)
            .filter(b -> !b.isEmpty())
            .map(reader::atLeast)
            .orElse(reader);
    return trust == Trust.SIGNED ? bounded.signedOnly() : bounded;
  }

  ApiResponse node(ApiRequest request) {
    GraphReader reader = reader(request);
    String id = resolve(reader, request.pathParam("id"));
    GraphNode node = existing(reader, id);
    List<Equivalence> equivalent =
        NodeKinds.RUN.equals(node.kind())
            ? equivalentTo(reader.equivalences(List.of(id)).get(id))
            : List.of();
    NodeDetails details = details(node, equivalent, reader.position());
    Optional<NodeDetails.Erased> erased =
        NodeKinds.RUN.equals(node.kind()) ? Optional.empty() : erasures.apply(id);
    return ApiResponse.ok(erased.map(e -> erased(details, e)).orElse(details));
  }

  /** {@code d} marked erased. */
  static NodeDetails erased(NodeDetails d, NodeDetails.Erased erased) {
    return new NodeDetails(
        d.id(),
        d.kind(),
        d.name(),
        d.version(),
        d.attributes(),
        d.signer(),
        d.firstSeen(),
        d.registered(),
        d.mediaType(),
        d.sizeBytes(),
        d.recordCount(),
        d.processName(),
        d.processVersion(),
        d.configDigest(),
        d.manifestDigest(),
        d.startedAt(),
        d.endedAt(),
        d.environment(),
        d.equivalentTo(),
        d.position(),
        erased);
  }

  ApiResponse lineage(ApiRequest request) {
    // every parameter is checked before any store is read: a typo is a 400 even for an unknown id
    Direction direction = Direction.parse(request.queryParam("direction").orElse("downstream"));
    int depth = request.intQueryParam("depth").orElse(Integer.MAX_VALUE);
    if (depth < 0) {
      throw ApiException.badRequest("depth must be 0 or more, got " + depth);
    }
    boolean summary = request.booleanQueryParam("summary").orElse(false);
    Set<String> kinds = kinds(request);
    Page page = page(request);
    GraphReader reader = reader(request);
    String id = resolve(reader, request.pathParam("id"));
    requireExists(reader, id);

    if (summary) {
      ClosureSummary closure =
          reader.summarize(
              new Traversal.Request(id, direction, depth, limits.maxNodes(), false), kinds);
      return ApiResponse.ok(
          new Lineage(
              id, direction.lowerCase(), closure.counts(), null, null, null, closure.receipt()));
    }
    Traversal.Result walk =
        Traversal.walk(
            reader, new Traversal.Request(id, direction, depth, limits.maxNodes(), true));
    return ApiResponse.ok(listing(page, id, direction, walk, reader, kinds));
  }

  /** Which part of a listing to answer. */
  private record Page(int offset, int size) {}

  private Page page(ApiRequest request) {
    int pageSize = request.intQueryParam("limit").orElse(limits.defaultPageSize());
    int offset = request.intQueryParam("offset").orElse(0);
    if (pageSize < 1 || pageSize > limits.maxPageSize()) {
      throw ApiException.badRequest("limit must be between 1 and " + limits.maxPageSize());
    }
    if (offset < 0) {
      throw ApiException.badRequest("offset must be 0 or more");
    }
    return new Page(offset, pageSize);
  }

  /**
   * Nodes in visiting order (so by distance), paged; each edge on the page of its farther end. Only
   * the page's nodes are read, unless a kind filter needs every node's kind: one page of a hub's
   * 50,000 neighbours then costs a page, not 50,000 node reads.
   */
  private static Lineage listing(
      Page asked,
      String start,
      Direction direction,
      Traversal.Result walk,
      GraphReader reader,
      Set<String> kinds) {
    Map<String, GraphNode> described =
        kinds.isEmpty() ? Map.of() : describe(reader, walk.depthOf().keySet());
    List<String> listed = new ArrayList<>();
    for (String n : walk.depthOf().keySet()) {
      if (n.equals(start) || kinds.isEmpty() || kinds.contains(described.get(n).kind())) {
        listed.add(n);
      }
    }
    int pageSize = asked.size();
    int offset = asked.offset();
    // long: an offset near Integer.MAX_VALUE plus the page size must not wrap around
    long end = (long) offset + pageSize;
    List<String> page =
        listed.subList(Math.min(offset, listed.size()), (int) Math.min(end, listed.size()));
    Set<String> onPage = new HashSet<>(page);
    Set<String> inListing = new HashSet<>(listed);
    Map<String, GraphNode> nodes = kinds.isEmpty() ? describe(reader, page) : described;

    List<Node> nodeList = new ArrayList<>();
    for (String n : page) {
      nodeList.add(node(nodes.get(n), walk.depthOf().get(n)));
    }
    List<GraphEdge> edgeList = new ArrayList<>();
    for (GraphEdge e : walk.edges()) {
      if (!inListing.contains(e.from()) || !inListing.contains(e.to())) {
        continue;
      }
      String farther =
          walk.depthOf().get(e.to()) >= walk.depthOf().get(e.from()) ? e.to() : e.from();
      if (onPage.contains(farther)) {
        edgeList.add(e);
      }
    }
    dev.lineage.api.Page paging =
        new dev.lineage.api.Page(
            offset, pageSize, listed.size(), end < listed.size() ? (int) end : null);
    return new Lineage(
        start, direction.lowerCase(), null, nodeList, edgeList, paging, walk.receipt());
  }

  ApiResponse paths(ApiRequest request) {
    int maxPaths = request.intQueryParam("maxPaths").orElse(limits.maxPaths());
    if (maxPaths < 1 || maxPaths > 10_000) {
      throw ApiException.badRequest("maxPaths must be between 1 and 10000");
    }
    String fromText = request.requiredQueryParam("from");
    String toText = request.requiredQueryParam("to");
    GraphReader reader = reader(request);
    String from = resolve(reader, fromText);
    String to = resolve(reader, toText);
    requireExists(reader, from);
    requireExists(reader, to);
    PathFinder.Result found = PathFinder.find(reader, from, to, maxPaths, limits.maxNodes());
    Set<String> ids = new HashSet<>();
    found.paths().forEach(ids::addAll);
    Map<String, GraphNode> nodes = describe(reader, ids);
    List<List<PathStep>> paths = new ArrayList<>();
    for (List<String> path : found.paths()) {
      List<PathStep> steps = new ArrayList<>();
      for (String n : path) {
        GraphNode node = nodes.get(n);
        steps.add(new PathStep(n, node.kind(), node.name()));
      }
      paths.add(steps);
    }
    return ApiResponse.ok(new Paths(from, to, paths, found.receipt()));
  }

  /**
   * The closure of several starts at once, unpaged: what a deletion of many records or a bug in
   * many runs reaches. Unknown starts are listed, not refused, so one stale id does not hide the
   * rest; the node limit still cuts it, and the receipt says so.
   */
  ApiResponse closure(ApiRequest request) {
    ClosureRequest asked = ClosureRequest.parse(request.body());
    GraphReader reader = reader(request);
    // Each start as given, with the id it names (null: a name nobody registered).
    Map<String, String> resolved = new LinkedHashMap<>();
    for (NodeId id : asked.starts()) {
      resolved.put(
          id.toString(),
          id.isReference()
              ? reader.resolveName(id.name().orElseThrow(), id.version()).orElse(null)
              : id.toString());
    }
    Set<String> known =
        reader.existing(resolved.values().stream().filter(Objects::nonNull).distinct().toList());
    Set<String> startSet = new LinkedHashSet<>();
    List<String> missing = new ArrayList<>();
    resolved.forEach(
        (text, id) -> {
          if (id != null && known.contains(id)) {
            startSet.add(id);
          } else {
            missing.add(text);
          }
        });
    List<String> starts = List.copyOf(startSet);

    List<ClosureNode> nodeList = new ArrayList<>();
    List<GraphEdge> edgeList = List.of();
    Receipt receipt;
    if (starts.isEmpty()) {
      receipt = new Receipt(0, false, null, 0, reader.position());
    } else {
      Traversal.Result walk =
          Traversal.walk(
              reader,
              new Traversal.Request(
                      starts, asked.direction(), asked.depth(), limits.maxNodes(), true)
                  .countingTrust());
      Map<String, GraphNode> nodes = describe(reader, walk.depthOf().keySet());
      walk.depthOf()
          .forEach(
              (id, depth) -> {
                GraphNode node = nodes.get(id);
                nodeList.add(
                    new ClosureNode(
                        id, node.kind(), node.name(), node.version(), depth, node.registered()));
              });
      edgeList = walk.edges();
      receipt = walk.receipt();
    }
    return ApiResponse.ok(
        new Closure(starts, missing, asked.direction().lowerCase(), nodeList, edgeList, receipt));
  }

  /**
   * The runs of a process in a version range that overlap a time window: what a bug in that code,
   * running over those days, touched. The process's index entries come from the owner of its name;
   * their start times from the runs' nodes.
   */
  ApiResponse processRuns(ApiRequest request) {
    String process = request.pathParam("name");
    NodeId.checkName("process name", process);
    RunsQuery query = RunsQuery.parse(request);
    GraphReader reader = reader(request);
    List<RunEntry> candidates = reader.processRuns(process, query);
    Map<String, GraphNode> nodes =
        reader.nodes(candidates.stream().map(RunEntry::id).distinct().toList());
    record Found(RunEntry run, Long startedAt) {}
    List<Found> found = new ArrayList<>();
    for (RunEntry run : candidates) {
      GraphNode node = nodes.get(run.id());
      Long startedAt =
          node == null || node.details() == null ? null : node.details().startedAtMillis();
      if (query.overlaps(startedAt, run.endedAtMillis())) {
        found.add(new Found(run, startedAt));
      }
    }
    // By start, then id: the same order whichever instance answers.
    found.sort(
        Comparator.comparing(Found::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(f -> f.run().id()));
    List<ProcessRun> runs = new ArrayList<>();
    for (Found f : found) {
      runs.add(
          new ProcessRun(
              f.run().id(), f.run().version(), time(f.startedAt()), time(f.run().endedAtMillis())));
    }
    return ApiResponse.ok(
        new ProcessRuns(
            process, runs, new Receipt(candidates.size(), false, null, 0, reader.position())));
  }

  /**
   * Validates an id and resolves a {@code name:} reference; a malformed id is a 400, an unknown
   * name a 404.
   */
  static String resolve(GraphReader reader, String text) {
    NodeId id = NodeId.parse(text);
    if (!id.isReference()) {
      return id.toString();
    }
    String name = id.name().orElseThrow();
    return reader
        .resolveName(name, id.version())
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "no artifact is registered under the name '"
                        + name
                        + "'"
                        + id.version().map(v -> " at version " + v).orElse("")));
  }

  /** The node, registered or known from its edges; otherwise a 404. */
  private static GraphNode existing(GraphReader reader, String id) {
    GraphNode node = reader.nodes(List.of(id)).get(id);
    if (node != null) {
      return node;
    }
    requireExists(reader, id);
    return GraphNode.implied(id);
  }

  private static void requireExists(GraphReader reader, String id) {
    if (!reader.exists(id)) {
      throw ApiException.notFound("no node " + id + " in the lineage graph");
    }
  }

  private static Map<String, GraphNode> describe(GraphReader reader, Collection<String> ids) {
    Map<String, GraphNode> found = reader.nodes(ids);
    Map<String, GraphNode> all = new LinkedHashMap<>();
    for (String id : ids) {
      all.put(id, found.getOrDefault(id, GraphNode.implied(id)));
    }
    return all;
  }

  /** The {@code kinds} asked for (one list or several parameters); an unknown kind is a 400. */
  private static Set<String> kinds(ApiRequest request) {
    try {
      return NodeKinds.parse(request.queryParams("kinds"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** The node with what its registration states, each only when known. */
  static NodeDetails details(
      GraphNode node, List<Equivalence> equivalentTo, Map<String, Long> position) {
    StatedDetails d = node.details() == null ? EMPTY : node.details();
    return new NodeDetails(
        node.id(),
        node.kind(),
        node.name(),
        node.version(),
        attributes(node),
        node.signer(),
        time(node.firstSeenMillis()),
        node.registered(),
        d.mediaType(),
        d.sizeBytes(),
        d.recordCount(),
        d.processName(),
        d.processVersion(),
        d.configDigest(),
        d.manifestDigest(),
        time(d.startedAtMillis()),
        time(d.endedAtMillis()),
        d.environment() == null ? null : new TreeMap<>(d.environment()),
        equivalentTo.isEmpty() ? null : equivalentTo,
        position);
  }

  private static final StatedDetails EMPTY =
      new StatedDetails(null, null, null, null, null, null, null, null, null, null);

  /** The {@code equivalent-to} relations of a run, one entry per attestation. */
  static List<Equivalence> equivalentTo(List<EquivalenceRecord> records) {
    List<Equivalence> out = new ArrayList<>();
    if (records == null) {
      return out;
    }
    for (EquivalenceRecord r : records) {
      out.add(
          new Equivalence(
              r.run(),
              r.role(),
              r.attestation(),
              r.aucDifference(),
              r.decisionDiffFraction(),
              r.signer(),
              time(r.signedAt())));
    }
    return out;
  }

  static Node node(GraphNode node, Integer depth) {
    return new Node(
        node.id(),
        node.kind(),
        node.name(),
        node.version(),
        depth,
        attributes(node),
        node.signer(),
        time(node.firstSeenMillis()),
        node.registered());
  }

  private static Map<String, String> attributes(GraphNode node) {
    return node.attributes().isEmpty() ? null : new TreeMap<>(node.attributes());
  }

  /** Epoch millis as ISO-8601 UTC; null stays null. */
  private static String time(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }
}
