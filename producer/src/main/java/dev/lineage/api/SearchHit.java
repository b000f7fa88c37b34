package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One hit of {@code GET /v1/search}: the node, its kind, its name and version when it has them, how
 * many versions its name has (only when more than one), how it matched ({@code exact-id}, {@code
 * name-prefix}, …), and whether it was registered or is known only from an edge.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(
    String id,
    String kind,
    String name,
    String version,
    Integer versions,
    String match,
    boolean registered) {}
