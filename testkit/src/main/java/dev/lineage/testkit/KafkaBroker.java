package dev.lineage.testkit;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives integration tests a real Kafka broker, one per JVM.
 *
 * <p>Where a Docker engine answers, the broker is Testcontainers' {@code apache/kafka} image of the
 * Kafka version on the classpath; otherwise it is the project's in-process {@code
 * EmbeddedKafkaBroker}, with its data under {@code target/testkit-kafka/}. Both are single-node
 * KRaft brokers configured alike (replication factors 1, no initial rebalance delay, no topic
 * auto-creation), so a test behaves the same on either. The system property {@code
 * lineage.testkit.broker} = {@code embedded} | {@code docker} | {@code auto} (default) forces the
 * choice.
 *
 * <p>The broker starts lazily, the first time a test class using the extension runs, lives in the
 * root {@link ExtensionContext.Store} and is closed when the whole test run ends. Every test class
 * in the JVM shares it, so a test creates its own uniquely named topics (see {@link
 * #uniqueName(String)}) and never relies on the broker being empty.
 *
 * <p>Two ways to use it:
 *
 * <pre>{@code
 * @ExtendWith(KafkaBroker.class)
 * class TopicProvisionerIT {
 *   @Test
 *   void createsTopics(KafkaBroker kafka) { // parameter injection
 *     try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) { ... }
 *   }
 * }
 *
 * class PipelineIT {
 *   @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker(); // field access
 *   @Test
 *   void publishes() { String servers = KAFKA.bootstrapServers(); ... }
 * }
 * }</pre>
 *
 * <p>The broker is ready when {@code @BeforeAll} methods run, so they may use it too.
 */
public final class KafkaBroker implements BeforeAllCallback, ParameterResolver {
  static final String CHOICE_PROPERTY = "lineage.testkit.broker";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBroker.class);
  private static final String STORE_KEY = "shared-broker";

  /** Set by {@link #beforeAll}; read by tests, possibly on another thread. */
  private volatile SharedBroker shared;

  /**
   * The extension; JUnit creates it for {@code @ExtendWith}, a test for {@code @RegisterExtension}.
   */
  public KafkaBroker() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    attach(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    attach(context);
    return this;
  }

  /**
   * The {@code host:port} list for {@code bootstrap.servers}.
   *
   * @throws IllegalStateException if called before the extension has run for this test class
   */
  public String bootstrapServers() {
    return running().bootstrapServers();
  }

  /** {@code "docker"} or {@code "embedded"}: which kind of broker this run uses. */
  public String backend() {
    return running().backend();
  }

  /** {@code base} followed by a random suffix: a topic or group name no other test uses. */
  public static String uniqueName(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private SharedBroker running() {
    SharedBroker broker = shared;
    if (broker == null) {
      throw new IllegalStateException(
          "No broker yet: register the extension with @ExtendWith(KafkaBroker.class) or"
              + " @RegisterExtension, and use it from a test or @BeforeAll method");
    }
    return broker;
  }

  private void attach(ExtensionContext context) {
    shared =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                STORE_KEY, key -> SharedBroker.start(choice()), SharedBroker.class);
  }

  private static String choice() {
    String value = System.getProperty(CHOICE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    if (!value.equals("auto") && !value.equals("embedded") && !value.equals("docker")) {
      throw new IllegalArgumentException(
          CHOICE_PROPERTY + " must be auto, embedded or docker, got " + value);
    }
    return value;
  }
}
