package dev.lineage.query;

import dev.lineage.api.ColumnLink;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The endpoints instances use to ask each other for what they hold. They answer from local data
 * only: ids the instance does not own are answered as empty by the index, which is why callers
 * route by ownership first.
 */
public final class InternalGraphApi {
  static final String NEIGHBORS = "/v1/internal/graph/neighbors";
  static final String COLUMNS = "/v1/internal/graph/columns";
  static final String NODES = "/v1/internal/graph/nodes";
  static final String NAMES = "/v1/internal/graph/names";
  static final String PROCESS_RUNS = "/v1/internal/graph/process-runs";
  static final String EQUIVALENCES = "/v1/internal/graph/equivalences";

  /**
   * Ids per request, the public API's own limit ({@link ClosureRequest#MAX_STARTS} starts): a
   * member's request costs no more than a reader's. {@link ClusterGraph} splits wider hops.
   */
  static final int MAX_IDS = ClosureRequest.MAX_STARTS;

  private final Supplier<ClusterGraph> graph;

  public InternalGraphApi(Supplier<ClusterGraph> graph) {
    this.graph = graph;
  }

  public void mount(ApiServer server) {
    server.route("POST", NEIGHBORS, this::neighbors);
    server.route("POST", NODES, this::nodes);
    server.route("GET", NAMES, this::names);
    server.route("GET", PROCESS_RUNS, this::processRuns);
    server.route("POST", EQUIVALENCES, this::equivalences);
    server.route("POST", COLUMNS, this::columns);
  }

  private ApiResponse neighbors(ApiRequest request) {
    RemoteGraph.Batch batch = batch(request);
    if (batch.direction() == null) {
      throw ApiException.badRequest("direction is required");
    }
    Direction direction = Direction.parse(batch.direction());
    ClusterGraph g = bounded(request);
    LocalGraph local = g.localFor(batch.ids());
    Map<String, Long> position = g.position();
    if (batch.trust() != null && !batch.trust().equals("signed")) {
      throw ApiException.badRequest("trust is signed or absent, got " + batch.trust());
    }
    return ApiResponse.ok(
        new InternalAnswers.Neighbors(
            batch.trust() == null
                ? local.neighbors(batch.ids(), direction)
                : local.signedNeighbors(batch.ids(), direction),
            position));
  }

  private ApiResponse columns(ApiRequest request) {
    RemoteGraph.ColumnBatch batch = request.jsonBody(RemoteGraph.ColumnBatch.class);
    if (batch.columns() == null || batch.columns().size() > MAX_IDS) {
      throw ApiException.badRequest("columns must be a list of at most " + MAX_IDS + " columns");
    }
    ClusterGraph g = bounded(request);
    LocalGraph local = g.localFor(batch.columns().stream().map(ColumnRef::dataset).toList());
    Map<ColumnRef, List<ColumnLink>> found = local.columnInputs(batch.columns());
    List<List<ColumnLink>> links =
        batch.columns().stream().map(c -> found.getOrDefault(c, List.of())).toList();
    return ApiResponse.ok(new InternalAnswers.Columns(batch.columns(), links, g.position()));
  }

  private ApiResponse nodes(ApiRequest request) {
    List<String> ids = batch(request).ids();
    ClusterGraph g = bounded(request);
    LocalGraph local = g.localFor(ids);
    Map<String, Long> position = g.position();
    return ApiResponse.ok(new InternalAnswers.Nodes(local.nodes(ids), position));
  }

  private ApiResponse equivalences(ApiRequest request) {
    List<String> ids = batch(request).ids();
    return ApiResponse.ok(
        new InternalAnswers.Equivalences(graph.get().localFor(ids).equivalences(ids)));
  }

  private ApiResponse names(ApiRequest request) {
    String name = request.requiredQueryParam("name");
    ClusterGraph g = bounded(request);
    LocalGraph local = g.localFor(List.of(name));
    Map<String, Long> position = g.position();
    List<String> contested = new ArrayList<>();
    String id = local.resolveName(name, request.queryParam("version"), contested).orElse(null);
    return ApiResponse.ok(new InternalAnswers.Name(id, contested, position));
  }

  private ApiResponse processRuns(ApiRequest request) {
    String name = request.requiredQueryParam("name");
    ClusterGraph g = bounded(request);
    LocalGraph local = g.localFor(List.of(name));
    Map<String, Long> position = g.position();
    return ApiResponse.ok(
        new InternalAnswers.Runs(local.processRuns(name, RunsQuery.parse(request)), position));
  }

  /** The graph once this instance's partitions reach the caller's bound, if it forwarded one. */
  private ClusterGraph bounded(ApiRequest request) {
    ClusterGraph g = graph.get();
    return request.queryParam("position").map(p -> g.atLeast(PositionBound.parse(p))).orElse(g);
  }

  private static RemoteGraph.Batch batch(ApiRequest request) {
    RemoteGraph.Batch batch = request.jsonBody(RemoteGraph.Batch.class);
    List<String> ids = batch.ids();
    if (ids == null) {
      throw ApiException.badRequest("ids must be a list of node ids");
    }
    if (ids.size() > MAX_IDS) {
      throw new ApiException(
          413,
          "too-large",
          "a batch has " + ids.size() + " ids; at most " + MAX_IDS + " are accepted per request");
    }
    return batch;
  }
}
