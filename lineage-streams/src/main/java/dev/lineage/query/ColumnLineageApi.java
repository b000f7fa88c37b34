package dev.lineage.query;

import dev.lineage.api.ColumnLineage;
import dev.lineage.api.ColumnLink;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.id.NodeId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /v1/columns?dataset=<id>&column=<name>&direction=upstream}: which input columns an
 * output column derives from, through which transformation and run, transitively, one batched read
 * per hop (each column's edges live with its dataset's owner). Every hop also brings the
 * dependencies of the whole dataset (filters, joins: {@code outputColumn} absent). Only upstream:
 * the store is keyed by the output column. Cycles end; at most {@value #MAX_LINKS} links.
 */
public final class ColumnLineageApi {
  static final int MAX_LINKS = 100_000;

  private final Supplier<? extends GraphReader> graph;

  public ColumnLineageApi(Supplier<? extends GraphReader> graph) {
    this.graph = graph;
  }

  public void mount(ApiServer server) {
    server.route("GET", "/v1/columns", this::columns);
  }

  ApiResponse columns(ApiRequest request) {
    String dataset = NodeId.parse(request.requiredQueryParam("dataset")).toString();
    String column = request.requiredQueryParam("column");
    if (column.isEmpty()) {
      throw ApiException.badRequest("column must name a column");
    }
    String direction = request.queryParam("direction").orElse("upstream");
    if (!direction.equals("upstream")) {
      throw ApiException.badRequest(
          "direction is upstream (what a column derives from); got '" + direction + "'");
    }
    GraphReader reader = graph.get();
    List<ColumnLink> links = new ArrayList<>();
    Set<ColumnRef> seen = new HashSet<>();
    Set<ColumnLink> linked = new HashSet<>();
    List<ColumnRef> frontier = List.of(new ColumnRef(dataset, column));
    seen.add(frontier.get(0));
    boolean truncated = false;
    for (int depth = 1; !frontier.isEmpty() && !truncated; depth++) {
      Map<ColumnRef, List<ColumnLink>> inputs = reader.columnInputs(frontier);
      Set<ColumnRef> next = new LinkedHashSet<>();
      for (ColumnRef ref : frontier) {
        for (ColumnLink l : inputs.getOrDefault(ref, List.of())) {
          // a dataset-level link is reached from every column of its dataset: list it once
          if (!linked.add(l.atDepth(0))) {
            continue;
          }
          if (links.size() >= MAX_LINKS) {
            truncated = true;
            break;
          }
          links.add(l.atDepth(depth));
          ColumnRef input = new ColumnRef(l.inputDataset(), l.inputColumn());
          if (seen.add(input)) {
            next.add(input);
          }
        }
      }
      frontier = List.copyOf(next);
    }
    return ApiResponse.ok(new ColumnLineage(dataset, column, "upstream", links, truncated));
  }
}
