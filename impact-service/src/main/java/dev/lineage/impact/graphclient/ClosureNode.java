package dev.lineage.impact.graphclient;

/**
 * One node of a closure as lineage-streams lists it.
 *
 * @param kind the artifact kind (MODEL, DATASET, PREDICTIONS, ...) or RUN; from the id's form for a
 *     node known only from edges
 * @param depth hops from the nearest start (0 for a start)
 */
public record ClosureNode(
    String id, String kind, String name, String version, int depth, boolean registered) {}
