package dev.lineage.impact.graphclient;

/**
 * lineage-streams' proof for a closure: what it visited, whether a limit cut it, how deep it went,
 * and the store position it reflects.
 *
 * @param cutBy {@code "depth"}, {@code "size"} or null
 * @param position the position as lineage-streams wrote it, as compact JSON text (kept verbatim so
 *     a caller can hand it back), or null
 */
public record ClosureReceipt(
    long visited, boolean truncated, String cutBy, int depthReached, String position) {}
