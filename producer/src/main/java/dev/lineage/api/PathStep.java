package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One step of a path: the node's id, its kind, and its name when it has one. */
public record PathStep(
    String id, String kind, @JsonInclude(JsonInclude.Include.NON_NULL) String name) {}
