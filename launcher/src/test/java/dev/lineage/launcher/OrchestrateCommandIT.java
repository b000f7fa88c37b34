package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.KeyEvents;
import dev.lineage.api.Obligations;
import dev.lineage.api.Paths;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.orchestrate.DemoRetraining;
import dev.lineage.orchestrate.Orchestrator;
import dev.lineage.publish.Events;
import dev.lineage.publish.LineageClient;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.vault.RecordListVault;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lineage orchestrate} against a running {@code lineage up} (a separate JVM, real broker,
 * both apps): an orchestrator that stopped after publishing the retraining (runs, artifacts,
 * manifest) but before the completion is started again — the new process finds the training run in
 * the graph and sends only the completion, so no run or artifact is published twice; the request is
 * then FULFILLED, and a third run publishes nothing at all.
 */
class OrchestrateCommandIT {
  @TempDir Path work;

  @Test
  void aRestartAfterTheRetrainingWasPublishedSendsOnlyTheCompletion() throws Exception {
    Path dataDir = work.resolve("data");
    try (LineageProcess up =
        LineageProcess.start(
            work,
            "up",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            "0",
            "--http-port",
            "0")) {
      Matcher ready = DemoIT.READY.matcher(up.awaitReady(Duration.ofSeconds(180)));
      assertThat(ready.matches()).isTrue();
      String bootstrap = ready.group(1);
      String http = ready.group(2);
      Topics topics = Topics.withPrefix(Topics.DEFAULT_PREFIX);
      LineageApiClient api = LineageApiClient.builder(URI.create(http)).build();

      Signer root = Signer.fromPrivateKeyFile(dataDir.resolve("keys").resolve("root.key"));
      KeyPair producerPair = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
      Signer producer = new Signer(producerPair);
      Path producerKey = work.resolve("producer.key");
      KeyPairs.writePrivateKey(producerPair.getPrivate(), producerKey);
      Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
      SeedScenario seed =
          SeedScenario.create(
              work.resolve("files"), dataDir.resolve("cas"), root, producer, Clock.systemUTC());
      String request = "gdpr-orchestrate-it";
      String trainRun;
      try (LineageClient asRoot = client(bootstrap, topics, root);
          LineageClient asProducer = client(bootstrap, topics, producer);
          LineageClient asGdpr = client(bootstrap, topics, gdpr)) {
        seed.records().get(0).publish(asRoot).get();
        asRoot
            .grantKey(Events.keyGrant(gdpr.publicKey(), List.of(Role.GDPR_REQUESTER)).build())
            .get();
        for (Signer key : List.of(producer, gdpr)) {
          Awaitility.await()
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptions()
              .until(() -> api.get("/v1/keys/" + key.keyId(), Map.of(), KeyEvents.class) != null);
        }
        for (SeedScenario.SeedRecord r : seed.records().subList(1, seed.records().size())) {
          r.publish(asProducer).get();
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(
                () ->
                    api.get(
                            "/v1/paths",
                            Map.of("from", SeedScenario.SOURCE, "to", seed.model()),
                            Paths.class)
                        .value()
                        .paths()
                        .size(),
                n -> n > 0);
        RecordListVault.Entry kept =
            RecordListVault.at(dataDir.resolve("vault"), Clock.systemUTC())
                .store(
                    request,
                    new ByteArrayInputStream(Demo.RECORD_KEYS.getBytes(StandardCharsets.UTF_8)));
        asGdpr
            .requestDeletion(
                DeletionRequested.newBuilder()
                    .setRequestId(request)
                    .setSubject(SeedScenario.SOURCE)
                    .setRecordSet(
                        Events.recordSet(
                            kept.digest(), kept.count(), RecordListVault.location(request)))
                    .setReason("orchestrate IT")
                    .setDeadline(Instant.now().plus(Duration.ofDays(30)))
                    .setSignedAt(Instant.now())
                    .build())
            .get();
        RetrainingTriggered t = awaitTrigger(bootstrap, topics, dataDir, request);
        String run = Orchestrator.trainingRunId(t.getTriggerId());
        trainRun = run;

        // the first orchestrator publishes the retraining and stops before the completion
        Orchestrator first =
            new Orchestrator(
                api,
                asProducer,
                producer,
                new ContentStore(dataDir.resolve("cas")),
                new DemoRetraining(),
                work.resolve("scratch"),
                Clock.systemUTC(),
                Duration.ofSeconds(60));
        Orchestrator.Outcome published = first.handle(t, false);
        assertThat(published.status()).isEqualTo(Orchestrator.Status.PUBLISHED);
        assertThat(published.newModelName()).isEqualTo("model_m93");
        assertThat(published.trainingRun()).isEqualTo(run);
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> api.node(run, null) != null);
        assertThat(state(api, request)).isEqualTo("TRIGGERED");
      }
      long runs = records(bootstrap, topics.runs().name());
      long artifacts = records(bootstrap, topics.artifacts().name());

      // started again (a new process): only the completion
      String second = orchestrate(bootstrap, http, dataDir, producerKey);
      assertThat(second)
          .contains(": COMPLETED")
          .contains("the graph already holds " + trainRun + ": only the completion published")
          .contains("model     model_m93 sha256:");
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> state(api, request), "FULFILLED"::equals);
      assertThat(records(bootstrap, topics.runs().name())).isEqualTo(runs);
      assertThat(records(bootstrap, topics.artifacts().name())).isEqualTo(artifacts);

      // and again: the obligation is closed, nothing is published
      // the producer's own facts only: impact-service goes on writing erasure facts (and
      // transaction
      // markers) to the same topic after the request is FULFILLED
      long obligations = signedBy(bootstrap, topics.obligations().name(), producer.keyId());
      assertThat(obligations).as("the completion the second run sent").isEqualTo(1);
      String third = orchestrate(bootstrap, http, dataDir, producerKey);
      assertThat(third).contains(": ALREADY_CLOSED").contains("nothing published");
      assertThat(signedBy(bootstrap, topics.obligations().name(), producer.keyId()))
          .isEqualTo(obligations);
      for (String key : SeedScenario.DEMO_DELETED_TRANSACTIONS) {
        assertThat(second + third + up.transcript()).doesNotContain(key);
      }

      up.terminate();
      assertThat(up.awaitExit(Duration.ofSeconds(60))).as(up.transcript()).isZero();
    }
  }

  private static String orchestrate(String bootstrap, String http, Path dataDir, Path key) {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int code =
        cli.execute(
            "orchestrate",
            "--bootstrap-servers",
            bootstrap,
            "--http",
            http,
            "--data-dir",
            dataDir.toString(),
            "--key",
            key.toString());
    assertThat(code).as(out.toString()).isZero();
    return out.toString();
  }

  private static String state(LineageApiClient api, String request) {
    return api.get("/v1/obligations", Map.of("request", request), Obligations.class)
        .value()
        .requests()
        .get(0)
        .state();
  }

  private static RetrainingTriggered awaitTrigger(
      String bootstrap, Topics topics, Path dataDir, String request) throws Exception {
    try (SignedFeed feed =
        new SignedFeed(
            bootstrap,
            KafkaClientConfig.none(),
            topics,
            TrustAnchors.fromPemFiles(List.of(dataDir.resolve("keys").resolve("root.pub"))),
            Map.of(topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED),
            Role.IMPACT_SERVICE,
            Duration.ofSeconds(30))) {
      List<RetrainingTriggered> found = new ArrayList<>();
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                for (SignedFeed.Item item : feed.poll(Duration.ofMillis(200))) {
                  if (item.verdict().accepted()
                      && item.verdict().event() instanceof RetrainingTriggered t
                      && t.getRequestId().equals(request)) {
                    found.add(t);
                  }
                }
                return !found.isEmpty();
              });
      return found.get(0);
    }
  }

  /** How many records a topic holds (every partition, committed or not). */
  private static long records(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      Map<TopicPartition, Long> start = c.beginningOffsets(partitions);
      return partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
    }
  }

  /** Committed records on the topic whose envelope carries a signature by {@code keyId}. */
  private static long signedBy(String bootstrap, String topic, String keyId) {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      long count = 0;
      while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (var r : c.poll(Duration.ofMillis(200))) {
          if (AvroEnvelopes.fromRecordValue(r.value()).signatures().stream()
              .anyMatch(sig -> sig.keyid().equals(keyId))) {
            count++;
          }
        }
      }
      return count;
    }
  }

  private static LineageClient client(String bootstrap, Topics topics, Signer signer) {
    return LineageClient.builder()
        .bootstrapServers(bootstrap)
        .topics(topics)
        .signer(signer)
        .properties(KafkaClientConfig.none().properties())
        .build();
  }
}
