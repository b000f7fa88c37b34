package dev.lineage.testkit;

import dev.lineage.broker.BrokerStartException;
import dev.lineage.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one broker of a test JVM, kept in JUnit's root store. JUnit closes {@link AutoCloseable}
 * values of a store when its context ends (JUnit 5.13 replaced {@code Store.CloseableResource} with
 * this), so the root store closes it once, after the last test.
 */
final class SharedBroker implements AutoCloseable {
  /**
   * Overrides the image, e.g. {@code apache/kafka:4.3.1}; default: the client library's version.
   */
  static final String IMAGE_PROPERTY = "lineage.testkit.kafka-image";

  private final String bootstrapServers;
  private final String backend;
  private final AutoCloseable broker;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SharedBroker(String bootstrapServers, String backend, AutoCloseable broker) {
    this.bootstrapServers = bootstrapServers;
    this.backend = backend;
    this.broker = broker;
  }

  static SharedBroker start(String choice) {
    boolean docker =
        choice.equals("docker")
            || (choice.equals("auto") && DockerClientFactory.instance().isDockerAvailable());
    return docker ? startContainer() : startEmbedded();
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  String backend() {
    return backend;
  }

  @Override
  public void close() throws Exception {
    if (closed.compareAndSet(false, true)) {
      broker.close();
    }
  }

  private static SharedBroker startContainer() {
    String image = System.getProperty(IMAGE_PROPERTY, "apache/kafka:" + AppInfoParser.getVersion());
    KafkaContainer container =
        new KafkaContainer(DockerImageName.parse(image))
            // The same single-node settings as EmbeddedKafkaBroker, so tests see one behaviour.
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
            .withEnv("KAFKA_DEFAULT_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    container.start();
    return new SharedBroker(container.getBootstrapServers(), "docker", container);
  }

  private static SharedBroker startEmbedded() {
    // Under target/ (failsafe runs in the module directory), fresh per JVM: no state leaks between
    // runs, and `mvn clean` removes it.
    Path dataDir = Path.of("target", "testkit-kafka", UUID.randomUUID().toString());
    try {
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).start();
      return new SharedBroker(broker.bootstrapServers(), "embedded", broker);
    } catch (BrokerStartException e) {
      throw new IllegalStateException(
          "Cannot start the embedded test broker: " + e.getMessage(), e);
    }
  }
}
