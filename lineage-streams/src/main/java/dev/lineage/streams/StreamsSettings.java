package dev.lineage.streams;

import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.runtime.RejectingDeserializationHandler;
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything lineage-streams is configured with: defaults in code, overridden by a properties file,
 * then by the environment, built in {@link #load} and validated there, so a bad setting stops the
 * start with a message instead of failing later.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>property</th><th>environment</th><th>default</th></tr>
 *   <tr><td>bootstrap.servers</td><td>LINEAGE_BOOTSTRAP_SERVERS</td><td>localhost:9092</td></tr>
 *   <tr><td>lineage.topic.prefix</td><td>LINEAGE_TOPIC_PREFIX</td><td>lineage.</td></tr>
 *   <tr><td>lineage.application.id</td><td>LINEAGE_APPLICATION_ID</td><td>lineage-streams</td></tr>
 *   <tr><td>lineage.state.dir</td><td>LINEAGE_STATE_DIR</td><td>~/.lineage/streams-state</td></tr>
 *   <tr><td>lineage.trust.roots</td><td>LINEAGE_TRUST_ROOTS</td><td>(required) comma-separated
 *       PEM public key files</td></tr>
 *   <tr><td>lineage.application.server</td><td>LINEAGE_APPLICATION_SERVER</td><td>none;
 *       host:port of this instance's HTTP API, for interactive queries</td></tr>
 *   <tr><td>lineage.key.wait.grace.ms</td><td>LINEAGE_KEY_WAIT_GRACE_MS</td><td>30000; how long
 *       an event refused unknown-key waits for its key's grant</td></tr>
 *   <tr><td>lineage.key.wait.max.parked</td><td>LINEAGE_KEY_WAIT_MAX_PARKED</td><td>10000; events
 *       waiting per task at most, beyond which unknown-key is final at once</td></tr>
 *   <tr><td>lineage.clock.skew.ms</td><td>LINEAGE_CLOCK_SKEW_MS</td><td>300000; how far an
 *       event's signedAt may lie from the broker's append time before it is refused
 *       clock-skew</td></tr>
 *   <tr><td>lineage.kafka.config</td><td>LINEAGE_KAFKA_CONFIG</td><td>none; a Kafka client
 *       properties file (security.protocol, ssl.*, sasl.*) for every client of the app</td></tr>
 *   <tr><td>streams.&lt;name&gt;</td><td></td><td>any Kafka Streams setting, passed as is</td></tr>
 * </table>
 *
 * @param bootstrapServers Kafka's bootstrap servers
 * @param topics the topic declaration (prefix)
 * @param applicationId the Streams application id: its consumer group, and the prefix of its
 *     internal topics
 * @param stateDir where RocksDB stores live; owned by the app, never under {@code /tmp}
 * @param trustRoots PEM files of the root keys
 * @param applicationServer {@code host:port} advertised to other instances, if any
 * @param maxThreadFailures thread failures within {@code failureWindow} that shut the app down
 * @param failureWindow see above
 * @param overrides Kafka Streams settings applied last
 * @param keyWait how long and how many events refused {@code unknown-key} wait for their key
 * @param clockSkew how far an event's {@code signedAt} may lie from the broker's append time
 * @param kafka Kafka client settings (security) for every client the app makes; never printed
 */
public record StreamsSettings(
    String bootstrapServers,
    Topics topics,
    String applicationId,
    Path stateDir,
    List<Path> trustRoots,
    Optional<String> applicationServer,
    int maxThreadFailures,
    Duration failureWindow,
    Map<String, String> overrides,
    ParkingProcessor.Limits keyWait,
    ClockSkew clockSkew,
    KafkaClientConfig kafka) {

  public static final String DEFAULT_APPLICATION_ID = "lineage-streams";

  public StreamsSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    trustRoots = List.copyOf(trustRoots);
    Objects.requireNonNull(applicationServer, "applicationServer");
    overrides = Map.copyOf(overrides);
    Objects.requireNonNull(keyWait, "keyWait");
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(kafka, "kafka");
    if (trustRoots.isEmpty()) {
      throw new IllegalArgumentException(
          "no trust roots: set lineage.trust.roots (or LINEAGE_TRUST_ROOTS) to the PEM public key"
              + " file(s) of the root key(s); without one no event can ever be accepted");
    }
    if (applicationServer.isPresent() && !applicationServer.get().matches("[^:\\s]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException(
          "application server must be host:port, got " + applicationServer.get());
    }
    if (maxThreadFailures < 1) {
      throw new IllegalArgumentException("maxThreadFailures must be at least 1");
    }
  }

  /** The defaults with these roots. */
  public static StreamsSettings defaults(List<Path> trustRoots) {
    return new StreamsSettings(
        "localhost:9092",
        Topics.defaults(),
        DEFAULT_APPLICATION_ID,
        defaultStateDir(),
        trustRoots,
        Optional.empty(),
        3,
        Duration.ofMinutes(5),
        Map.of(),
        ParkingProcessor.Limits.defaults(),
        ClockSkew.defaults(),
        KafkaClientConfig.none());
  }

  static Path defaultStateDir() {
    return Path.of(System.getProperty("user.home"), ".lineage", "streams-state");
  }

  /** Defaults, then {@code file} (may be empty), then {@code env}. */
  public static StreamsSettings load(Properties file, Map<String, String> env) {
    Properties p = new Properties();
    p.putAll(file);
    String roots = pick(p, env, "lineage.trust.roots", "LINEAGE_TRUST_ROOTS", "");
    List<Path> rootFiles = new ArrayList<>();
    Arrays.stream(roots.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(s -> rootFiles.add(Path.of(s)));
    String server = pick(p, env, "lineage.application.server", "LINEAGE_APPLICATION_SERVER", "");
    Map<String, String> overrides = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("streams.")) {
        overrides.put(name.substring("streams.".length()), p.getProperty(name));
      }
    }
    return new StreamsSettings(
        pick(p, env, "bootstrap.servers", "LINEAGE_BOOTSTRAP_SERVERS", "localhost:9092"),
        Topics.withPrefix(
            pick(p, env, "lineage.topic.prefix", "LINEAGE_TOPIC_PREFIX", Topics.DEFAULT_PREFIX)),
        pick(p, env, "lineage.application.id", "LINEAGE_APPLICATION_ID", DEFAULT_APPLICATION_ID),
        Path.of(
            pick(p, env, "lineage.state.dir", "LINEAGE_STATE_DIR", defaultStateDir().toString())),
        rootFiles,
        server.isEmpty() ? Optional.empty() : Optional.of(server),
        3,
        Duration.ofMinutes(5),
        overrides,
        ParkingProcessor.Limits.defaults()
            .withGrace(
                Duration.ofMillis(
                    number(
                        pick(
                            p,
                            env,
                            "lineage.key.wait.grace.ms",
                            "LINEAGE_KEY_WAIT_GRACE_MS",
                            Long.toString(ParkingProcessor.Limits.DEFAULT_GRACE.toMillis())),
                        "lineage.key.wait.grace.ms")))
            .withCapacity(
                Math.toIntExact(
                    number(
                        pick(
                            p,
                            env,
                            "lineage.key.wait.max.parked",
                            "LINEAGE_KEY_WAIT_MAX_PARKED",
                            Integer.toString(ParkingProcessor.Limits.DEFAULT_CAPACITY)),
                        "lineage.key.wait.max.parked"))),
        new ClockSkew(
            Duration.ofMillis(
                number(
                    pick(
                        p,
                        env,
                        "lineage.clock.skew.ms",
                        "LINEAGE_CLOCK_SKEW_MS",
                        Long.toString(ClockSkew.DEFAULT.toMillis())),
                    "lineage.clock.skew.ms"))),
        kafkaConfig(pick(p, env, "lineage.kafka.config", KafkaClientConfig.ENV, "")));
  }

  private static KafkaClientConfig kafkaConfig(String file) {
    return file.isEmpty() ? KafkaClientConfig.none() : KafkaClientConfig.load(Path.of(file));
  }

  private static long number(String text, String property) {
    try {
      long n = Long.parseLong(text);
      if (n < 0 || n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(property + " must be between 0 and 2^31-1, got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + " must be a whole number, got " + text, e);
    }
  }

  private static String pick(
      Properties p, Map<String, String> env, String property, String variable, String fallback) {
    String fromEnv = env.get(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    return p.getProperty(property, fallback).trim();
  }

  public StreamsSettings withBootstrapServers(String servers) {
    return new StreamsSettings(
        servers,
        topics,
        applicationId,
        stateDir,
        trustRoots,
        applicationServer,
        maxThreadFailures,
        failureWindow,
        overrides,
        keyWait,
        clockSkew,
        kafka);
  }

  public StreamsSettings withTopics(Topics t) {
    return new StreamsSettings(
        bootstrapServers,
        t,
        applicationId,
        stateDir,
        trustRoots,
        applicationServer,
        maxThreadFailures,
        failureWindow,
        overrides,
        keyWait,
        clockSkew,
        kafka);
  }

  public StreamsSettings withApplicationId(String id) {
    return new StreamsSettings(
        bootstrapServers,
        topics,
        id,
        stateDir,
        trustRoots,
        applicationServer,
        maxThreadFailures,
        failureWindow,
        overrides,
        keyWait,
        clockSkew,
        kafka);
  }

  public StreamsSettings withStateDir(Path dir) {
    return new StreamsSettings(
        bootstrapServers,
        topics,
        applicationId,
        dir,
        trustRoots,
        applicationServer,
        maxThreadFailures,
        failureWindow,
        overrides,
        keyWait,
        clockSkew,
        kafka);
  }

  public StreamsSettings withApplicationServer(String hostPort) {
    return new StreamsSettings(
        bootstrapServers,
        topics,
        applicationId,
        stateDir,
        trustRoots,
        Optional.ofNullable(hostPort),
        maxThreadFailures,
        failureWindow,
        overrides,
        keyWait,
        clockSkew,
        kafka);
  }

  public StreamsSettings withKeyWait(ParkingProcessor.Limits limits) {
    return new StreamsSettings(
        bootstrapServers,
        topics,
        applicationId,
        stateDir,
        trustRoots,
        applicationServer,
        maxThreadFailures,
        failureWindow,
        overrides,
        limits,
        clockSkew,
        kafka);
  }

  public StreamsSettings withOverrides(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(overrides);
    all.putAll(more);
    return new StreamsSettings(
        bootstrapServers,
        topics,
        applicationId,
        stateDir,
        trustRoots,
        applicationServer,
        maxThreadFailures,
        failureWindow,
        all,
        keyWait,
        clockSkew,
        kafka);
  }

  /** Kafka client settings (security) for every client of the app, Streams' own included. */
  public StreamsSettings withKafka(KafkaClientConfig config) {
    return new StreamsSettings(
        bootstrapServers,
        topics,
        applicationId,
        stateDir,
        trustRoots,
        applicationServer,
        maxThreadFailures,
        failureWindow,
        overrides,
        keyWait,
        clockSkew,
        config);
  }

  /** The configuration of an admin client beside Streams: same cluster, same security. */
  public Map<String, Object> adminConfig() {
    return kafka.clientProperties(bootstrapServers);
  }

  /**
   * The Kafka Streams configuration: the client settings first (Streams hands them to its producer,
   * consumers and admin client), then the app's own, which they cannot change, then the overrides.
   */
  public Properties streamsConfig() {
    Properties p = new Properties();
    kafka.copyTo(p);
    p.put("application.id", applicationId);
    p.put("bootstrap.servers", bootstrapServers);
    p.put("processing.guarantee", "exactly_once_v2");
    p.put("state.dir", stateDir.toAbsolutePath().toString());
    p.put("deserialization.exception.handler", RejectingDeserializationHandler.class.getName());
    p.put(RejectingDeserializationHandler.REJECTED_TOPIC_CONFIG, topics.rejected().name());
    applicationServer.ifPresent(s -> p.put("application.server", s));
    // The keyring's global thread gets the same exception handling as the stream threads (the
    // default from Kafka 5.0 on); without it Kafka warns at every start. Each stream thread's
    // partition assignor reads it again from the main consumer's configs, which Kafka (4.3) does
    // not
    // pass it on to, and warns once per thread: so it is given there too.
    p.put("processing.exception.handler.global.enabled", "true");
    p.put("main.consumer.processing.exception.handler.global.enabled", "true");
    // Verification is CPU-bound: one stream thread per core (tasks are per partition, 3 by
    // default).
    p.put("num.stream.threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    p.putAll(overrides);
    return p;
  }
}
