package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiServer;
import dev.lineage.impact.analysis.TriggerIds;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The impact service as its own JVM ({@link ImpactServiceApp#main}), killed with SIGKILL while it
 * handles a batch of deletion requests and started again: every request ends with exactly one
 * committed report, and every expected trigger is committed exactly once.
 */
class ImpactCrashIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final int REQUESTS = 50;

  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : children) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void aKilledServiceRestartsWithExactlyOneReportPerRequestAndEachTriggerOnce() throws Exception {
    String name = KafkaBroker.uniqueName("crash");
    Topics topics = Topics.withPrefix(name + ".");
    ItKit kit = new ItKit(KAFKA.bootstrapServers());
    kit.provision(topics);
    Path dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    KeyPair rootPair = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    KeyPair servicePair = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    Signer root = new Signer(rootPair);
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Path rootPub = dir.resolve("root.pub");
    KeyPairs.writePublicKey(rootPair.getPublic(), rootPub);
    Path rootKey = dir.resolve("root.pem");
    KeyPairs.writePrivateKey(rootPair.getPrivate(), rootKey);
    Path serviceKey = dir.resolve("service.pem");
    KeyPairs.writePrivateKey(servicePair.getPrivate(), serviceKey);
    SeedScenario seed =
        SeedScenario.create(
            dir.resolve("files"), dir.resolve("cas"), root, producer, Clock.systemUTC());
    for (SeedScenario.SeedRecord r : seed.records()) {
      if (r.target() == SeedScenario.Target.KEYS) {
        kit.send(r.target().topic(topics), r.key(), r.value());
      }
    }
    kit.send(topics.keys().name(), "gdpr", Fixtures.grantNow(root, gdpr, Role.GDPR_REQUESTER));

    ApiServer api = ApiServer.bind("127.0.0.1", 0);
    running.add(api);
    LineageStreamsApp lineage =
        kit.lineageStreams(name, rootPub, topics, dir.resolve("lineage-state"), api);
    api.start();
    lineage.start();
    running.add(lineage);
    lineage.awaitRunning(ItKit.WAIT);
    for (SeedScenario.SeedRecord r : seed.records()) {
      if (r.target() != SeedScenario.Target.KEYS) {
        kit.send(r.target().topic(topics), r.key(), r.value());
      }
    }
    await()
        .atMost(ItKit.WAIT)
        .ignoreExceptions()
        .until(
            () ->
                ItKit.get(api.baseUrl() + "/v1/nodes/" + seed.model())
                    .path("kind")
                    .asText()
                    .equals("MODEL"));

    int httpPort = freePort();
    Properties settings = new Properties();
    settings.setProperty("bootstrap.servers", KAFKA.bootstrapServers());
    settings.setProperty("lineage.topic.prefix", topics.prefix());
    settings.setProperty("lineage.trust.roots", rootPub.toString());
    settings.setProperty("impact.application.id", "impact-" + name);
    settings.setProperty("impact.state.dir", dir.resolve("impact-state").toString());
    settings.setProperty("impact.application.server", "127.0.0.1:" + httpPort);
    settings.setProperty("impact.lineage.url", api.baseUrl());
    settings.setProperty("impact.service.key", serviceKey.toString());
    settings.setProperty("impact.admin.key", rootKey.toString());
    settings.setProperty("impact.cas", dir.resolve("cas").toString());
    // the service serves HTTP on every interface, which it refuses to do without a cluster secret
    Path secret = dir.resolve("cluster.secret");
    byte[] secretBytes = new byte[32];
    new SecureRandom().nextBytes(secretBytes);
    Files.write(secret, secretBytes);
    settings.setProperty("lineage.cluster.secret.file", secret.toString());
    settings.setProperty("streams.commit.interval.ms", "100");
    settings.setProperty("streams.num.stream.threads", "1");
    // a killed member leaves the group after this, not after the 45 s default
    settings.setProperty("streams.session.timeout.ms", "10000");
    Path file = dir.resolve("impact.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      settings.store(out, "impact-service crash test");
    }

    Process first = startService(file, dir.resolve("first"));
    awaitHealthy(first, httpPort);
    KafkaProducer<byte[], byte[]> out = kit.producer();
    AtomicInteger sent = new AtomicInteger();
    ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    // one request every 100 ms, spread over ~5 s, so the kill lands in the middle of the batch
    publisher.scheduleAtFixedRate(
        () -> {
          int i = sent.get();
          if (i < REQUESTS) {
            String id = "crash-" + i;
            out.send(
                new ProducerRecord<>(
                    topics.deletionRequests().name(),
                    id.getBytes(StandardCharsets.UTF_8),
                    ItKit.deletion(id, SeedScenario.SOURCE, 1, gdpr)));
            out.flush();
            sent.incrementAndGet();
          }
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    int reportsAtKill;
    try (KafkaConsumer<byte[], byte[]> reportsSoFar = kit.tail(topics.impactReports().name())) {
      List<Object> seen = new ArrayList<>();
      reportsAtKill =
          await()
              .atMost(ItKit.WAIT)
              .pollInterval(Duration.ofMillis(10))
              .until(
                  () -> {
                    reportsSoFar.poll(Duration.ofMillis(50)).forEach(seen::add);
                    return seen.size();
                  },
                  n -> n >= 1);
    }
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try {
      await().atMost(ItKit.WAIT).until(() -> sent.get() == REQUESTS);
    } finally {
      publisher.shutdownNow();
      out.close();
    }
    assertThat(reportsAtKill).isLessThan(REQUESTS);

    Process second = startService(file, dir.resolve("second"));
    awaitHealthy(second, httpPort);
    List<ImpactReport> reports =
        kit.awaitEvents(
            topics.impactReports().name(),
            EventType.IMPACT_REPORT,
            all -> all.stream().map(ImpactReport::getRequestId).distinct().count() == REQUESTS);
    List<RetrainingTriggered> triggers =
        kit.events(topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED);

    Map<String, Long> reportsPerRequest =
        reports.stream()
            .collect(Collectors.groupingBy(ImpactReport::getRequestId, Collectors.counting()));
    Map<String, Long> perTrigger =
        triggers.stream()
            .collect(
                Collectors.groupingBy(RetrainingTriggered::getTriggerId, Collectors.counting()));
    assertThat(reportsPerRequest)
        .hasSize(REQUESTS)
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
    Map<String, Long> expected =
        IntStream.range(0, REQUESTS)
            .mapToObj(i -> TriggerIds.of("crash-" + i, seed.model()))
            .collect(Collectors.toMap(Function.identity(), id -> 1L));
    assertThat(perTrigger).isEqualTo(expected);
    assertThat(
            ItKit.get("http://127.0.0.1:" + httpPort + "/v1/requests/crash-0")
                .path("status")
                .asText())
        .isEqualTo("COMPLETE");
  }

  private Process startService(Path settings, Path logs) throws IOException {
    Files.createDirectories(logs);
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ImpactServiceApp.class.getName(),
                settings.toString())
            .redirectOutput(logs.resolve("stdout.txt").toFile())
            .redirectError(logs.resolve("stderr.txt").toFile())
            .start();
    children.add(p);
    return p;
  }

  private static void awaitHealthy(Process p, int port) {
    await()
        .atMost(ItKit.WAIT)
        .pollInterval(Duration.ofMillis(200))
        .failFast("the impact service exited", () -> !p.isAlive())
        .ignoreExceptions()
        .until(
            () ->
                ItKit.get("http://127.0.0.1:" + port + "/v1/health").path("httpStatus").asInt()
                    == 200);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
