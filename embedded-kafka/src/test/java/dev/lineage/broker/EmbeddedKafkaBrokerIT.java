package dev.lineage.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerIT {
  private static final String TOPIC = "round-trip";

  @Test
  void roundTripsBytesExactlyAndFindsThemAgainAfterRestartOnTheSameDataDir() throws Exception {
    Path dataDir = freshDataDir("restart");
    byte[] key = "key-1".getBytes(StandardCharsets.UTF_8);
    byte[] value = everyByteValueThenRandom(4096);

    String clusterId;
    EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dataDir).start();
    try {
      assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + first.port());
      assertThat(first.dataDir()).isEqualTo(dataDir.toAbsolutePath().normalize());
      assertThat(serverProperties(first).getProperty("advertised.listeners"))
          .as("the file kafka.Kafka can run the same broker from")
          .isEqualTo("PLAINTEXT://" + first.bootstrapServers());
      clusterId = first.clusterId();
      try (Admin admin = admin(first)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      RecordMetadata written = produce(first, key, value);
      assertThat(written.offset()).isZero();
      ConsumerRecord<byte[], byte[]> read = consumeFirst(first);
      assertThat(read.key()).isEqualTo(key);
      assertThat(read.value()).isEqualTo(value);

      assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(dataDir).start())
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("Data directory " + first.dataDir())
          .hasMessageContaining("in use by another running broker");
      assertThat(consumeFirst(first).value())
          .as("the running broker is undisturbed")
          .isEqualTo(value);
    } finally {
      first.close();
    }
    first.close(); // idempotent: a second close must neither throw nor hang

    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dataDir).start()) {
      assertThat(second.clusterId()).isEqualTo(clusterId);
      ConsumerRecord<byte[], byte[]> reread = consumeFirst(second);
      assertThat(reread.offset()).isZero();
      assertThat(reread.key()).isEqualTo(key);
      assertThat(reread.value()).isEqualTo(value);
    }
  }

  @Test
  void refusesAKafkaPortThatIsAlreadyTakenAndNamesIt() throws IOException {
    try (ServerSocket taken = bindLoopback()) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  EmbeddedKafkaBroker.builder()
                      .dataDir(freshDataDir("kafka-port"))
                      .kafkaPort(port)
                      .start())
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("Kafka port " + port)
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void refusesAControllerPortThatIsAlreadyTakenAndNamesIt() throws IOException {
    try (ServerSocket taken = bindLoopback()) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  EmbeddedKafkaBroker.builder()
                      .dataDir(freshDataDir("controller-port"))
                      .controllerPort(port)
                      .start())
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining("controller port " + port)
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void refusesADataDirThatCannotBeWrittenAndNamesIt() throws IOException {
    // A regular file where a parent directory should be: fails for root too, unlike chmod.
    Path blocker = freshDataDir("blocked").resolve("a-file");
    Files.writeString(blocker, "not a directory");
    Path dataDir = blocker.resolve("kafka");

    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(dataDir).start())
        .isInstanceOf(BrokerStartException.class)
        .hasMessageContaining("Data directory " + dataDir.toAbsolutePath())
        .hasMessageContaining("not writable");
  }

  private static Properties serverProperties(EmbeddedKafkaBroker broker) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(broker.serverProperties())) {
      properties.load(in);
    }
    return properties;
  }

  private static Path freshDataDir(String name) throws IOException {
    return Files.createDirectories(Path.of("target", "it-brokers", name + "-" + UUID.randomUUID()));
  }

  private static ServerSocket bindLoopback() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    return socket;
  }

  private static byte[] everyByteValueThenRandom(int length) {
    byte[] bytes = new byte[length];
    new Random(42).nextBytes(bytes);
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static RecordMetadata produce(EmbeddedKafkaBroker broker, byte[] key, byte[] value)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
    }
  }

  private static ConsumerRecord<byte[], byte[]> consumeFirst(EmbeddedKafkaBroker broker) {
    Map<String, Object> config =
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread() // a KafkaConsumer belongs to one thread
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
              });
    }
    return records.get(0);
  }
}
