package dev.lineage.bench.chaos;

import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.publish.LineageClient;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The steady load of a chaos run ({@code scripts/chaos.sh}): the seed scenario once, then signed
 * artifact registrations and runs at {@code --rate} events/s and a signed deletion request on the
 * seed's source every {@code --request-every}, until {@code --seconds} have passed. Every record
 * the cluster acknowledged (acks=all, idempotent producer) is written to {@code accepted.txt} as
 * {@code <kind> <id>}: what {@link ChaosCheck} later looks for. Meanwhile one {@link Probe} per
 * lineage-streams instance, and one through the failover client over both, asks for the seed's
 * source every 200 ms and records the longest run of 503 answers and of failures ({@code
 * probes.properties}).
 */
@Command(
    name = "chaos-load",
    mixinStandardHelpOptions = true,
    description = "Steady signed load and query probes for a chaos run.")
public final class ChaosLoad implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", required = true)
  String bootstrapServers;

  @Option(
      names = "--streams-http",
      required = true,
      split = ",",
      description = "lineage-streams base URLs.")
  List<URI> streamsHttp;

  @Option(names = "--root-key", required = true, description = "Private key of a trust root.")
  Path rootKey;

  @Option(names = "--out", required = true, description = "Directory for accepted.txt etc.")
  Path out;

  @Option(names = "--seconds", defaultValue = "120", description = "The longest the load runs.")
  long seconds;

  @Option(names = "--stop-file", description = "The load ends as soon as this file exists.")
  Path stopFile;

  @Option(names = "--rate", defaultValue = "10", description = "Graph events per second.")
  double rate;

  @Option(names = "--request-every", defaultValue = "PT2S")
  Duration requestEvery;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--topic-prefix", defaultValue = "lineage.")
  String topicPrefix;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChaosLoad()).execute(args));
  }

  static void progress(String format, Object... args) {
    System.err.printf(
        Locale.ROOT, "[chaos-load %s] " + format + "%n", prepend(Instant.now(), args));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    Topics topics = Topics.withPrefix(topicPrefix);
    Signer root = Signer.fromPrivateKeyFile(rootKey);
    Signer producerKey = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    SeedScenario scenario =
        SeedScenario.create(out.resolve("seed"), root, producerKey, Clock.systemUTC());
    Instant t0 = scenario.signedAt();
    String run = "c" + Long.toString(seed, 36) + Long.toString(System.currentTimeMillis(), 36);
    Random random = new Random(seed);
    LineageApiClient streams =
        LineageApiClient.builder(streamsHttp)
            .maxAttempts(30)
            .requestTimeout(Duration.ofSeconds(10))
            .build();

    List<Probe> probes = new ArrayList<>();
    for (int n = 0; n < streamsHttp.size(); n++) {
      probes.add(
          Probe.direct("lineage-streams-" + (n + 1), streamsHttp.get(n), SeedScenario.SOURCE));
    }
    probes.add(Probe.failover(streamsHttp, SeedScenario.SOURCE));

    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    try (KafkaProducer<byte[], byte[]> producer = producer();
        BufferedWriter log =
            Files.newBufferedWriter(out.resolve("accepted.txt"), StandardCharsets.UTF_8)) {
      Recorder recorder = new Recorder(log, accepted, failed);
      KeyGranted gdprGrant =
          Envelopes.grant(gdpr.publicKey(), List.of(Role.GDPR_REQUESTER), t0, null, t0);
      byte[] gdprValue = AvroEnvelopes.sign(EventType.KEY_GRANTED, gdprGrant, root);
      producer
          .send(
              record(
                  topics.keys().name(),
                  LineageClient.keysRecordKey(gdprGrant, AvroEnvelopes.digest(gdprValue)),
                  gdprValue))
          .get();
      for (SeedScenario.SeedRecord r : scenario.records()) {
        producer.send(record(r.target().topic(topics), r.key(), r.value())).get();
        if (r.target() == SeedScenario.Target.KEYS) {
          await(streams, "/v1/keys/" + producerKey.keyId());
          await(streams, "/v1/keys/" + gdpr.keyId());
        }
      }
      // requests start right after the seed is appended, not once it is folded: each request is
      // appended after the lineage it must find, and impact-service's read-after-write barrier
      // (lineage-streams' GET /v1/folded) makes it wait for the fold (a missing trigger is a fault)
      progress(
          "seed appended (model %s); load for %d s at %.1f events/s",
          scenario.model(), seconds, rate);
      probes.forEach(Probe::start);

      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long interval = (long) (1e9 / rate);
      long next = System.nanoTime();
      long nextRequest = next;
      long i = 0;
      long requests = 0;
      while (System.nanoTime() < end && (stopFile == null || !Files.exists(stopFile))) {
        long now = System.nanoTime();
        if (now < next) {
          TimeUnit.NANOSECONDS.sleep(Math.min(next - now, 50_000_000));
          continue;
        }
        next += interval;
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (i % 2 == 0) {
          String id = digestOf(run + "/" + i + "/" + random.nextLong());
          ArtifactRegistered event =
              ArtifactRegistered.newBuilder()
                  .setNodeId(id)
                  .setKind(ArtifactKind.DATASET)
                  .setName("chaos_" + run + "_" + i)
                  .setVersion(Long.toString(i))
                  .setSizeBytes(1000L + i)
                  .setRecordCount(10L)
                  .setAttributes(Map.of("scenario", "chaos"))
                  .setSignedAt(signedAt)
                  .build();
          byte[] value = AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, event, producerKey);
          producer.send(record(topics.artifacts().name(), id, value), recorder.on("artifact", id));
        } else {
          String id = "run:chaos_" + run + "_" + i;
          RunCompleted event =
              RunCompleted.newBuilder()
                  .setRunId(id)
                  .setProcessName("chaos_process")
                  .setProcessVersion("1")
                  .setConfigDigest(digestOf("config"))
                  .setInputs(List.of(digestOf(run + "/in/" + i)))
                  .setOutputs(List.of(digestOf(run + "/out/" + i)))
                  .setStartedAt(signedAt.minus(Duration.ofMinutes(2)))
                  .setEndedAt(signedAt.minus(Duration.ofMinutes(1)))
                  .setEnvironment(Map.of("cpu.arch", "x86_64"))
                  .setAttributes(Map.of("scenario", "chaos"))
                  .setSignedAt(signedAt)
                  .build();
          byte[] value = AvroEnvelopes.sign(EventType.RUN_COMPLETED, event, producerKey);
          producer.send(record(topics.runs().name(), id, value), recorder.on("run", id));
        }
        i++;
        if (now >= nextRequest) {
          nextRequest += requestEvery.toNanos();
          String id = "chaos-" + run + "-" + requests++;
          DeletionRequested event =
              DeletionRequested.newBuilder()
                  .setRequestId(id)
                  .setSubject(SeedScenario.SOURCE)
                  .setRecordSet(
                      new RecordSet(digestOf("records/" + id), 1L, "cas:" + digestOf(id), true))
                  .setSignedAt(signedAt)
                  .build();
          byte[] value = AvroEnvelopes.sign(EventType.DELETION_REQUESTED, event, gdpr);
          producer.send(
              record(topics.deletionRequests().name(), id, value), recorder.on("request", id));
        }
      }
      producer.flush();
      progress(
          "sent %d events and %d requests: %d acknowledged, %d failed",
          i, requests, accepted.get(), failed.get());
    } finally {
      probes.forEach(Probe::stop);
    }
    Properties summary = new Properties();
    summary.setProperty("accepted", Long.toString(accepted.get()));
    summary.setProperty("failed", Long.toString(failed.get()));
    summary.setProperty("model", scenario.model());
    for (Probe p : probes) {
      p.writeTo(summary);
    }
    try (var w = Files.newBufferedWriter(out.resolve("probes.properties"))) {
      summary.store(w, "chaos-load");
    }
    return 0;
  }

  /** Writes each acknowledged record as one line; counts the failed ones. */
  private record Recorder(BufferedWriter log, AtomicLong accepted, AtomicLong failed) {
    org.apache.kafka.clients.producer.Callback on(String kind, String id) {
      return (metadata, e) -> {
        if (e != null) {
          failed.incrementAndGet();
          progress("not acknowledged: %s %s (%s)", kind, id, e.toString());
          return;
        }
        accepted.incrementAndGet();
        synchronized (log) {
          try {
            log.write(kind + " " + id + "\n");
          } catch (IOException io) {
            throw new IllegalStateException(io);
          }
        }
      };
    }
  }

  private static void await(LineageApiClient client, String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      try {
        client.get(path, Map.of(), Object.class);
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no answer to " + path + " within 180 s", e);
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  static String digestOf(String text) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
            5,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            180_000,
            ProducerConfig.CLIENT_ID_CONFIG,
            "chaos-load"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }
}
