package dev.lineage.query;

import java.util.Map;

/**
 * What a traversal walked: how many nodes it visited, whether anything was cut (and by which
 * limit), the deepest level it reached, and the store position its answer reflects. It is the proof
 * that goes with an answer.
 *
 * @param cutBy {@code "depth"}, {@code "size"} or null when nothing was cut
 */
public record Receipt(
    long visited, boolean truncated, String cutBy, int depthReached, Map<String, Long> position) {}
