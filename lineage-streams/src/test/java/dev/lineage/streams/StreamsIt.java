package dev.lineage.streams;

import static org.awaitility.Awaitility.await;

import dev.lineage.signing.KeyPairs;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup every broker test of lineage-streams shares (published in this module's test-jar for
 * the launcher's and system-tests' ITs): topics under a fresh prefix, a state directory holding the
 * root's public key, settings for one fast-committing stream thread, apps started and awaited
 * RUNNING, and everything started closed after each test, last first.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
 * @RegisterExtension final StreamsIt streams = new StreamsIt(KAFKA);
 * }</pre>
 */
public final class StreamsIt implements AfterEachCallback {
  /** How long a test waits for an app to come up or a fold to show. */
  public static final Duration WAIT = Duration.ofSeconds(120);

  private final KafkaBroker kafka;
  private final List<AutoCloseable> running = new ArrayList<>();

  public StreamsIt(KafkaBroker kafka) {
    this.kafka = kafka;
  }

  /**
   * A fresh prefix's topics (provisioned), its directory under {@code target/it-state}, settings.
   */
  public record Env(String name, Topics topics, Path dir, Path rootPem, StreamsSettings settings) {}

  /**
   * Provisions the topics under a unique prefix starting with {@code prefix}, writes {@code root}
   * to {@code <dir>/root.pub} and gives settings trusting it, with the state in {@code
   * <dir>/state}, one stream thread and a 100 ms commit interval.
   */
  public Env provision(String prefix, PublicKey root) throws IOException {
    String name = KafkaBroker.uniqueName(prefix);
    Topics topics = Topics.withPrefix(name + ".");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(60));
    }
    Path dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    Path rootPem = dir.resolve("root.pub");
    KeyPairs.writePublicKey(root, rootPem);
    StreamsSettings settings =
        settings(kafka.bootstrapServers(), rootPem, topics, name, dir.resolve("state"));
    return new Env(name, topics, dir, rootPem, settings);
  }

  /**
   * Settings for a test instance: trusting {@code rootPem}, application id {@code
   * lineage-streams-<name>}, state in {@code stateDir}, one stream thread, 100 ms commits.
   */
  public static StreamsSettings settings(
      String bootstrapServers, Path rootPem, Topics topics, String name, Path stateDir) {
    return StreamsSettings.defaults(List.of(rootPem))
        .with(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers)
        .with(StreamsSettings.TOPIC_PREFIX, topics.prefix())
        .with(StreamsSettings.APPLICATION_ID, "lineage-streams-" + name)
        .with(StreamsSettings.STATE_DIR, stateDir)
        .withOverrides(Map.of("commit.interval.ms", "100", "num.stream.threads", "1"));
  }

  /** A lineage-streams app on {@code settings}, started and RUNNING, closed after the test. */
  public LineageStreamsApp started(StreamsSettings settings) throws IOException {
    LineageStreamsApp app = closedAfterTest(new LineageStreamsApp(settings));
    app.start();
    await().atMost(WAIT).until(() -> app.state() == KafkaStreams.State.RUNNING);
    return app;
  }

  /** {@code resource}, closed after the test (in the reverse order of registration). */
  public <T extends AutoCloseable> T closedAfterTest(T resource) {
    running.add(resource);
    return resource;
  }

  /** A producer of raw record values with {@code acks=all}; the caller closes it. */
  public KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** Sends one record and waits for the broker's acknowledgement. */
  public static void send(KafkaProducer<byte[], byte[]> out, String topic, String key, byte[] value)
      throws Exception {
    out.send(record(topic, key, value)).get();
  }

  public static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  /** Deletes {@code dir} and everything under it; nothing if it does not exist. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    running.clear();
    if (first != null) {
      throw first;
    }
  }
}
