package dev.lineage.streams;

import dev.lineage.gateway.OpenLineageTopology;
import dev.lineage.gateway.ProducerTokens;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.runtime.RejectingDeserializationHandler;
import dev.lineage.runtime.StreamsDefaults;
import dev.lineage.settings.CommonSettings;
import dev.lineage.settings.Parsers;
import dev.lineage.settings.Setting;
import dev.lineage.settings.SettingValues;
import dev.lineage.settings.SettingsLoader;
import dev.lineage.signing.Signer;
import dev.lineage.topics.TopicSpec;
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything lineage-streams is configured with, each setting declared once below (property,
 * environment variable, flag, default, check, description). {@link #load} resolves them in one
 * order for every entry point, {@code lineage up}, {@code lineage streams} and {@link
 * LineageStreamsApp#main}: the defaults, a properties file, the environment, the command line.
 * Checked when built, so a bad setting stops the start with a message naming it and its source.
 * Immutable: {@link #with} returns a copy. The README's settings table is rendered from {@link
 * #DECLARED} ({@code StreamsSettingsReadmeTest}).
 */
public final class StreamsSettings {
  public static final String DEFAULT_APPLICATION_ID = "lineage-streams";

  /** File properties under this prefix are Kafka Streams settings, applied last. */
  public static final String PASSTHROUGH = "streams.";

  public static final Setting<String> BOOTSTRAP_SERVERS = CommonSettings.BOOTSTRAP_SERVERS;

  public static final Setting<String> TOPIC_PREFIX = CommonSettings.TOPIC_PREFIX;

  public static final Setting<String> APPLICATION_ID =
      Setting.of("lineage.application.id", Parsers::text)
          .env("LINEAGE_APPLICATION_ID")
          .flag("--application-id")
          .defaultValue(DEFAULT_APPLICATION_ID)
          .describe("the Kafka Streams application id: consumer group and internal topic prefix")
          .build();

  public static final Setting<Path> STATE_DIR =
      Setting.of("lineage.state.dir", Parsers::path)
          .env("LINEAGE_STREAMS_STATE_DIR")
          .deprecatedEnv("LINEAGE_STATE_DIR")
          .flag("--state-dir")
          .defaultValue(defaultStateDir())
          .defaultText("~/.lineage/streams-state")
          .describe(
              "where the RocksDB stores live (never under /tmp); `lineage streams|up`: the data"
                  + " directory's streams/. LINEAGE_STATE_DIR is read here only by the app's own"
                  + " main: the launcher reads it as the data directory")
          .build();

  public static final Setting<List<Path>> TRUST_ROOTS = CommonSettings.TRUST_ROOTS;

  public static final Setting<String> APPLICATION_SERVER =
      Setting.of("lineage.application.server", Parsers::text)
          .check(Parsers::hostPort)
          .env("LINEAGE_APPLICATION_SERVER")
          .flag("--advertised-http")
          .describe("host:port of this instance's HTTP API, for interactive queries")
          .build();

  public static final Setting<Duration> KEY_WAIT_GRACE =
      Setting.of("lineage.key.wait.grace.ms", Parsers::millis)
          .env("LINEAGE_KEY_WAIT_GRACE_MS")
          .flag("--key-wait-grace-ms")
          .defaultValue(ParkingProcessor.Limits.DEFAULT_GRACE)
          .defaultText(Long.toString(ParkingProcessor.Limits.DEFAULT_GRACE.toMillis()))
          .describe("how long an event refused unknown-key waits for its key's grant (ms)")
          .build();

  public static final Setting<Integer> KEY_WAIT_MAX_PARKED =
      Setting.of("lineage.key.wait.max.parked", Parsers::count)
          .env("LINEAGE_KEY_WAIT_MAX_PARKED")
          .flag("--key-wait-max-parked")
          .defaultValue(ParkingProcessor.Limits.DEFAULT_CAPACITY)
          .describe("events waiting per task at most, beyond which unknown-key is final at once")
          .build();

  public static final Setting<Duration> CLOCK_SKEW =
      Setting.of("lineage.clock.skew.ms", Parsers::millis)
          .env("LINEAGE_CLOCK_SKEW_MS")
          .flag("--clock-skew-ms")
          .defaultValue(ClockSkew.DEFAULT)
          .defaultText(Long.toString(ClockSkew.DEFAULT.toMillis()))
          .check(ClockSkew::new)
          .describe(
              "how far an event's signedAt may lie from the broker's append time before it is"
                  + " refused clock-skew (ms)")
          .build();

  public static final Setting<KafkaClientConfig> KAFKA_CONFIG = CommonSettings.KAFKA_CONFIG;

  public static final Setting<Integer> MAX_THREAD_FAILURES =
      Setting.of("lineage.max.thread.failures", Parsers::count)
          .env("LINEAGE_MAX_THREAD_FAILURES")
          .defaultValue(3)
          .check(n -> positive(n, "at least 1"))
          .describe("stream thread failures within the failure window that shut the app down")
          .build();

  public static final Setting<Duration> FAILURE_WINDOW =
      Setting.of("lineage.failure.window", Parsers::duration)
          .env("LINEAGE_FAILURE_WINDOW")
          .defaultValue(Duration.ofMinutes(5))
          .describe("see lineage.max.thread.failures (ISO-8601 duration or milliseconds)")
          .build();

  public static final Setting<Path> CAS =
      Setting.of("lineage.cas", Parsers::path)
          .env("LINEAGE_CAS")
          .flag("--cas")
          .describe(
              "content-addressed store the explorer's node panel reads training manifests from;"
                  + " none: the panel shows none (lineage up: its data directory's cas)")
          .build();

  public static final Setting<URI> IMPACT_HTTP =
      Setting.of("lineage.impact.http", Parsers::httpUrl)
          .env("LINEAGE_IMPACT_HTTP")
          .flag("--impact-http")
          .describe(
              "an impact-service instance's base URL: GET /v1/requests/{id} is forwarded there (for"
                  + " an instance that does not run the impact service itself); none: not answered")
          .build();

  public static final Setting<Signer> GATEWAY_KEY =
      Setting.of("lineage.gateway.key", StreamsSettings::privateKey)
          .env("LINEAGE_GATEWAY_KEY")
          .flag("--gateway-key")
          .secret()
          .defaultText("none (`lineage up` makes one once under the data directory and grants it)")
          .describe(
              "PEM private key file of the OpenLineage gateway's own key (role GATEWAY): attests"
                  + " the OpenLineage events read from lineage.openlineage.topic; without it that"
                  + " topic is not read")
          .build();

  public static final Setting<String> OPENLINEAGE_TOPIC =
      Setting.of("lineage.openlineage.topic", Parsers::text)
          .check(StreamsSettings::topicName)
          .env("LINEAGE_OPENLINEAGE_TOPIC")
          .flag("--openlineage-topic")
          .defaultValue(OpenLineageTopology.DEFAULT_TOPIC)
          .describe(
              "the topic OpenLineage integrations write to (their Kafka transport's topicName),"
                  + " read when a gateway key is set; not prefixed")
          .build();

  public static final Setting<ProducerTokens> OPENLINEAGE_TOKENS =
      Setting.of("lineage.openlineage.tokens", s -> ProducerTokens.read(Path.of(s)))
          .env("LINEAGE_OPENLINEAGE_TOKENS")
          .flag("--openlineage-tokens")
          .secret()
          .defaultText("none (`lineage up` makes one once under the data directory)")
          .describe(
              "file of lines '<producer name> <token>': the bearer tokens of POST"
                  + " /api/v1/lineage, each mapped to the producer the gateway vouches for;"
                  + " without it (or without a gateway key) the endpoint is not served")
          .build();

  public static final Setting<Boolean> LOG_ENABLED =
      Setting.of("lineage.log.enabled", StreamsSettings::onOff)
          .env("LINEAGE_LOG_ENABLED")
          .flag("--log-enabled")
          .defaultValue(true)
          .describe(
              "`false` runs without the transparency log: no leaf is sent to lineage.log, the"
                  + " log's sub-topologies are not mounted and /log/*, /v1/log/* are not served"
                  + " (for measuring what the log costs; turning it off and on again leaves the"
                  + " log without the envelopes accepted meanwhile)")
          .build();

  public static final Setting<Path> LOG_KEY =
      Setting.of("lineage.log.key", Parsers::path)
          .env("LINEAGE_LOG_KEY")
          .flag("--log-key")
          .describe(
              "PEM Ed25519 private key that signs the transparency log's checkpoints; without it"
                  + " /log/checkpoint and /v1/log/proof answer 503 (`lineage up`: generated in the"
                  + " data directory)")
          .build();

  public static final Setting<String> LOG_ORIGIN =
      Setting.of("lineage.log.origin", Parsers::text)
          .env("LINEAGE_LOG_ORIGIN")
          .flag("--log-origin")
          .defaultValue("lineage.local/log")
          .describe(
              "the transparency log's origin: the first line of its checkpoints and its key's name")
          .build();

  /** Every setting of lineage-streams, in the README's order. */
  public static final List<Setting<?>> DECLARED =
      List.of(
          BOOTSTRAP_SERVERS,
          TOPIC_PREFIX,
          APPLICATION_ID,
          STATE_DIR,
          TRUST_ROOTS,
          APPLICATION_SERVER,
          KEY_WAIT_GRACE,
          KEY_WAIT_MAX_PARKED,
          CLOCK_SKEW,
          KAFKA_CONFIG,
          MAX_THREAD_FAILURES,
          FAILURE_WINDOW,
          CAS,
          IMPACT_HTTP,
          GATEWAY_KEY,
          OPENLINEAGE_TOPIC,
          OPENLINEAGE_TOKENS,
          LOG_ENABLED,
          LOG_KEY,
          LOG_ORIGIN);

  private final SettingValues values;
  private final Topics topics;

  private StreamsSettings(SettingValues values) {
    this.values = Objects.requireNonNull(values, "values");
    if (values.optional(TRUST_ROOTS).map(List::isEmpty).orElse(true)) {
      throw new IllegalArgumentException(
          "no trust roots: set lineage.trust.roots (or LINEAGE_TRUST_ROOTS) to the PEM public key"
              + " file(s) of the root key(s); without one no event can ever be accepted");
    }
    this.topics = Topics.withPrefix(values.get(TOPIC_PREFIX));
  }

  private static void positive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException("must be " + what + ", got " + n);
    }
  }

  /** The settings of these values; checks what no single setting can (the trust roots). */
  public static StreamsSettings of(SettingValues values) {
    return new StreamsSettings(values);
  }

  /** The defaults with these roots. */
  public static StreamsSettings defaults(List<Path> trustRoots) {
    return of(SettingValues.defaults(DECLARED).with(TRUST_ROOTS, List.copyOf(trustRoots)));
  }

  static Path defaultStateDir() {
    return Path.of(System.getProperty("user.home"), ".lineage", "streams-state");
  }

  /** Defaults, then {@code file} (may be empty), then {@code env}. */
  public static StreamsSettings load(Properties file, Map<String, String> env) {
    return of(values(file, env, Map.of()));
  }

  /**
   * The values of the declared settings: defaults, then {@code file}, then {@code env}, then {@code
   * flags} (by flag name); unchecked as a whole, so a launcher can add what it decides itself.
   */
  public static SettingValues values(
      Properties file, Map<String, String> env, Map<String, String> flags) {
    return SettingsLoader.load(DECLARED, PASSTHROUGH, file, env, flags);
  }

  /** The values these settings were built from. */
  public SettingValues values() {
    return values;
  }

  /** A copy with {@code setting} set to {@code value}. */
  public <T> StreamsSettings with(Setting<T> setting, T value) {
    return of(values.with(setting, value));
  }

  /** A copy with both key-wait settings of {@code limits}. */
  public StreamsSettings withKeyWait(ParkingProcessor.Limits limits) {
    return of(
        values.with(KEY_WAIT_GRACE, limits.grace()).with(KEY_WAIT_MAX_PARKED, limits.capacity()));
  }

  /** A copy with more Kafka Streams settings, applied last. */
  public StreamsSettings withOverrides(Map<String, String> more) {
    return of(values.withPassthrough(more));
  }

  public String bootstrapServers() {
    return values.get(BOOTSTRAP_SERVERS);
  }

  public Topics topics() {
    return topics;
  }

  public String applicationId() {
    return values.get(APPLICATION_ID);
  }

  public Path stateDir() {
    return values.get(STATE_DIR);
  }

  public List<Path> trustRoots() {
    return values.get(TRUST_ROOTS);
  }

  public Optional<String> applicationServer() {
    return values.optional(APPLICATION_SERVER);
  }

  /** Whether the transparency log runs (issue 16; {@code lineage.log.enabled}). */
  public boolean logEnabled() {
    return values.get(LOG_ENABLED);
  }

  private static boolean onOff(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false, got '" + s + "'");
    };
  }

  /** The transparency log's checkpoint key file, when one is set. */
  public Optional<Path> logKey() {
    return values.optional(LOG_KEY);
  }

  public String logOrigin() {
    return values.get(LOG_ORIGIN);
  }

  public int maxThreadFailures() {
    return values.get(MAX_THREAD_FAILURES);
  }

  public Duration failureWindow() {
    return values.get(FAILURE_WINDOW);
  }

  /** The OpenLineage gateway's key, when set: then the OpenLineage topic is read. */
  public Optional<Signer> gatewayKey() {
    return values.optional(GATEWAY_KEY);
  }

  public String openLineageTopic() {
    return values.get(OPENLINEAGE_TOPIC);
  }

  /** The OpenLineage producers' bearer tokens, when set. */
  public Optional<ProducerTokens> openLineageTokens() {
    return values.optional(OPENLINEAGE_TOKENS);
  }

  private static Signer privateKey(String file) {
    try {
      return Signer.fromPrivateKeyFile(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the private key " + file + ": " + e, e);
    }
  }

  private static void topicName(String name) {
    // the declaration checks the name as Kafka does
    new TopicSpec(name, 1, Map.of());
  }

  /** Kafka Streams settings applied last. */
  public Map<String, String> overrides() {
    return values.passthrough();
  }

  public ParkingProcessor.Limits keyWait() {
    return ParkingProcessor.Limits.defaults()
        .withGrace(values.get(KEY_WAIT_GRACE))
        .withCapacity(values.get(KEY_WAIT_MAX_PARKED));
  }

  public ClockSkew clockSkew() {
    return new ClockSkew(values.get(CLOCK_SKEW));
  }

  public KafkaClientConfig kafka() {
    return values.get(KAFKA_CONFIG);
  }

  /** The configuration of an admin client beside Streams: same cluster, same security. */
  public Map<String, Object> adminConfig() {
    return kafka().clientProperties(bootstrapServers());
  }

  /**
   * The Kafka Streams configuration: the client settings first (Streams hands them to its producer,
   * consumers and admin client), then the app's own, which they cannot change, then the overrides.
   */
  public Properties streamsConfig() {
    Properties p = new Properties();
    kafka().copyTo(p);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    // exactly_once_v2, and a transaction timeout and a group session that get over a failure
    StreamsDefaults.applyTo(p);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toAbsolutePath().toString());
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        RejectingDeserializationHandler.class.getName());
    p.put(RejectingDeserializationHandler.REJECTED_TOPIC_CONFIG, topics.rejected().name());
    applicationServer().ifPresent(s -> p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s));
    // The keyring's global thread gets the same exception handling as the stream threads (the
    // default from Kafka 5.0 on); without it Kafka warns at every start. Each stream thread's
    // partition assignor reads it again from the main consumer's configs, which Kafka (4.3) does
    // not pass it on to, and warns once per thread: so it is given there too.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(
        StreamsConfig.mainConsumerPrefix(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
        "true");
    // Verification is CPU-bound: one stream thread per core (tasks are per partition, 3 by
    // default).
    p.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    p.putAll(overrides());
    return p;
  }

  @Override
  public String toString() {
    return "StreamsSettings" + values;
  }
}
