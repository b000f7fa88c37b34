package dev.lineage.api;

/**
 * A directed edge of the bipartite graph: artifact to the run that read it, or run to what it
 * wrote. JSON: {@code {"from":...,"to":...}}.
 */
public record GraphEdge(String from, String to) {}
