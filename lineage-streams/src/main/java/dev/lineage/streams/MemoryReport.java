package dev.lineage.streams;

import dev.lineage.api.MemoryStats;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.index.GraphIndex;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /v1/stats/memory}: the heap, the in-memory index's arrays and RocksDB's memtables and
 * SST files of this instance (issue 19's bytes-per-edge report). RocksDB's figures are Kafka
 * Streams' property-based store metrics (recorded at the INFO level), summed over every store.
 */
final class MemoryReport {
  private final Supplier<KafkaStreams> streams;
  private final GraphIndex index;

  MemoryReport(Supplier<KafkaStreams> streams, GraphIndex index) {
    this.streams = streams;
    this.index = index;
  }

  ApiResponse answer(ApiRequest request) {
    if (request.booleanQueryParam("gc").orElse(false)) {
      System.gc(); // the benchmark asks once, after ingest, for a settled heap figure
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long memtables = 0;
    long sst = 0;
    long keys = 0;
    KafkaStreams s = streams.get();
    if (s != null) {
      for (Map.Entry<MetricName, ? extends Metric> m : s.metrics().entrySet()) {
        if (!"stream-state-metrics".equals(m.getKey().group())) {
          continue;
        }
        long value = asLong(m.getValue().metricValue());
        switch (m.getKey().name()) {
          case "cur-size-all-mem-tables" -> memtables += value;
          case "live-sst-files-size" -> sst += value;
          case "estimate-num-keys" -> keys += value;
          default -> {}
        }
      }
    }
    return ApiResponse.ok(
        new MemoryStats(
            heap,
            index.downstream().bytesUsed() + index.upstream().bytesUsed(),
            index.interner().size(),
            index.downstream().edgeCount(),
            memtables,
            sst,
            keys));
  }

  private static long asLong(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
