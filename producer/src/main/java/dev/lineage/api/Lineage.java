package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /v1/lineage/{id}}: either a page of the nodes reached (with the edges
 * whose farther end is on the page), or with {@code summary=true} only the counts by kind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lineage(
    String start,
    String direction,
    Map<String, Long> counts,
    List<Node> nodes,
    List<GraphEdge> edges,
    Page page,
    Receipt receipt) {}
