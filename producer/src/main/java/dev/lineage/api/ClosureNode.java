package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One node of a closure: its id, kind, name and version when registered (left out otherwise), its
 * distance from the nearest start, and whether anyone registered it.
 */
public record ClosureNode(
    String id,
    String kind,
    @JsonInclude(JsonInclude.Include.NON_NULL) String name,
    @JsonInclude(JsonInclude.Include.NON_NULL) String version,
    int depth,
    boolean registered) {}
