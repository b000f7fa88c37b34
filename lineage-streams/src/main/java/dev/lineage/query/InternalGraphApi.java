package dev.lineage.query;

import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.util.LinkedHashMap;
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
  static final String NODES = "/v1/internal/graph/nodes";
  static final String NAMES = "/v1/internal/graph/names";
  static final String PROCESS_RUNS = "/v1/internal/graph/process-runs";
  private static final int MAX_BATCH = 500_000;

  private final Supplier<ClusterGraph> graph;

  public InternalGraphApi(Supplier<ClusterGraph> graph) {
    this.graph = graph;
  }

  public void mount(ApiServer server) {
    server.route("POST", NEIGHBORS, this::neighbors);
    server.route("POST", NODES, this::nodes);
    server.route("GET", NAMES, this::names);
    server.route("GET", PROCESS_RUNS, this::processRuns);
  }

  private ApiResponse neighbors(ApiRequest request) {
    RemoteGraph.Batch batch = batch(request);
    if (batch.direction() == null) {
      throw ApiException.badRequest("direction is required");
    }
    Direction direction = Direction.parse(batch.direction());
    return ApiResponse.ok(
        Map.of("neighbors", graph.get().localFor(batch.ids()).neighbors(batch.ids(), direction)));
  }

  private ApiResponse nodes(ApiRequest request) {
    List<String> ids = batch(request).ids();
    return ApiResponse.ok(Map.of("nodes", graph.get().localFor(ids).nodes(ids)));
  }

  private ApiResponse names(ApiRequest request) {
    String name = request.requiredQueryParam("name");
    Map<String, Object> body = new LinkedHashMap<>();
    LocalGraph local = graph.get().localFor(List.of(name));
    body.put("id", local.resolveName(name, request.queryParam("version")).orElse(null));
    return ApiResponse.ok(body);
  }

  private ApiResponse processRuns(ApiRequest request) {
    String name = request.requiredQueryParam("name");
    LocalGraph local = graph.get().localFor(List.of(name));
    return ApiResponse.ok(Map.of("runs", local.processRuns(name, RunsQuery.parse(request))));
  }

  private static RemoteGraph.Batch batch(ApiRequest request) {
    RemoteGraph.Batch batch = request.jsonBody(RemoteGraph.Batch.class);
    List<String> ids = batch.ids();
    if (ids == null || ids.size() > MAX_BATCH) {
      throw ApiException.badRequest("ids must be a list of at most " + MAX_BATCH + " node ids");
    }
    return batch;
  }
}
