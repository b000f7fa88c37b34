package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.broker.EmbeddedKafkaBroker;
import dev.lineage.topics.TopicSpec;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lineage up} run as a user runs it: a separate JVM, real ports, real signals. */
class UpCommandIT {
  private static final Duration START = Duration.ofSeconds(90);
  private static final Pattern READY = Pattern.compile("^ready: kafka=(\\S+) http=(\\S+)$");

  @TempDir Path work;

  @Test
  void startsEverythingAnswersHealthAndKeepsDataAcrossACleanRestart() throws Exception {
    Path dataDir = work.resolve("data");
    String topic = "lineage.rejected";
    String marker = "kept-" + System.nanoTime();
    byte[] secretBytes;

    try (LineageProcess up = startUp(dataDir)) {
      Matcher ready = ready(up);
      String bootstrap = ready.group(1);
      HttpResponse<String> health = get(ready.group(2) + "/v1/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"status\":\"UP\"")
          .contains("\"kafka\"")
          .contains("\"topics\"");
      produce(bootstrap, topic, marker);
      // up makes the cluster secret its apps would use between instances, readable by its owner
      // only; the read API needs no token (the Quick start), the internal one refuses strangers
      Path secret = LocalStack.clusterSecretFile(dataDir);
      assertThat(Files.size(secret)).isEqualTo(32);
      assertThat(Files.getPosixFilePermissions(secret))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(get(ready.group(2) + "/v1/nodes/source:nobody").statusCode()).isEqualTo(404);
      HttpResponse<String> internal =
          get(ready.group(2) + "/v1/internal/graph/names?name=model_m92");
      assertThat(internal.statusCode()).as(internal.body()).isEqualTo(401);
      assertThat(internal.body()).contains("\"reason\":\"unauthorized\"");
      secretBytes = Files.readAllBytes(secret);

      up.terminate();
      assertThat(up.awaitExit(Duration.ofSeconds(60))).as(up.transcript()).isZero();
      assertThat(up.stdout()).contains("stopped");
    }

    try (LineageProcess again = startUp(dataDir)) {
      Matcher ready = ready(again);
      assertThat(again.stdout()).anySatisfy(l -> assertThat(l).contains("already there"));
      assertThat(consumeAll(ready.group(1), topic)).contains(marker);
      assertThat(Files.readAllBytes(LocalStack.clusterSecretFile(dataDir)))
          .as("the same secret on the same data directory")
          .isEqualTo(secretBytes);
      again.terminate();
      assertThat(again.awaitExit(Duration.ofSeconds(60))).isZero();
    }
  }

  @Test
  void anUnknownFlagIsAUsageErrorWithExitCode2() throws Exception {
    try (LineageProcess up = LineageProcess.start(work, "up", "--no-such-flag")) {
      assertThat(up.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(up.stderr()).contains("Unknown option: '--no-such-flag'");
    }
  }

  @Test
  void anHttpPortInUseIsAClearErrorNotAStackTrace() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LineageProcess up =
            LineageProcess.start(
                work,
                "up",
                "--data-dir",
                work.resolve("d").toString(),
                "--kafka-port",
                "0",
                "--http-port",
                Integer.toString(taken.getLocalPort()))) {
      assertThat(up.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(up.stderr())
          .contains("HTTP port " + taken.getLocalPort() + " is already in use")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aKafkaPortInUseIsAClearErrorNotAStackTrace() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LineageProcess up =
            LineageProcess.start(
                work,
                "up",
                "--data-dir",
                work.resolve("d").toString(),
                "--kafka-port",
                Integer.toString(taken.getLocalPort()),
                "--http-port",
                "0")) {
      assertThat(up.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(up.stderr())
          .contains(Integer.toString(taken.getLocalPort()))
          .contains("in use")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void anUnusableDataDirectoryIsAClearError() throws Exception {
    // A directory below a regular file cannot be created, whoever runs the test (root ignores
    // permissions).
    Path file = Files.writeString(work.resolve("plain-file"), "not a directory");
    try (LineageProcess up =
        LineageProcess.start(
            work,
            "up",
            "--data-dir",
            file.resolve("data").toString(),
            "--kafka-port",
            "0",
            "--http-port",
            "0")) {
      assertThat(up.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(up.stderr()).contains("cannot use data directory").doesNotContain("\tat ");
    }
  }

  @Test
  void aDataDirectoryWhoseTopicsAnOlderLineageMadeIsRefusedWithTheMigrationSteps()
      throws Exception {
    Path dataDir = work.resolve("older");
    Topics topics = Topics.defaults();
    Path serverProperties;
    // The topics as Lineage declared them before issue 10: CreateTime (the broker default)
    // everywhere, the keys topic compacted.
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder().dataDir(dataDir.resolve("kafka")).start();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      List<NewTopic> older = new ArrayList<>();
      for (TopicSpec spec : topics.all()) {
        Map<String, String> configs = new HashMap<>(spec.configs());
        configs.remove("message.timestamp.type");
        if (spec.equals(topics.keys())) {
          configs = Map.of("cleanup.policy", "compact");
        }
        older.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(configs));
      }
      admin.createTopics(older).all().get();
      serverProperties = broker.serverProperties();
    }

    try (LineageProcess up = startUp(dataDir)) {
      assertThat(up.awaitExit(START)).as(up.transcript()).isEqualTo(1);
      assertThat(up.stderr())
          .contains("refusing to use them")
          .contains(
              "lineage.runs: message.timestamp.type expected LogAppendTime, actual CreateTime")
          .contains("lineage.keys: cleanup.policy expected delete, actual compact")
          .containsPattern(
              "kafka-configs\\.sh --bootstrap-server 127\\.0\\.0\\.1:\\d+ --entity-type topics"
                  + " --entity-name lineage\\.keys --alter --add-config cleanup\\.policy=delete,")
          .contains("check that compaction has not already removed a revocation")
          .contains("kafka.Kafka " + serverProperties)
          .doesNotContain("\tat ");
      assertThat(up.stdout()).noneMatch(line -> line.startsWith("ready:"));
    }
  }

  private LineageProcess startUp(Path dataDir) throws IOException {
    return LineageProcess.start(
        work, "up", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--http-port", "0");
  }

  private static Matcher ready(LineageProcess up) {
    String line = up.awaitReady(START);
    Matcher m = READY.matcher(line);
    assertThat(m.matches()).as("ready line: %s", line).isTrue();
    return m;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void produce(String bootstrap, String topic, String value) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", value)).get();
    }
  }

  private static List<String> consumeAll(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "up-it-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  seen.add(r.value());
                }
                return !seen.isEmpty();
              });
    }
    return seen;
  }
}
