package dev.lineage.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The Kafka client properties of one process: {@code security.protocol}, {@code ssl.*}, {@code
 * sasl.*} and any other standard client setting, read from a Java properties file ({@code
 * --kafka-config FILE} or {@code LINEAGE_KAFKA_CONFIG=FILE}) and given to <b>every</b> Kafka client
 * the process makes: producers, consumers, admin clients and Kafka Streams (which hands them to its
 * own internal clients). The one place client properties are built, so no client is left talking
 * PLAINTEXT to a secured cluster.
 *
 * <p>Secrets (passwords, JAAS configurations) come from the file, or through Kafka's own config
 * providers named in it, never from a command line. Nothing here prints a value: {@link
 * #toString()} lists names only, and {@link #summary()} only the protocol and SASL mechanism.
 * Kafka's own configuration logging hides values of password-typed settings.
 *
 * <p>The cluster address is not part of the file: {@code bootstrap.servers} is given where the
 * process is told which cluster to use, and a file that sets it is refused rather than silently
 * overridden.
 */
public final class KafkaClientConfig {
  /** The environment variable naming the file when no {@code --kafka-config} is given. */
  public static final String ENV = "LINEAGE_KAFKA_CONFIG";

  private static final KafkaClientConfig NONE = new KafkaClientConfig(Map.of(), null);

  private final Map<String, String> properties;
  private final Path source;

  private KafkaClientConfig(Map<String, String> properties, Path source) {
    this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    this.source = source;
  }

  /** No settings: PLAINTEXT, Kafka's defaults. */
  public static KafkaClientConfig none() {
    return NONE;
  }

  /**
   * Settings given in code (tests, a broker handing out its own client settings).
   *
   * @throws InvalidKafkaConfigException if they set {@code bootstrap.servers}
   */
  public static KafkaClientConfig of(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    check(properties, "the settings");
    return properties.isEmpty() ? NONE : new KafkaClientConfig(properties, null);
  }

  /**
   * Reads a Java properties file (ISO-8859-1 with {@code \}u escapes, as Kafka's own tools read
   * {@code --command-config}).
   *
   * @throws InvalidKafkaConfigException if the file is missing, unreadable, not a regular file or
   *     sets {@code bootstrap.servers}; the message is one line naming the file
   */
  public static KafkaClientConfig load(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new InvalidKafkaConfigException(file.toString(), "no such file", null);
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidKafkaConfigException(file.toString(), "not a regular file", null);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new InvalidKafkaConfigException(file.toString(), "no such file", null);
    } catch (AccessDeniedException e) {
      throw new InvalidKafkaConfigException(file.toString(), "permission denied", e);
    } catch (IOException | IllegalArgumentException e) {
      // IllegalArgumentException: a malformed \\u escape
      throw new InvalidKafkaConfigException(
          file.toString(), "cannot read it (" + e.getMessage() + ")", e);
    }
    Map<String, String> map = new HashMap<>();
    // values as written: a password may end in a space
    p.stringPropertyNames().forEach(name -> map.put(name, p.getProperty(name)));
    check(map, file.toString());
    return new KafkaClientConfig(map, file);
  }

  /**
   * The file named by {@code file} when given, else by {@value #ENV} in {@code env} when set and
   * not blank, else no settings.
   */
  public static KafkaClientConfig resolve(Path file, Map<String, String> env) {
    if (file != null && !file.toString().isBlank()) {
      return load(file);
    }
    String fromEnv = env.get(ENV);
    return fromEnv == null || fromEnv.isBlank() ? NONE : load(Path.of(fromEnv.trim()));
  }

  private static void check(Map<String, String> properties, String where) {
    if (properties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new InvalidKafkaConfigException(
          where,
          "sets bootstrap.servers; name the cluster with --bootstrap-servers (or"
              + " LINEAGE_BOOTSTRAP_SERVERS) instead",
          null);
    }
  }

  /** The settings, for a client that adds its own (unmodifiable, sorted by name). */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * A new, modifiable client configuration: these settings plus {@code bootstrap.servers}. The
   * caller adds what its client owns (serializers, acks, group) after, so those always win.
   */
  public Map<String, Object> clientProperties(String bootstrapServers) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Map<String, Object> config = new HashMap<>(properties);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /** Copies the settings into a Kafka Streams (or any client's) {@link Properties}. */
  public void copyTo(Properties target) {
    target.putAll(properties);
  }

  public boolean isEmpty() {
    return properties.isEmpty();
  }

  /** The file the settings came from, if any. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /**
   * What a log line may say about the connection: the security protocol and, for SASL, the
   * mechanism, e.g. {@code SASL_SSL, SCRAM-SHA-512}; {@code PLAINTEXT} without settings.
   */
  public String summary() {
    String protocol =
        properties.getOrDefault(
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
    if (!protocol.toUpperCase(Locale.ROOT).startsWith("SASL")) {
      return protocol;
    }
    return protocol
        + ", "
        + properties.getOrDefault(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM);
  }

  /** Names only: values may be secrets. */
  @Override
  public String toString() {
    return "KafkaClientConfig["
        + (source == null ? "" : source + ": ")
        + String.join(", ", properties.keySet())
        + "]";
  }
}
