package dev.lineage.impact.graphclient;

/**
 * What the impact analysis needs of one node ({@code GET /v1/nodes/{id}}, contract A.1).
 *
 * @param recordCount records in a data snapshot, the denominator of an affected fraction; null when
 *     not registered
 * @param manifestDigest for a run, the digest of its signed training manifest; else null
 */
public record NodeDetails(
    String id, String kind, String name, String version, Long recordCount, String manifestDigest) {}
