package dev.lineage.impact;

import dev.lineage.http.ClusterSecret;
import dev.lineage.impact.analysis.ActionRule;
import dev.lineage.impact.analysis.ImpactAnalyzer;
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
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the impact service is configured with, each setting declared once below (property,
 * environment variable, flag, default, check, description). {@link #load} resolves them in one
 * order for every entry point, {@code lineage up}, {@code lineage impact} and {@link
 * ImpactServiceApp#main}: the defaults, a properties file, the environment, the command line.
 * Immutable: {@link #with} returns a checked copy. The README's settings table is rendered from
 * {@link #DECLARED} ({@code ImpactSettingsReadmeTest}).
 */
public final class ImpactSettings {
  public static final String DEFAULT_APPLICATION_ID = "impact-service";
  public static final URI DEFAULT_LINEAGE_HTTP = URI.create("http://localhost:8080");

  /** File properties under this prefix are Kafka Streams settings, applied last. */
  public static final String PASSTHROUGH = "streams.";

  public static final Setting<String> BOOTSTRAP_SERVERS = CommonSettings.BOOTSTRAP_SERVERS;
  public static final Setting<String> TOPIC_PREFIX = CommonSettings.TOPIC_PREFIX;
  public static final Setting<List<Path>> TRUST_ROOTS = CommonSettings.TRUST_ROOTS;

  public static final Setting<String> APPLICATION_ID =
      Setting.of("impact.application.id", Parsers::text)
          .env("LINEAGE_IMPACT_APPLICATION_ID")
          .flag("--application-id")
          .defaultValue(DEFAULT_APPLICATION_ID)
          .describe("the Kafka Streams application id: consumer group and internal topic prefix")
          .build();

  public static final Setting<Path> STATE_DIR =
      Setting.of("impact.state.dir", Parsers::path)
          .env("LINEAGE_IMPACT_STATE_DIR")
          .flag("--state-dir")
          .defaultValue(Path.of(System.getProperty("user.home"), ".lineage", "impact-state"))
          .defaultText("~/.lineage/impact-state")
          .describe(
              "where the RocksDB stores live; `lineage impact|up`: the data directory's impact/")
          .build();

  public static final Setting<String> APPLICATION_SERVER =
      Setting.of("impact.application.server", Parsers::text)
          .check(Parsers::hostPort)
          .env("LINEAGE_IMPACT_APPLICATION_SERVER")
          .flag("--advertised-http")
          .describe(
              "host:port of this instance's HTTP API; with it, `main` serves HTTP on its port")
          .build();

  public static final Setting<List<URI>> LINEAGE_HTTP =
      Setting.of("impact.lineage.url", ImpactSettings::lineageUrls)
          .check(urls -> urls.forEach(ImpactSettings::httpUrl))
          .env("LINEAGE_STREAMS_HTTP")
          .deprecatedEnv("LINEAGE_IMPACT_LINEAGE_URL")
          .flag("--lineage-http")
          .defaultValue(List.of(DEFAULT_LINEAGE_HTTP))
          .defaultText(DEFAULT_LINEAGE_HTTP.toString())
          .describe(
              "lineage-streams instance(s), URL or HOST:PORT, comma-separated; the one that"
                  + " answered last is asked, and a call one cannot answer (down, or 503) goes to the"
                  + " next")
          .build();

  public static final Setting<ClusterSecret> CLUSTER_SECRET =
      Setting.of("lineage.cluster.secret.file", ImpactSettings::clusterSecret)
          .env(ClusterSecret.ENV)
          .flag("--cluster-secret-file")
          .secret()
          .describe(
              "the deployment's cluster secret: signs calls to lineage-streams and between"
                  + " instances; required to serve HTTP")
          .build();

  public static final Setting<Signer> SERVICE_KEY =
      Setting.of("impact.service.key", ImpactSettings::privateKey)
          .env("LINEAGE_SERVICE_KEY")
          .deprecatedEnv("LINEAGE_IMPACT_SERVICE_KEY")
          .flag("--service-key")
          .secret()
          .required()
          .defaultText("required (lineage impact and up make one once under the data directory)")
          .describe("PEM private key file of the service's own key: signs triggers and reports")
          .build();

  public static final Setting<Signer> ADMIN_KEY =
      Setting.of("impact.admin.key", ImpactSettings::privateKey)
          .env("LINEAGE_ADMIN_KEY")
          .deprecatedEnv("LINEAGE_IMPACT_ADMIN_KEY")
          .flag("--admin-key")
          .secret()
          .describe(
              "PEM private key of a root or ADMIN key: grants the service key IMPACT_SERVICE at"
                  + " start, unless the keys topic shows it holds the role already")
          .build();

  public static final Setting<Path> CAS =
      Setting.of("impact.cas", Parsers::path)
          .env("LINEAGE_CAS")
          .deprecatedEnv("LINEAGE_IMPACT_CAS")
          .flag("--cas")
          .describe(
              "CAS directory of training manifests, for the differential-privacy rule; none: every"
                  + " deletion is RETRAIN, saying so")
          .build();

  public static final Setting<Path> VAULT =
      Setting.of("impact.vault", Parsers::path)
          .env("LINEAGE_VAULT")
          .flag("--vault")
          .describe(
              "record-list vault directory (dev.lineage.vault.RecordListVault): a request's list"
                  + " kept there is destroyed once the request is FULFILLED, and a signed"
                  + " RecordListErased published; none: no list is erased here")
          .build();

  public static final Setting<Duration> RECORD_LIST_RETENTION =
      Setting.of("impact.record-list.retention", Parsers::duration)
          .env("LINEAGE_RECORD_LIST_RETENTION")
          .flag("--record-list-retention")
          .defaultValue(Duration.ofDays(90))
          .check(d -> positive(d))
          .describe(
              "how long a deletion request's record list is kept in the vault while the request is"
                  + " not FULFILLED (counted from the request's append time); then it is destroyed"
                  + " all the same and a signed RecordListErased (RETENTION_EXPIRED) published"
                  + " (ISO-8601 duration or milliseconds)")
          .build();

  public static final Setting<Double> ASSESS_THRESHOLD =
      Setting.of("impact.assess.threshold", Parsers::decimal)
          .env("LINEAGE_IMPACT_ASSESS_THRESHOLD")
          .flag("--assess-threshold")
          .defaultValue(ActionRule.DEFAULT_THRESHOLD)
          .check(ActionRule::new)
          .describe(
              "affected fraction under which a model with a DP guarantee is ASSESSed instead of"
                  + " retrained")
          .build();

  public static final Setting<Integer> MAX_PATHS_PER_MODEL =
      Setting.of("impact.max.paths.per.model", Parsers::count)
          .env("LINEAGE_IMPACT_MAX_PATHS_PER_MODEL")
          .flag("--max-paths-per-model")
          .defaultValue(ImpactAnalyzer.DEFAULT_MAX_PATHS_PER_MODEL)
          .check(n -> atLeastOne(n))
          .describe("paths listed per trigger; more are cut and the cut is marked")
          .build();

  public static final Setting<Duration> UNKNOWN_SUBJECT_GRACE =
      Setting.of("impact.unknown.subject.grace", Parsers::duration)
          .env("LINEAGE_IMPACT_UNKNOWN_SUBJECT_GRACE")
          .flag("--unknown-subject-grace")
          .defaultValue(Duration.ofSeconds(30))
          .check(d -> notNegative(d))
          .describe(
              "how long an unknown subject is retried before an empty report (ISO-8601 duration or"
                  + " milliseconds)")
          .build();

  public static final Setting<Duration> RETRY_INTERVAL =
      Setting.of("impact.retry.interval", Parsers::duration)
          .env("LINEAGE_IMPACT_RETRY_INTERVAL")
          .flag("--retry-interval")
          .defaultValue(Duration.ofSeconds(1))
          .check(d -> positive(d))
          .describe("how often pending requests are looked at, and the first retry delay")
          .build();

  public static final Setting<Duration> MAX_RETRY_BACKOFF =
      Setting.of("impact.max.retry.backoff", Parsers::duration)
          .env("LINEAGE_IMPACT_MAX_RETRY_BACKOFF")
          .flag("--max-retry-backoff")
          .defaultValue(Duration.ofSeconds(30))
          .check(d -> positive(d))
          .describe("the longest delay between two attempts of one request")
          .build();

  public static final Setting<Duration> LINEAGE_TIMEOUT =
      Setting.of("impact.lineage.timeout", Parsers::duration)
          .env("LINEAGE_IMPACT_LINEAGE_TIMEOUT")
          .flag("--lineage-timeout")
          .defaultValue(Duration.ofSeconds(5))
          .check(d -> positive(d))
          .describe("the longest one call to lineage-streams may take (it runs on a stream thread)")
          .build();

  public static final Setting<Duration> WARMUP =
      Setting.of("impact.warmup", Parsers::duration)
          .env("LINEAGE_IMPACT_WARMUP")
          .defaultValue(Duration.ofSeconds(10))
          .check(d -> notNegative(d))
          .describe(
              "the longest the launcher spends running the request path (signing, verification, a"
                  + " closure asked of lineage-streams; nothing published) before it reports ready, so"
                  + " the first requests meet compiled code; 0: none")
          .build();

  public static final Setting<Duration> WARMUP_STREAMS =
      Setting.of("impact.warmup.streams", Parsers::duration)
          .env("LINEAGE_IMPACT_WARMUP_STREAMS")
          .defaultValue(Duration.ofSeconds(15))
          .check(d -> notNegative(d))
          .describe(
              "the longest the launcher spends running the service's own topology on throwaway"
                  + " topics (<application.id>-warmup-*, deleted after; throwaway keys; requests on"
                  + " unknown subjects) before it reports ready, so the Kafka side of the first"
                  + " requests meets compiled code; 0: none")
          .build();

  public static final Setting<Duration> CLOCK_SKEW =
      Setting.of("impact.clock.skew.ms", Parsers::millis)
          .env("LINEAGE_IMPACT_CLOCK_SKEW_MS")
          .flag("--clock-skew-ms")
          .defaultValue(ClockSkew.DEFAULT)
          .defaultText(Long.toString(ClockSkew.DEFAULT.toMillis()))
          .check(ClockSkew::new)
          .describe(
              "how far a request's signedAt may lie from the broker's append time before it is"
                  + " refused clock-skew (ms)")
          .build();

  public static final Setting<Duration> KEY_WAIT_GRACE =
      Setting.of("impact.key.wait.grace.ms", Parsers::millis)
          .env("LINEAGE_IMPACT_KEY_WAIT_GRACE_MS")
          .flag("--key-wait-grace-ms")
          .defaultValue(ParkingProcessor.Limits.DEFAULT_GRACE)
          .defaultText(Long.toString(ParkingProcessor.Limits.DEFAULT_GRACE.toMillis()))
          .describe("how long a request refused unknown-key waits for its signer's grant (ms)")
          .build();

  public static final Setting<Integer> KEY_WAIT_MAX_PARKED =
      Setting.of("impact.key.wait.max.parked", Parsers::count)
          .env("LINEAGE_IMPACT_KEY_WAIT_MAX_PARKED")
          .flag("--key-wait-max-parked")
          .defaultValue(ParkingProcessor.Limits.DEFAULT_CAPACITY)
          .describe("requests waiting per task at most, beyond which unknown-key is final at once")
          .build();

  public static final Setting<KafkaClientConfig> KAFKA_CONFIG = CommonSettings.KAFKA_CONFIG;

  public static final Setting<Integer> MAX_THREAD_FAILURES =
      Setting.of("impact.max.thread.failures", Parsers::count)
          .env("LINEAGE_IMPACT_MAX_THREAD_FAILURES")
          .defaultValue(3)
          .check(n -> atLeastOne(n))
          .describe("stream thread failures within the failure window that shut the service down")
          .build();

  public static final Setting<Duration> FAILURE_WINDOW =
      Setting.of("impact.failure.window", Parsers::duration)
          .env("LINEAGE_IMPACT_FAILURE_WINDOW")
          .defaultValue(Duration.ofMinutes(5))
          .check(d -> positive(d))
          .describe("see impact.max.thread.failures (ISO-8601 duration or milliseconds)")
          .build();

  /** Every setting of the impact service, in the README's order. */
  public static final List<Setting<?>> DECLARED =
      List.of(
          BOOTSTRAP_SERVERS,
          TOPIC_PREFIX,
          TRUST_ROOTS,
          APPLICATION_ID,
          STATE_DIR,
          APPLICATION_SERVER,
          LINEAGE_HTTP,
          CLUSTER_SECRET,
          SERVICE_KEY,
          ADMIN_KEY,
          CAS,
          VAULT,
          RECORD_LIST_RETENTION,
          ASSESS_THRESHOLD,
          MAX_PATHS_PER_MODEL,
          UNKNOWN_SUBJECT_GRACE,
          RETRY_INTERVAL,
          MAX_RETRY_BACKOFF,
          LINEAGE_TIMEOUT,
          WARMUP,
          WARMUP_STREAMS,
          CLOCK_SKEW,
          KEY_WAIT_GRACE,
          KEY_WAIT_MAX_PARKED,
          KAFKA_CONFIG,
          MAX_THREAD_FAILURES,
          FAILURE_WINDOW);

  private final SettingValues values;
  private final TrustAnchors roots;
  private final Topics topics;

  private ImpactSettings(SettingValues values, TrustAnchors roots) {
    this.values = Objects.requireNonNull(values, "values");
    this.roots = Objects.requireNonNull(roots, "roots");
    if (roots.isEmpty()) {
      throw new IllegalArgumentException(
          "no trust roots: without one no request can ever be accepted");
    }
    this.topics = Topics.withPrefix(values.get(TOPIC_PREFIX));
  }

  /** The defaults, trusting {@code roots}. */
  public static ImpactSettings defaults(TrustAnchors roots) {
    return of(SettingValues.defaults(DECLARED), roots);
  }

  /** These values, trusting {@code roots} (given in code, e.g. roots a launcher made). */
  public static ImpactSettings of(SettingValues values, TrustAnchors roots) {
    return new ImpactSettings(values, roots);
  }

  /** These values, trusting the PEM files of {@link #TRUST_ROOTS}, which are required. */
  public static ImpactSettings of(SettingValues values) throws IOException {
    List<Path> files = values.optional(TRUST_ROOTS).orElse(List.of());
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "no trust roots: set lineage.trust.roots (or LINEAGE_TRUST_ROOTS) to the PEM public key"
              + " file(s) of the root key(s)");
    }
    return of(values, TrustAnchors.fromPemFiles(files));
  }

  /** Defaults, then {@code file} (may be empty), then {@code env}; see the class comment. */
  public static ImpactSettings load(Properties file, Map<String, String> env) throws IOException {
    SettingValues v = values(file, env, Map.of());
    ImpactSettings s = of(v);
    if (s.serviceKey().isEmpty()) {
      throw new IllegalArgumentException(
          "no service key: set impact.service.key (or LINEAGE_SERVICE_KEY) to the PEM"
              + " private key file that signs triggers and reports");
    }
    return s;
  }

  /**
   * The values of the declared settings: defaults, then {@code file}, then {@code env}, then {@code
   * flags} (by flag name); unchecked as a whole, so a launcher can add what it decides itself.
   */
  public static SettingValues values(
      Properties file, Map<String, String> env, Map<String, String> flags) {
    return SettingsLoader.load(DECLARED, PASSTHROUGH, file, env, flags);
  }

  public SettingValues values() {
    return values;
  }

  /** A copy with {@code setting} set to {@code value} (checked; null unsets). */
  public <T> ImpactSettings with(Setting<T> setting, T value) {
    return new ImpactSettings(values.with(setting, value), roots);
  }

  /** A copy with both key-wait settings of {@code limits}. */
  public ImpactSettings withKeyWait(ParkingProcessor.Limits limits) {
    return with(KEY_WAIT_GRACE, limits.grace()).with(KEY_WAIT_MAX_PARKED, limits.capacity());
  }

  /** Kafka Streams settings applied last. */
  public ImpactSettings withOverrides(Map<String, ?> more) {
    return new ImpactSettings(values.withPassthrough(more), roots);
  }

  /** The first of a comma-separated list; HOST:PORT as the compose file names peers. */
  static List<URI> lineageUrls(String text) {
    List<URI> urls = new ArrayList<>();
    for (String part : text.split(",")) {
      String url = part.trim();
      if (!url.isEmpty()) {
        urls.add(Parsers.uri(url.contains("://") ? url : "http://" + url));
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("names no lineage-streams instance");
    }
    return List.copyOf(urls);
  }

  private static void httpUrl(URI uri) {
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the lineage-streams URL must be http(s), got " + uri);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the lineage-streams URL has no host: " + uri);
    }
  }

  private static ClusterSecret clusterSecret(String file) {
    try {
      return ClusterSecret.read(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static Signer privateKey(String file) {
    try {
      return Signer.fromPrivateKeyFile(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the private key " + file + ": " + e, e);
    }
  }

  private static void atLeastOne(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("must be at least 1, got " + n);
    }
  }

  private static void positive(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("must be positive, got " + d);
    }
  }

  private static void notNegative(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("must not be negative, got " + d);
    }
  }

  public TrustAnchors roots() {
    return roots;
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

  public Optional<String> applicationServer() {
    return values.optional(APPLICATION_SERVER);
  }

  /** Every lineage-streams instance the service may ask, in the order it tries them. */
  public List<URI> lineageHttp() {
    return values.get(LINEAGE_HTTP);
  }

  public Optional<ClusterSecret> clusterSecret() {
    return values.optional(CLUSTER_SECRET);
  }

  /** The service key, or empty before it is set. */
  public Optional<Signer> serviceKey() {
    return values.optional(SERVICE_KEY);
  }

  public Optional<Signer> adminKey() {
    return values.optional(ADMIN_KEY);
  }

  public Optional<Path> cas() {
    return values.optional(CAS);
  }

  /** The record-list vault whose lists the service erases once fulfilled, if any. */
  public Optional<Path> vault() {
    return values.optional(VAULT);
  }

  /** How long an unfulfilled deletion's record list is kept in the vault. */
  public Duration recordListRetention() {
    return values.get(RECORD_LIST_RETENTION);
  }

  public double assessThreshold() {
    return values.get(ASSESS_THRESHOLD);
  }

  public int maxPathsPerModel() {
    return values.get(MAX_PATHS_PER_MODEL);
  }

  public Duration unknownSubjectGrace() {
    return values.get(UNKNOWN_SUBJECT_GRACE);
  }

  public Duration retryInterval() {
    return values.get(RETRY_INTERVAL);
  }

  public Duration maxRetryBackoff() {
    return values.get(MAX_RETRY_BACKOFF);
  }

  public Duration lineageTimeout() {
    return values.get(LINEAGE_TIMEOUT);
  }

  public Duration warmup() {
    return values.get(WARMUP);
  }

  public Duration warmupStreams() {
    return values.get(WARMUP_STREAMS);
  }

  public ParkingProcessor.Limits keyWait() {
    return ParkingProcessor.Limits.defaults()
        .withGrace(values.get(KEY_WAIT_GRACE))
        .withCapacity(values.get(KEY_WAIT_MAX_PARKED));
  }

  public ClockSkew clockSkew() {
    return new ClockSkew(values.get(CLOCK_SKEW));
  }

  public int maxThreadFailures() {
    return values.get(MAX_THREAD_FAILURES);
  }

  public Duration failureWindow() {
    return values.get(FAILURE_WINDOW);
  }

  public Map<String, String> overrides() {
    return values.passthrough();
  }

  public KafkaClientConfig kafka() {
    return values.get(KAFKA_CONFIG);
  }

  /**
   * The Kafka Streams configuration: the client settings first (Streams hands them to its internal
   * clients), then exactly-once, rejected records to the rejected topic, then the overrides.
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
    // the keyring's global thread gets the same exception handling as the stream threads; given
    // to the main consumers too, whose partition assignor reads it again (see StreamsSettings)
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(
        StreamsConfig.mainConsumerPrefix(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
        "true");
    // Latency: a request crosses one transactional repartition hop, and a read_committed fetch
    // that finds nothing new waits fetch.max.wait.ms (500 ms by default) even after the
    // transaction commits; the service is low-volume, so short fetch waits cost little.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "20");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
    // a request waits on lineage-streams' HTTP answers and on transaction commits: with one thread
    // per core, other partitions' requests go on meanwhile
    p.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    p.putAll(overrides());
    return p;
  }

  @Override
  public String toString() {
    return "ImpactSettings[applicationId="
        + applicationId()
        + ", bootstrapServers="
        + bootstrapServers()
        + ", lineageHttp="
        + lineageHttp()
        + ", serviceKey="
        + serviceKey().map(Signer::keyId).orElse("none")
        + "]";
  }
}
