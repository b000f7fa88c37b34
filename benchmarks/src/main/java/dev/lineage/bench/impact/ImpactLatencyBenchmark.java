package dev.lineage.bench.impact;

import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.publish.LineageClient;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * Deletion request produced → retraining trigger committed, on a running local stack: the seed
 * scenario is published once, then {@code --requests} signed deletion requests on its source go out
 * at a steady {@code --rate} (open loop: a slow answer does not slow the sender), and a {@code
 * read_committed} consumer of the triggers topic times each request's trigger from the moment the
 * request was handed to the producer. Same machine, same clock.
 */
@Command(
    name = "impact-latency-benchmark",
    mixinStandardHelpOptions = true,
    description = "Deletion request → committed trigger latency on a running Lineage.")
public final class ImpactLatencyBenchmark implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", required = true)
  String bootstrapServers;

  @Option(names = "--http", required = true, description = "Base URL of the Lineage HTTP API.")
  URI http;

  @Option(names = "--root-key", required = true, description = "Private key of a trust root.")
  Path rootKey;

  @Option(names = "--requests", defaultValue = "1000")
  int requests;

  @Option(
      names = "--warmup",
      defaultValue = "200",
      description = "Requests sent and not counted (the JIT warms the path in the first seconds).")
  int warmup;

  @Option(names = "--rate", defaultValue = "20", description = "Requests per second.")
  double rate;

  @Option(names = "--topic-prefix", defaultValue = "lineage.")
  String topicPrefix;

  @Option(names = "--work-dir", required = true, description = "Where the seed files go.")
  Path workDir;

  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new ImpactLatencyBenchmark()).execute(args));
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[impact-bench] " + format + "%n", args);
  }

  @Override
  public Integer call() throws Exception {
    Topics topics = Topics.withPrefix(topicPrefix);
    Signer root = Signer.fromPrivateKeyFile(rootKey);
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Files.createDirectories(workDir);
    // signed now: trust checks hold signing times to the broker's append time
    SeedScenario seed =
        SeedScenario.create(workDir.resolve("seed"), root, producer, Clock.systemUTC());
    Instant t0 = seed.signedAt();

    try (KafkaProducer<byte[], byte[]> out = producer();
        KafkaConsumer<byte[], byte[]> triggers = consumer()) {
      List<TopicPartition> parts =
          triggers.partitionsFor(topics.retrainingTriggers().name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      triggers.assign(parts);
      triggers.seekToEnd(parts);
      parts.forEach(triggers::position);

      KeyGranted gdprGrantEvent =
          Envelopes.grant(gdpr.publicKey(), List.of(Role.GDPR_REQUESTER), t0, null, t0);
      byte[] gdprGrant = AvroEnvelopes.sign(EventType.KEY_GRANTED, gdprGrantEvent, root);
      out.send(
              record(
                  topics.keys().name(),
                  LineageClient.keysRecordKey(gdprGrantEvent, AvroEnvelopes.digest(gdprGrant)),
                  gdprGrant))
          .get();
      SeedScenario.SeedRecord grant = seed.records().get(0);
      out.send(record(grant.target().topic(topics), grant.key(), grant.value())).get();
      awaitOk("/v1/keys/" + gdpr.keyId());
      awaitOk("/v1/keys/" + producer.keyId());
      for (SeedScenario.SeedRecord r : seed.records().subList(1, seed.records().size())) {
        out.send(record(r.target().topic(topics), r.key(), r.value())).get();
      }
      awaitOk("/v1/paths?from=" + SeedScenario.SOURCE + "&to=" + seed.model());
      out.partitionsFor(topics.deletionRequests().name());
      warmDriver(gdpr);
      progress("seed scenario folded; sending %d + %d requests at %.0f/s", warmup, requests, rate);

      int total = warmup + requests;
      String run = Long.toString(System.currentTimeMillis(), 36);
      Thread sender =
          new Thread(
              () -> {
                long interval = (long) (1e9 / rate);
                long next = System.nanoTime();
                for (int i = 0; i < total; i++) {
                  while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                  }
                  String id = "bench-" + run + "-" + i;
                  byte[] value = request(id, gdpr);
                  sentAt.put(id, System.nanoTime());
                  out.send(record(topics.deletionRequests().name(), id, value));
                  next += interval;
                }
                out.flush();
              },
              "impact-bench-sender");
      sender.start();

      List<Long> latencies = new ArrayList<>();
      long[] byIndex = new long[total];
      int seen = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) (total / rate) + 120);
      while (seen < total && System.nanoTime() < deadline) {
        var batch = triggers.poll(Duration.ofMillis(50));
        // the time the records reached this process: decoding them below is the driver's own cost
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          Envelope env = EnvelopeCodec.standard().decode(r.value());
          RetrainingTriggered t = EventType.RETRAINING_TRIGGERED.decode(env);
          Long sent = sentAt.remove(t.getRequestId());
          if (sent == null) {
            continue;
          }
          seen++;
          int index =
              Integer.parseInt(t.getRequestId().substring(t.getRequestId().lastIndexOf('-') + 1));
          byIndex[index] = now - sent;
          if (index >= warmup) {
            latencies.add(now - sent);
          }
        }
      }
      sender.join();
      if (seen < total) {
        progress("only %d of %d triggers arrived in time", seen, total);
      }
      report(latencies);
      timeline(byIndex);
      return seen == total ? 0 : 1;
    }
  }

  private static void report(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      System.out.println("no triggers measured");
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "| requests | p50 | p90 | p99 | max | mean |%n|---|---|---|---|---|---|%n"
            + "| %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n",
        sorted.length,
        pct(sorted, 0.50),
        pct(sorted, 0.90),
        pct(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6,
        Arrays.stream(sorted).average().orElse(0) / 1e6);
  }

  /**
   * Per second of sending (by the request's index at the steady rate), the slowest and the median
   * latency: where a cold start's tail sits. On stderr, beside the progress lines.
   */
  private void timeline(long[] byIndex) {
    int perSecond = Math.max(1, (int) Math.round(rate));
    StringBuilder line = new StringBuilder("[impact-bench] per second sent (median/max ms):");
    for (int from = 0; from < byIndex.length; from += perSecond) {
      long[] second =
          Arrays.stream(byIndex, from, Math.min(byIndex.length, from + perSecond))
              .filter(n -> n > 0)
              .sorted()
              .toArray();
      if (second.length == 0) {
        line.append(" -");
        continue;
      }
      line.append(
          String.format(
              Locale.ROOT,
              " %d:%.0f/%.0f",
              from / perSecond,
              pct(second, 0.5),
              second[second.length - 1] / 1e6));
    }
    System.err.println(line);
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  /**
   * Runs the driver's own per-request code (signing a request, decoding a trigger) until the JIT
   * has compiled it, untimed, before anything is sent: a cold driver would otherwise add its own
   * interpretation to the first requests' latencies (issue 19 found the same in the closure
   * benchmark's client) and bunch up the first sends. Prints the first and the last decode.
   */
  private static void warmDriver(Signer gdpr) {
    Signer throwaway = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    byte[] trigger =
        AvroEnvelopes.sign(
            EventType.RETRAINING_TRIGGERED,
            RetrainingTriggered.newBuilder()
                .setTriggerId("sha256:" + "7a".repeat(32))
                .setRequestId("bench-warmup-0")
                .setCause(ImpactCause.DELETION)
                .setModelId("sha256:" + "6b".repeat(32))
                .setModelName("model_warmup")
                .setTrainingRunId("run:warmup")
                .setPaths(
                    List.of(
                        List.of(
                            new PathNode(SeedScenario.SOURCE, null),
                            new PathNode("sha256:" + "6b".repeat(32), "model_warmup"))))
                .setAction(RetrainingAction.RETRAIN)
                .setDecisionRule("warm-up")
                .setAffectedFraction(null)
                .setRecordSet(
                    new RecordSet(
                        "sha256:" + "5e".repeat(32), 1L, "cas:sha256:" + "5e".repeat(32), true))
                .setDeadline(Instant.now())
                .setSignedAt(Instant.now())
                .build(),
            throwaway);
    long first = 0;
    long last = 0;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    int rounds = 0;
    for (; rounds < 5_000 && System.nanoTime() < until; rounds++) {
      long t = System.nanoTime();
      Envelope env = EnvelopeCodec.standard().decode(trigger);
      if (!EventType.RETRAINING_TRIGGERED.decode(env).getRequestId().startsWith("bench-")) {
        throw new IllegalStateException("the warm-up trigger did not decode");
      }
      last = System.nanoTime() - t;
      first = rounds == 0 ? last : first;
      if (rounds % 10 == 0) {
        request("bench-warmup-" + rounds, gdpr);
      }
    }
    progress(
        "driver warmed (%d rounds): a trigger decoded in %.2f ms first, %.3f ms last",
        rounds, first / 1e6, last / 1e6);
  }

  private static byte[] request(String id, Signer gdpr) {
    DeletionRequested event =
        DeletionRequested.newBuilder()
            .setRequestId(id)
            .setSubject(SeedScenario.SOURCE)
            .setRecordSet(
                new RecordSet(
                    "sha256:" + "5e".repeat(32), 1L, "cas:sha256:" + "5e".repeat(32), true))
            .setSignedAt(Instant.now())
            .build();
    return AvroEnvelopes.sign(EventType.DELETION_REQUESTED, event, gdpr);
  }

  private void awaitOk(String path) throws Exception {
    HttpRequest get = HttpRequest.newBuilder(URI.create(http + path)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && !r.body().contains("\"paths\":[]")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no 200 from " + path + " within 120 s");
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            0),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            // as an orchestrator waiting for triggers would: a read_committed fetch otherwise waits
            // up to 500 ms after a transaction commits
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
            20),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }
}
