package dev.lineage.bench.ingest;

import dev.lineage.api.Stats;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.bench.graph.GraphCsv;
import dev.lineage.bench.graph.LineageGraph;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.signing.Verifier;
import dev.lineage.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end ingest of signed events into a running Lineage (EOS on), set against the raw
 * verification ceiling measured in the same run: every node of a lineage graph becomes a signed
 * event (a run its {@code RunCompleted} with its inputs and outputs, an artifact its {@code
 * ArtifactRegistered}), all are produced first, then the clock runs from the first to the last
 * folded edge as {@code GET /v1/stats} reports it.
 */
@Command(
    name = "ingest-benchmark",
    mixinStandardHelpOptions = true,
    description = "Signed-event ingest rate of a running Lineage against the raw verify ceiling.")
public final class IngestBenchmark implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", required = true)
  String bootstrapServers;

  @Option(names = "--http", required = true, description = "Base URL of the Lineage HTTP API.")
  URI http;

  @Option(names = "--root-key", required = true, description = "Private key of a trust root.")
  Path rootKey;

  @Option(names = "--edges-csv", required = true)
  Path edgesCsv;

  @Option(names = "--nodes-csv", required = true)
  Path nodesCsv;

  @Option(names = "--topic-prefix", defaultValue = "lineage.")
  String topicPrefix;

  @Option(names = "--ceiling-sample", defaultValue = "50000")
  int ceilingSample;

  @Option(names = "--timeout-minutes", defaultValue = "30")
  long timeoutMinutes;

  private LineageApiClient api;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBenchmark()).execute(args));
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[ingest-bench] " + format + "%n", args);
  }

  @Override
  public Integer call() throws Exception {
    Topics topics = Topics.withPrefix(topicPrefix);
    LineageGraph graph = GraphCsv.read(nodesCsv, edgesCsv);
    Signer root = Signer.fromPrivateKeyFile(rootKey);
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    // signed with the real clock: the broker's append time decides, and each signedAt must lie
    // within the apps' clock skew (5 minutes) of it, so events are signed just before they are sent
    Instant t0 = Instant.now();

    try (KafkaProducer<byte[], byte[]> out = producer()) {
      byte[] grant =
          AvroEnvelopes.sign(
              EventType.KEY_GRANTED,
              Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), t0, null, t0),
              root);
      out.send(record(topics.keys().name(), producer.keyId() + "/grant", grant)).get();
      awaitKey(producer.keyId());
      progress("producer key granted and applied: %s", producer.keyId());

      long started = System.nanoTime();
      List<Event> events = signAll(graph, producer);
      double signSeconds = (System.nanoTime() - started) / 1e9;
      progress("signed %d events in %.1f s (P-256, all cores)", events.size(), signSeconds);

      double ceiling = verifyCeiling(events, producer);
      progress("raw verify ceiling: %.0f events/s on one thread", ceiling);

      long expectedEdges = graph.edgeCount();
      long before = indexedEdges();
      long publishStart = System.nanoTime();
      for (Event e : events) {
        out.send(record(e.topic(), e.key(), e.value()));
      }
      out.flush();
      double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
      progress("produced %d events in %.1f s", events.size(), publishSeconds);

      long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
      long edges = indexedEdges();
      while (edges - before < expectedEdges) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + (edges - before) + " of " + expectedEdges + " edges folded in time");
        }
        waitABit();
        edges = indexedEdges();
      }
      double ingestSeconds = (System.nanoTime() - publishStart) / 1e9;
      double rate = events.size() / ingestSeconds;
      System.out.printf(
          Locale.ROOT,
          "| events | edges | produce s | produce+fold s | ingest events/s | verify ceiling events/s (1 thread)"
              + " | ratio |%n|---|---|---|---|---|---|---|%n| %d | %d | %.1f | %.1f | %.0f | %.0f | %.2f |%n",
          events.size(),
          expectedEdges,
          publishSeconds,
          ingestSeconds,
          rate,
          ceiling,
          rate / ceiling);
    }
    return 0;
  }

  record Event(String topic, String key, byte[] value) {}

  private List<Event> signAll(LineageGraph graph, Signer producer) {
    Topics topics = Topics.withPrefix(topicPrefix);
    return IntStream.range(0, graph.size())
        .parallel()
        .mapToObj(
            node -> {
              String id = graph.id(node);
              String kind = graph.kind(node);
              Instant signed = Instant.now();
              if ("RUN".equals(kind)) {
                List<String> inputs = ids(graph, graph.predecessors(node));
                List<String> outputs = ids(graph, graph.successors(node));
                if (inputs.isEmpty() || outputs.isEmpty()) {
                  return null;
                }
                RunCompleted run =
                    RunCompleted.newBuilder()
                        .setRunId(id)
                        .setProcessName(orElse(graph.name(node), "process"))
                        .setProcessVersion(orElse(graph.version(node), "1"))
                        .setInputs(inputs)
                        .setOutputs(outputs)
                        .setStartedAt(signed.minusSeconds(60))
                        .setEndedAt(signed)
                        .setEnvironment(Map.of())
                        .setAttributes(Map.of())
                        .setSignedAt(signed)
                        .build();
                return new Event(
                    topics.runs().name(),
                    id,
                    AvroEnvelopes.sign(EventType.RUN_COMPLETED, run, producer));
              }
              if (id.startsWith("source:")) {
                return null; // a live source is never registered: it is known from the runs that
                // read it
              }
              ArtifactRegistered artifact =
                  ArtifactRegistered.newBuilder()
                      .setNodeId(id)
                      .setKind(artifactKind(kind))
                      .setName(orElse(graph.name(node), "artifact"))
                      .setAttributes(Map.of())
                      .setSignedAt(signed)
                      .build();
              return new Event(
                  topics.artifacts().name(),
                  id,
                  AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, artifact, producer));
            })
        .filter(e -> e != null)
        .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
  }

  /** What one stream thread could verify at most: decode the envelope, check the DSSE signature. */
  private double verifyCeiling(List<Event> events, Signer producer) {
    Verifier verifier = new Verifier(List.of(producer.publicKey()));
    EnvelopeCodec codec = EnvelopeCodec.standard();
    int n = Math.min(ceilingSample, events.size());
    for (int i = 0; i < Math.min(5_000, n); i++) {
      check(verifier, codec, events.get(i)); // warm-up
    }
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      check(verifier, codec, events.get(i));
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static void check(Verifier verifier, EnvelopeCodec codec, Event e) {
    DsseEnvelope dsse = AvroEnvelopes.fromAvro(codec.decode(e.value()));
    if (!verifier.verify(dsse).verified()) {
      throw new IllegalStateException("an event of the benchmark does not verify");
    }
  }

  private long indexedEdges() throws Exception {
    if (api == null) {
      api = LineageApiClient.builder(http).maxAttempts(1).build();
    }
    return api.get("/v1/stats", Map.of(), Stats.class).value().indexedEdges();
  }

  private void awaitKey(String keyId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (status("/v1/keys/" + keyId) != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the grant of " + keyId + " was not applied within 60 s");
      }
      waitABit();
    }
  }

  private int status(String path) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(http.resolve(path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /**
   * A benchmark polls a server it does not control; a short park between polls keeps it off the
   * CPU.
   */
  private static void waitABit() {
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
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

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static List<String> ids(LineageGraph graph, int[] nodes) {
    List<String> ids = new ArrayList<>(nodes.length);
    for (int n : nodes) {
      ids.add(graph.id(n));
    }
    return ids;
  }

  private static ArtifactKind artifactKind(String kind) {
    try {
      return ArtifactKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      return ArtifactKind.OTHER;
    }
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
