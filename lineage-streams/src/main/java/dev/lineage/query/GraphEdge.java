package dev.lineage.query;

/**
 * A directed edge of the bipartite graph: artifact to the run that read it, or run to what it
 * wrote.
 */
public record GraphEdge(String from, String to) {}
