package dev.lineage.bench.openlineage;

import dev.lineage.api.Stats;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.bench.graph.GraphCsv;
import dev.lineage.bench.graph.LineageGraph;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end ingest of OpenLineage events into a running Lineage whose gateway reads the
 * OpenLineage topic ({@code lineage up} sets it up): every run of a generated lineage graph becomes
 * a START and a COMPLETE event, written with plain kafka-clients as the OpenLineage Kafka transport
 * writes them (value = the JSON, key {@code run:{namespace}/{job}}, no headers), its inputs and
 * outputs as datasets {@code bench/<node id>}. All are produced first; the clock runs until {@code
 * GET /v1/stats} shows every edge folded. Each event is validated, attested (one P-256 signature),
 * verified against the keyring, validated again and mapped before the fold.
 */
@Command(
    name = "openlineage-ingest-benchmark",
    mixinStandardHelpOptions = true,
    description = "OpenLineage event ingest rate of a running Lineage.")
public final class OpenLineageIngestBenchmark implements Callable<Integer> {
  static final String PRODUCER =
      "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/spark";
  static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka.")
  String bootstrapServers;

  @Option(names = "--http", required = true, description = "Base URL of the Lineage HTTP API.")
  URI http;

  @Option(names = "--edges-csv", required = true, description = "The graph's edges.")
  Path edgesCsv;

  @Option(names = "--nodes-csv", required = true, description = "The graph's nodes.")
  Path nodesCsv;

  @Option(
      names = "--topic",
      defaultValue = "openlineage.events",
      description = "The OpenLineage topic.")
  String topic;

  @Option(names = "--timeout-minutes", defaultValue = "30", description = "Give up after.")
  long timeoutMinutes;

  public static void main(String[] args) {
    System.exit(new CommandLine(new OpenLineageIngestBenchmark()).execute(args));
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[openlineage-bench] " + format + "%n", args);
  }

  record Event(String key, byte[] value) {}

  @Override
  public Integer call() throws Exception {
    LineageGraph graph = GraphCsv.read(nodesCsv, edgesCsv);
    List<Event> events = new ArrayList<>();
    long expectedEdges = 0;
    for (int node = 0; node < graph.size(); node++) {
      if (!"RUN".equals(graph.kind(node))) {
        continue;
      }
      int[] in = graph.predecessors(node);
      int[] out = graph.successors(node);
      if (in.length == 0 || out.length == 0) {
        continue;
      }
      String runId =
          UUID.nameUUIDFromBytes(graph.id(node).getBytes(StandardCharsets.UTF_8)).toString();
      String job = "job_" + node;
      String key = "run:bench/" + job;
      events.add(new Event(key, event("START", runId, job, datasets(graph, in), "")));
      events.add(
          new Event(key, event("COMPLETE", runId, job, datasets(graph, in), datasets(graph, out))));
      expectedEdges += in.length + out.length;
    }
    progress(
        "%d events of %d runs, %d edges expected", events.size(), events.size() / 2, expectedEdges);

    LineageApiClient api = LineageApiClient.builder(http).maxAttempts(1).build();
    long before = api.get("/v1/stats", Map.of(), Stats.class).value().indexedEdges();
    long publishStart = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (Event e : events) {
        producer.send(
            new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), e.value()));
      }
      producer.flush();
    }
    double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
    progress("produced %d events in %.1f s", events.size(), publishSeconds);
    long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
    long edges = before;
    while (edges - before < expectedEdges) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + (edges - before) + " of " + expectedEdges + " edges folded in time");
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      edges = api.get("/v1/stats", Map.of(), Stats.class).value().indexedEdges();
    }
    double seconds = (System.nanoTime() - publishStart) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "| OpenLineage events | runs | edges | produce s | produce+fold s | ingest events/s |%n"
            + "|---|---|---|---|---|---|%n| %d | %d | %d | %.1f | %.1f | %.0f |%n",
        events.size(),
        events.size() / 2,
        expectedEdges,
        publishSeconds,
        seconds,
        events.size() / seconds);
    return 0;
  }

  private static String datasets(LineageGraph graph, int[] nodes) {
    StringBuilder b = new StringBuilder();
    for (int n : nodes) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append("{\"namespace\":\"bench\",\"name\":\"").append(graph.id(n)).append("\"}");
    }
    return b.toString();
  }

  private static byte[] event(String type, String run, String job, String inputs, String outputs) {
    return ("{\"eventType\":\""
            + type
            + "\",\"eventTime\":\"2024-05-01T10:00:00.000Z\",\"run\":{\"runId\":\""
            + run
            + "\"},\"job\":{\"namespace\":\"bench\",\"name\":\""
            + job
            + "\"},\"inputs\":["
            + inputs
            + "],\"outputs\":["
            + outputs
            + "],\"producer\":\""
            + PRODUCER
            + "\",\"schemaURL\":\""
            + SCHEMA_URL
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            512 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            256L * 1024 * 1024),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
