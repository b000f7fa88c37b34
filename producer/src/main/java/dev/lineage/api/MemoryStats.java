package dev.lineage.api;

/**
 * The answer to lineage-streams' {@code GET /v1/stats/memory}: what this instance's graph costs in
 * memory and on disk, for the benchmarks' bytes-per-edge figures. Heap figures are the JVM's (after
 * a collection only when asked with {@code ?gc=true}); RocksDB figures are summed over the
 * instance's state stores from Kafka Streams' RocksDB property metrics.
 *
 * @param heapUsedBytes the JVM heap in use now
 * @param indexAdjacencyBytes the in-memory adjacency arrays, both directions
 * @param indexedNodes nodes the index knows
 * @param indexedEdges edges in its downstream direction (each edge is in both)
 * @param rocksdbMemtableBytes RocksDB memtables (not yet flushed), all stores
 * @param rocksdbSstBytes RocksDB live SST files, all stores
 * @param rocksdbEstimatedKeys RocksDB's estimate of keys, all stores
 */
public record MemoryStats(
    long heapUsedBytes,
    long indexAdjacencyBytes,
    long indexedNodes,
    long indexedEdges,
    long rocksdbMemtableBytes,
    long rocksdbSstBytes,
    long rocksdbEstimatedKeys) {}
