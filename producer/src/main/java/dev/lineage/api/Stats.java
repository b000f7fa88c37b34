package dev.lineage.api;

/**
 * The answer to lineage-streams' {@code GET /v1/stats}: the Streams state of the instance and the
 * size of its in-memory index.
 */
public record Stats(String state, long indexedNodes, long indexedEdges) {}
