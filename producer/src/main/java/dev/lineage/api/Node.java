package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One node of a lineage listing ({@code GET /v1/lineage/{id}}): what its registration states in
 * brief, its distance from the start, and whether anyone registered it. Unknown fields are left
 * out; {@code firstSeen} is ISO-8601 UTC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Node(
    String id,
    String kind,
    String name,
    String version,
    Integer depth,
    Map<String, String> attributes,
    String signer,
    String firstSeen,
    boolean registered) {}
