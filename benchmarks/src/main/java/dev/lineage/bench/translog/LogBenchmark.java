package dev.lineage.bench.translog;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.bench.closure.Latency;
import dev.lineage.bench.closure.SocketHttp;
import dev.lineage.bench.graph.GraphCsv;
import dev.lineage.bench.graph.LineageGraph;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import dev.lineage.translog.LogLeaf;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The transparency log's own figures (issue 16), driven by {@code scripts/bench-log.sh}: which
 * artifact of a generated graph has an upstream of about N nodes (for an evidence bundle of that
 * size), and the latency of {@code GET /v1/log/proof} over many envelopes of a running log.
 */
@Command(
    name = "log-benchmark",
    mixinStandardHelpOptions = true,
    subcommands = {LogBenchmark.Model.class, LogBenchmark.Proofs.class})
public final class LogBenchmark {
  public static void main(String[] args) {
    System.exit(new CommandLine(new LogBenchmark()).execute(args));
  }

  /** The nodes upstream of {@code start} (itself included), at most about {@code limit}. */
  static BitSet closure(LineageGraph graph, int start, int limit) {
    BitSet seen = new BitSet(graph.size());
    Deque<Integer> todo = new ArrayDeque<>(List.of(start));
    seen.set(start);
    int count = 0;
    while (!todo.isEmpty() && count < limit) {
      int n = todo.pop();
      count++;
      for (int p : graph.predecessors(n)) {
        if (!seen.get(p)) {
          seen.set(p);
          todo.push(p);
        }
      }
    }
    return seen;
  }

  /**
   * Makes a model whose upstream holds about {@code --target} nodes of a generated graph already
   * ingested: the generator's own closures upstream are small (at most about 150 nodes at 100,000),
   * so the model is the output of one training run that reads artifacts of the graph, the ones with
   * the largest upstream of a seeded sample first, until the union of their upstreams reaches the
   * target. Under a fresh P-256 producer key granted with the root key it publishes the
   * registrations of the sources in that union (the ingest leaves sources unregistered, as live
   * sources are; a bundle's chain needs them), the run and the model's registration. Prints {@code
   * <model> <upstream nodes> <inputs> <leaves added to the log>}.
   */
  @Command(name = "model", mixinStandardHelpOptions = true)
  static final class Model implements Callable<Integer> {
    @Option(names = "--target", defaultValue = "10000")
    int target;

    @Option(names = "--sample", defaultValue = "20000")
    int sample;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--bootstrap-servers", required = true)
    String bootstrapServers;

    @Option(names = "--http", required = true)
    URI http;

    @Option(names = "--root-key", required = true)
    Path rootKey;

    @Option(names = "--nodes-csv", required = true)
    Path nodesCsv;

    @Option(names = "--edges-csv", required = true)
    Path edgesCsv;

    @Option(names = "--topic-prefix", defaultValue = "lineage.")
    String topicPrefix;

    @Override
    public Integer call() throws Exception {
      LineageGraph graph = GraphCsv.read(nodesCsv, edgesCsv);
      List<Integer> artifacts = new ArrayList<>();
      for (int n = 0; n < graph.size(); n++) {
        if (!"RUN".equals(graph.kind(n)) && graph.id(n).startsWith("sha256:")) {
          artifacts.add(n);
        }
      }
      Collections.shuffle(artifacts, new Random(seed));
      List<int[]> sized = new ArrayList<>();
      for (int n : artifacts.subList(0, Math.min(sample, artifacts.size()))) {
        sized.add(new int[] {n, closure(graph, n, Integer.MAX_VALUE).cardinality()});
      }
      sized.sort((x, y) -> Integer.compare(y[1], x[1]));
      BitSet upstream = new BitSet(graph.size());
      List<String> inputs = new ArrayList<>();
      for (int[] candidate : sized) {
        if (upstream.cardinality() + 2 >= target) {
          break;
        }
        BitSet more = closure(graph, candidate[0], Integer.MAX_VALUE);
        more.andNot(upstream);
        if (more.isEmpty()) {
          continue;
        }
        upstream.or(more);
        inputs.add(graph.id(candidate[0]));
      }
      String model =
          "sha256:"
              + HexFormat.of()
                  .formatHex(
                      MessageDigest.getInstance("SHA-256")
                          .digest(
                              ("bench-log model " + target + " " + seed)
                                  .getBytes(StandardCharsets.UTF_8)));
      Topics topics = Topics.withPrefix(topicPrefix);
      Signer root = Signer.fromPrivateKeyFile(rootKey);
      Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
      Instant now = Instant.now();
      int sources = 0;
      try (KafkaProducer<byte[], byte[]> out =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                  true),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        byte[] grant =
            AvroEnvelopes.sign(
                EventType.KEY_GRANTED,
                Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), now, null, now),
                root);
        out.send(record(topics.keys().name(), producer.keyId() + "/grant", grant)).get();
        awaitKey(producer.keyId());
        for (int n = upstream.nextSetBit(0); n >= 0; n = upstream.nextSetBit(n + 1)) {
          if (!graph.id(n).startsWith("source:")) {
            continue;
          }
          ArtifactRegistered source =
              ArtifactRegistered.newBuilder()
                  .setNodeId(graph.id(n))
                  .setKind(ArtifactKind.SOURCE)
                  .setName(graph.name(n) == null ? "source" : graph.name(n))
                  .setAttributes(Map.of())
                  .setSignedAt(Instant.now())
                  .build();
          out.send(
              record(
                  topics.artifacts().name(),
                  graph.id(n),
                  AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, source, producer)));
          sources++;
        }
        Instant signed = Instant.now();
        RunCompleted run =
            RunCompleted.newBuilder()
                .setRunId("run:bench-log-training")
                .setProcessName("bench-log-training")
                .setProcessVersion("1")
                .setInputs(inputs)
                .setOutputs(List.of(model))
                .setStartedAt(signed.minusSeconds(60))
                .setEndedAt(signed)
                .setEnvironment(Map.of())
                .setAttributes(Map.of())
                .setSignedAt(signed)
                .build();
        out.send(
            record(
                topics.runs().name(),
                run.getRunId(),
                AvroEnvelopes.sign(EventType.RUN_COMPLETED, run, producer)));
        ArtifactRegistered registered =
            ArtifactRegistered.newBuilder()
                .setNodeId(model)
                .setKind(ArtifactKind.MODEL)
                .setName("bench_log_model")
                .setAttributes(Map.of())
                .setSignedAt(signed)
                .build();
        out.send(
            record(
                topics.artifacts().name(),
                model,
                AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, registered, producer)));
        out.flush();
      }
      System.out.println(
          model + " " + (upstream.cardinality() + 2) + " " + inputs.size() + " " + (sources + 3));
      return 0;
    }

    private void awaitKey(String keyId) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      try (SocketHttp client = new SocketHttp(http, 10_000)) {
        while (client.get("/v1/keys/" + keyId).status() != 200) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the grant of " + keyId + " was not applied in 60 s");
          }
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
      }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
      return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }
  }

  /**
   * Reads every leaf of the log topic (committed records), then asks {@code GET
   * /v1/log/proof?envelope=...} for a seeded random sample of their envelopes over one kept-alive
   * socket, after untimed warm-up calls; every answer must be 200 with a body naming its index.
   */
  @Command(name = "proofs", mixinStandardHelpOptions = true)
  static final class Proofs implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true)
    String bootstrapServers;

    @Option(names = "--http", required = true)
    URI http;

    @Option(names = "--topic-prefix", defaultValue = "lineage.")
    String topicPrefix;

    @Option(names = "--calls", defaultValue = "5000")
    int calls;

    @Option(names = "--warmup", defaultValue = "500")
    int warmup;

    @Option(names = "--seed", defaultValue = "11")
    long seed;

    @Override
    public Integer call() throws Exception {
      List<String> digests = digests();
      if (digests.isEmpty()) {
        throw new IllegalStateException("the log topic holds no leaf");
      }
      Random random = new Random(seed);
      long[] nanos = new long[calls];
      try (SocketHttp client = new SocketHttp(http, 30_000)) {
        for (int i = 0; i < warmup + calls; i++) {
          String digest = digests.get(random.nextInt(digests.size()));
          String path =
              "/v1/log/proof?envelope=" + URLEncoder.encode(digest, StandardCharsets.US_ASCII);
          long start = System.nanoTime();
          SocketHttp.Response r = client.get(path);
          long took = System.nanoTime() - start;
          if (r.status() != 200) {
            throw new IllegalStateException(
                "proof of "
                    + digest
                    + ": HTTP "
                    + r.status()
                    + " "
                    + new String(r.body(), StandardCharsets.UTF_8));
          }
          if (i >= warmup) {
            nanos[i - warmup] = took;
          }
        }
      }
      Latency l = Latency.ofNanos(nanos);
      System.out.printf(
          Locale.ROOT,
          "| leaves in the log | calls (after %d warm-up) | p50 ms | p90 ms | p99 ms | max ms |%n"
              + "|---|---|---|---|---|---|%n| %d | %d | %.2f | %.2f | %.2f | %.2f |%n",
          warmup,
          digests.size(),
          l.count(),
          l.medianMillis(),
          l.percentileMillis(90),
          l.p99Millis(),
          l.percentileMillis(100));
      return 0;
    }

    private List<String> digests() {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      List<String> out = new ArrayList<>();
      TopicPartition log = new TopicPartition(Topics.withPrefix(topicPrefix).log().name(), 0);
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.assign(List.of(log));
        consumer.seekToBeginning(List.of(log));
        long end = consumer.endOffsets(List.of(log)).get(log);
        while (consumer.position(log) < end) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
            try {
              out.add(LogLeaf.parse(r.value()).envelopeDigest());
            } catch (IllegalArgumentException e) {
              // not a leaf: the log rejects it too
            }
          }
        }
      }
      return out;
    }
  }

  private LogBenchmark() {}
}
