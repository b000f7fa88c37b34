package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Which part of a listing an answer holds; {@code nextOffset} only when more follows. */
public record Page(
    int offset,
    int limit,
    int total,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer nextOffset) {}
