package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /v1/search?q=}: the best hits over every instance, and whether some instance did not
 * answer ({@code partial}, with the instances in {@code unanswered}, left out when all answered).
 */
public record Search(
    String query,
    List<SearchHit> hits,
    boolean partial,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unanswered) {}
