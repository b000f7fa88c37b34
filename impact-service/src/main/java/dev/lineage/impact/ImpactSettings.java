package dev.lineage.impact;

import dev.lineage.http.ClusterSecret;
import dev.lineage.impact.analysis.ActionRule;
import dev.lineage.impact.analysis.ImpactAnalyzer;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.runtime.RejectingDeserializationHandler;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Everything the impact service is configured with: defaults in code, changed with the {@code
 * with...} methods, or loaded from a properties file and the environment ({@link #load}), which
 * wins. Immutable; each {@code with...} returns a copy. Values are checked when set, so a bad
 * setting stops the start with a message.
 *
 * <table>
 *   <caption>settings read by {@link #load}</caption>
 *   <tr><th>property</th><th>environment</th><th>default</th></tr>
 *   <tr><td>bootstrap.servers</td><td>LINEAGE_BOOTSTRAP_SERVERS</td><td>localhost:9092</td></tr>
 *   <tr><td>lineage.topic.prefix</td><td>LINEAGE_TOPIC_PREFIX</td><td>lineage.</td></tr>
 *   <tr><td>lineage.trust.roots</td><td>LINEAGE_TRUST_ROOTS</td><td>(required) PEM public key
 *       files, comma-separated</td></tr>
 *   <tr><td>impact.application.id</td><td>LINEAGE_IMPACT_APPLICATION_ID</td><td>impact-service</td></tr>
 *   <tr><td>impact.state.dir</td><td>LINEAGE_IMPACT_STATE_DIR</td><td>~/.lineage/impact-state</td></tr>
 *   <tr><td>impact.application.server</td><td>LINEAGE_IMPACT_APPLICATION_SERVER</td><td>none;
 *       host:port of this instance's HTTP API</td></tr>
 *   <tr><td>impact.lineage.url</td><td>LINEAGE_IMPACT_LINEAGE_URL</td><td>http://localhost:8080</td></tr>
 *   <tr><td>lineage.cluster.secret.file</td><td>LINEAGE_CLUSTER_SECRET_FILE</td><td>none; the
 *       deployment's cluster secret: signs calls to lineage-streams and between instances, and is
 *       required to serve HTTP</td></tr>
 *   <tr><td>impact.service.key</td><td>LINEAGE_IMPACT_SERVICE_KEY</td><td>(required) PEM private
 *       key file of the service's own key</td></tr>
 *   <tr><td>impact.admin.key</td><td>LINEAGE_IMPACT_ADMIN_KEY</td><td>none; PEM private key of a
 *       root or ADMIN key that grants the service key IMPACT_SERVICE at start</td></tr>
 *   <tr><td>impact.cas</td><td>LINEAGE_IMPACT_CAS</td><td>none; CAS directory of training
 *       manifests</td></tr>
 *   <tr><td>impact.assess.threshold</td><td>LINEAGE_IMPACT_ASSESS_THRESHOLD</td><td>0.001</td></tr>
 *   <tr><td>impact.unknown.subject.grace</td><td>LINEAGE_IMPACT_UNKNOWN_SUBJECT_GRACE</td><td>PT30S
 *       (ISO-8601 duration or milliseconds)</td></tr>
 *   <tr><td>impact.retry.interval</td><td>LINEAGE_IMPACT_RETRY_INTERVAL</td><td>PT1S</td></tr>
 *   <tr><td>impact.max.retry.backoff</td><td>LINEAGE_IMPACT_MAX_RETRY_BACKOFF</td><td>PT30S</td></tr>
 *   <tr><td>impact.lineage.timeout</td><td>LINEAGE_IMPACT_LINEAGE_TIMEOUT</td><td>PT5S</td></tr>
 *   <tr><td>impact.max.paths.per.model</td><td>LINEAGE_IMPACT_MAX_PATHS_PER_MODEL</td><td>100</td></tr>
 *   <tr><td>impact.clock.skew.ms</td><td>LINEAGE_IMPACT_CLOCK_SKEW_MS</td><td>300000; how far a
 *       request's signedAt may lie from the broker's append time before it is refused
 *       clock-skew</td></tr>
 *   <tr><td>impact.key.wait.grace.ms</td><td>LINEAGE_IMPACT_KEY_WAIT_GRACE_MS</td><td>30000; how
 *       long a request refused unknown-key waits for its signer's grant</td></tr>
 *   <tr><td>impact.key.wait.max.parked</td><td>LINEAGE_IMPACT_KEY_WAIT_MAX_PARKED</td><td>10000;
 *       requests waiting per task at most, beyond which unknown-key is final at once</td></tr>
 *   <tr><td>lineage.kafka.config</td><td>LINEAGE_KAFKA_CONFIG</td><td>none; a Kafka client
 *       properties file (security.protocol, ssl.*, sasl.*) for every client of the service</td></tr>
 *   <tr><td>streams.&lt;name&gt;</td><td></td><td>any Kafka Streams setting, applied last</td></tr>
 * </table>
 */
public final class ImpactSettings {
  public static final String DEFAULT_APPLICATION_ID = "impact-service";
  public static final URI DEFAULT_LINEAGE_HTTP = URI.create("http://localhost:8080");

  /** The mutable fields a copy is made from. */
  private static final class Fields implements Cloneable {
    TrustAnchors roots;
    String bootstrapServers = "localhost:9092";
    Topics topics = Topics.defaults();
    String applicationId = DEFAULT_APPLICATION_ID;
    Path stateDir = Path.of(System.getProperty("user.home"), ".lineage", "impact-state");
    Optional<String> applicationServer = Optional.empty();
    URI lineageHttp = DEFAULT_LINEAGE_HTTP;
    Optional<ClusterSecret> clusterSecret = Optional.empty();
    Signer serviceKey;
    Signer adminKey;
    Optional<Path> cas = Optional.empty();
    double assessThreshold = ActionRule.DEFAULT_THRESHOLD;
    int maxPathsPerModel = ImpactAnalyzer.DEFAULT_MAX_PATHS_PER_MODEL;
    Duration unknownSubjectGrace = Duration.ofSeconds(30);
    Duration retryInterval = Duration.ofSeconds(1);
    Duration maxRetryBackoff = Duration.ofSeconds(30);
    Duration lineageTimeout = Duration.ofSeconds(5);
    ParkingProcessor.Limits keyWait = ParkingProcessor.Limits.defaults();
    ClockSkew clockSkew = ClockSkew.defaults();
    int maxThreadFailures = 3;
    Duration failureWindow = Duration.ofMinutes(5);
    Map<String, Object> overrides = Map.of();
    KafkaClientConfig kafka = KafkaClientConfig.none();

    @Override
    protected Fields clone() {
      try {
        return (Fields) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private final Fields f;

  private ImpactSettings(Fields f) {
    this.f = f;
  }

  /** The defaults, trusting {@code roots}. */
  public static ImpactSettings defaults(TrustAnchors roots) {
    Fields f = new Fields();
    f.roots = Objects.requireNonNull(roots, "roots");
    if (roots.isEmpty()) {
      throw new IllegalArgumentException(
          "no trust roots: without one no request can ever be accepted");
    }
    return new ImpactSettings(f);
  }

  private ImpactSettings with(Consumer<Fields> change) {
    Fields copy = f.clone();
    change.accept(copy);
    return new ImpactSettings(copy);
  }

  public ImpactSettings withBootstrapServers(String servers) {
    Objects.requireNonNull(servers, "servers");
    return with(c -> c.bootstrapServers = servers);
  }

  public ImpactSettings withTopics(Topics topics) {
    Objects.requireNonNull(topics, "topics");
    return with(c -> c.topics = topics);
  }

  public ImpactSettings withApplicationId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("the application id must not be empty");
    }
    return with(c -> c.applicationId = id);
  }

  public ImpactSettings withStateDir(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return with(c -> c.stateDir = dir);
  }

  /** {@code host:port} other instances reach this one's HTTP API at; null for none. */
  public ImpactSettings withApplicationServer(String hostPort) {
    if (hostPort != null && !hostPort.matches("[^:\\s]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException("application server must be host:port, got " + hostPort);
    }
    return with(c -> c.applicationServer = Optional.ofNullable(hostPort));
  }

  /** Any lineage-streams instance (it routes queries to the owners). */
  public ImpactSettings withLineageHttp(URI uri) {
    Objects.requireNonNull(uri, "uri");
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the lineage-streams URL must be http(s), got " + uri);
    }
    return with(c -> c.lineageHttp = uri);
  }

  /**
   * The deployment's cluster secret: calls to lineage-streams carry a MAC under it, which
   * lineage-streams accepts in place of a reader's bearer token.
   */
  public ImpactSettings withClusterSecret(ClusterSecret secret) {
    Objects.requireNonNull(secret, "secret");
    return with(c -> c.clusterSecret = Optional.of(secret));
  }

  /** The service's own key: signs triggers and reports. */
  public ImpactSettings withServiceKey(Signer key) {
    Objects.requireNonNull(key, "key");
    return with(c -> c.serviceKey = key);
  }

  /**
   * A root or ADMIN key that grants the service key IMPACT_SERVICE at start; null when the grant is
   * already published.
   */
  public ImpactSettings withAdminKey(Signer key) {
    return with(c -> c.adminKey = key);
  }

  /** The CAS directory training manifests are read from; null for none. */
  public ImpactSettings withCas(Path dir) {
    return with(c -> c.cas = Optional.ofNullable(dir));
  }

  public ImpactSettings withAssessThreshold(double threshold) {
    new ActionRule(threshold);
    return with(c -> c.assessThreshold = threshold);
  }

  public ImpactSettings withMaxPathsPerModel(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxPathsPerModel must be at least 1");
    }
    return with(c -> c.maxPathsPerModel = max);
  }

  public ImpactSettings withUnknownSubjectGrace(Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the grace period must not be negative");
    }
    return with(c -> c.unknownSubjectGrace = grace);
  }

  public ImpactSettings withRetryInterval(Duration interval) {
    positive("retry interval", interval);
    return with(c -> c.retryInterval = interval);
  }

  public ImpactSettings withMaxRetryBackoff(Duration backoff) {
    positive("max retry backoff", backoff);
    return with(c -> c.maxRetryBackoff = backoff);
  }

  /** The longest one call to lineage-streams may take (it runs on a stream thread). */
  public ImpactSettings withLineageTimeout(Duration timeout) {
    positive("lineage timeout", timeout);
    return with(c -> c.lineageTimeout = timeout);
  }

  /** How long and how many requests refused {@code unknown-key} wait for their signer's grant. */
  public ImpactSettings withKeyWait(ParkingProcessor.Limits limits) {
    Objects.requireNonNull(limits, "limits");
    return with(c -> c.keyWait = limits);
  }

  /** How far a request's {@code signedAt} may lie from the broker's append time. */
  public ImpactSettings withClockSkew(ClockSkew skew) {
    Objects.requireNonNull(skew, "skew");
    return with(c -> c.clockSkew = skew);
  }

  /** Kafka client settings (security) for every client of the service, Streams' own included. */
  public ImpactSettings withKafka(KafkaClientConfig config) {
    Objects.requireNonNull(config, "config");
    return with(c -> c.kafka = config);
  }

  /** Kafka Streams settings applied last. */
  public ImpactSettings withOverrides(Map<String, Object> more) {
    Map<String, Object> all = new TreeMap<>(f.overrides);
    all.putAll(more);
    return with(c -> c.overrides = Map.copyOf(all));
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }

  public TrustAnchors roots() {
    return f.roots;
  }

  public String bootstrapServers() {
    return f.bootstrapServers;
  }

  public Topics topics() {
    return f.topics;
  }

  public String applicationId() {
    return f.applicationId;
  }

  public Path stateDir() {
    return f.stateDir;
  }

  public Optional<String> applicationServer() {
    return f.applicationServer;
  }

  public URI lineageHttp() {
    return f.lineageHttp;
  }

  public Optional<ClusterSecret> clusterSecret() {
    return f.clusterSecret;
  }

  /** The service key, or empty before {@link #withServiceKey}. */
  public Optional<Signer> serviceKey() {
    return Optional.ofNullable(f.serviceKey);
  }

  public Optional<Signer> adminKey() {
    return Optional.ofNullable(f.adminKey);
  }

  public Optional<Path> cas() {
    return f.cas;
  }

  public double assessThreshold() {
    return f.assessThreshold;
  }

  public int maxPathsPerModel() {
    return f.maxPathsPerModel;
  }

  public Duration unknownSubjectGrace() {
    return f.unknownSubjectGrace;
  }

  public Duration retryInterval() {
    return f.retryInterval;
  }

  public Duration maxRetryBackoff() {
    return f.maxRetryBackoff;
  }

  public Duration lineageTimeout() {
    return f.lineageTimeout;
  }

  public ParkingProcessor.Limits keyWait() {
    return f.keyWait;
  }

  public ClockSkew clockSkew() {
    return f.clockSkew;
  }

  public int maxThreadFailures() {
    return f.maxThreadFailures;
  }

  public Duration failureWindow() {
    return f.failureWindow;
  }

  public Map<String, Object> overrides() {
    return f.overrides;
  }

  public KafkaClientConfig kafka() {
    return f.kafka;
  }

  /**
   * The Kafka Streams configuration: the client settings first (Streams hands them to its internal
   * clients), then exactly-once, rejected records to the rejected topic, then the overrides.
   */
  public Properties streamsConfig() {
    Properties p = new Properties();
    f.kafka.copyTo(p);
    p.put("application.id", f.applicationId);
    p.put("bootstrap.servers", f.bootstrapServers);
    p.put("processing.guarantee", "exactly_once_v2");
    p.put("state.dir", f.stateDir.toAbsolutePath().toString());
    p.put("deserialization.exception.handler", RejectingDeserializationHandler.class.getName());
    p.put(RejectingDeserializationHandler.REJECTED_TOPIC_CONFIG, f.topics.rejected().name());
    f.applicationServer.ifPresent(s -> p.put("application.server", s));
    // the keyring's global thread gets the same exception handling as the stream threads; given
    // to the main consumers too, whose partition assignor reads it again (see StreamsSettings)
    p.put("processing.exception.handler.global.enabled", "true");
    p.put("main.consumer.processing.exception.handler.global.enabled", "true");
    // Latency: a request crosses one transactional repartition hop, and a read_committed fetch
    // that finds nothing new waits fetch.max.wait.ms (500 ms by default) even after the
    // transaction commits; the service is low-volume, so short fetch waits cost little.
    p.put("consumer.fetch.max.wait.ms", "20");
    p.put("producer.linger.ms", "5");
    // a request waits on lineage-streams' HTTP answers and on transaction commits: with one thread
    // per core, other partitions' requests go on meanwhile
    p.put("num.stream.threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    p.putAll(f.overrides);
    return p;
  }

  /** Defaults, then {@code file} (may be empty), then {@code env}; see the class comment. */
  public static ImpactSettings load(Properties file, Map<String, String> env) throws IOException {
    Properties p = new Properties();
    p.putAll(file);
    List<Path> rootFiles = new ArrayList<>();
    Arrays.stream(pick(p, env, "lineage.trust.roots", "LINEAGE_TRUST_ROOTS", "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(s -> rootFiles.add(Path.of(s)));
    if (rootFiles.isEmpty()) {
      throw new IllegalArgumentException(
          "no trust roots: set lineage.trust.roots (or LINEAGE_TRUST_ROOTS) to the PEM public key"
              + " file(s) of the root key(s)");
    }
    ImpactSettings s = defaults(TrustAnchors.fromPemFiles(rootFiles));
    s =
        s.withBootstrapServers(
                pick(
                    p, env, "bootstrap.servers", "LINEAGE_BOOTSTRAP_SERVERS", s.bootstrapServers()))
            .withTopics(
                Topics.withPrefix(
                    pick(
                        p,
                        env,
                        "lineage.topic.prefix",
                        "LINEAGE_TOPIC_PREFIX",
                        Topics.DEFAULT_PREFIX)))
            .withApplicationId(
                pick(
                    p,
                    env,
                    "impact.application.id",
                    "LINEAGE_IMPACT_APPLICATION_ID",
                    DEFAULT_APPLICATION_ID))
            .withStateDir(
                Path.of(
                    pick(
                        p,
                        env,
                        "impact.state.dir",
                        "LINEAGE_IMPACT_STATE_DIR",
                        s.stateDir().toString())))
            .withLineageHttp(
                URI.create(
                    pick(
                        p,
                        env,
                        "impact.lineage.url",
                        "LINEAGE_IMPACT_LINEAGE_URL",
                        DEFAULT_LINEAGE_HTTP.toString())))
            .withAssessThreshold(
                Double.parseDouble(
                    pick(
                        p,
                        env,
                        "impact.assess.threshold",
                        "LINEAGE_IMPACT_ASSESS_THRESHOLD",
                        Double.toString(ActionRule.DEFAULT_THRESHOLD))))
            .withMaxPathsPerModel(
                Integer.parseInt(
                    pick(
                        p,
                        env,
                        "impact.max.paths.per.model",
                        "LINEAGE_IMPACT_MAX_PATHS_PER_MODEL",
                        Integer.toString(ImpactAnalyzer.DEFAULT_MAX_PATHS_PER_MODEL))))
            .withUnknownSubjectGrace(
                duration(p, env, "impact.unknown.subject.grace", s.unknownSubjectGrace()))
            .withRetryInterval(duration(p, env, "impact.retry.interval", s.retryInterval()))
            .withMaxRetryBackoff(duration(p, env, "impact.max.retry.backoff", s.maxRetryBackoff()))
            .withLineageTimeout(duration(p, env, "impact.lineage.timeout", s.lineageTimeout()))
            .withKeyWait(
                s.keyWait()
                    .withGrace(
                        Duration.ofMillis(
                            count(
                                p,
                                env,
                                "impact.key.wait.grace.ms",
                                s.keyWait().grace().toMillis())))
                    .withCapacity(
                        Math.toIntExact(
                            count(p, env, "impact.key.wait.max.parked", s.keyWait().capacity()))))
            .withClockSkew(
                new ClockSkew(
                    Duration.ofMillis(
                        count(p, env, "impact.clock.skew.ms", s.clockSkew().max().toMillis()))));
    String server =
        pick(p, env, "impact.application.server", "LINEAGE_IMPACT_APPLICATION_SERVER", "");
    if (!server.isEmpty()) {
      s = s.withApplicationServer(server);
    }
    String secret = pick(p, env, "lineage.cluster.secret.file", ClusterSecret.ENV, "");
    if (!secret.isEmpty()) {
      s = s.withClusterSecret(ClusterSecret.read(Path.of(secret)));
    }
    String serviceKey = pick(p, env, "impact.service.key", "LINEAGE_IMPACT_SERVICE_KEY", "");
    if (serviceKey.isEmpty()) {
      throw new IllegalArgumentException(
          "no service key: set impact.service.key (or LINEAGE_IMPACT_SERVICE_KEY) to the PEM"
              + " private key file that signs triggers and reports");
    }
    s = s.withServiceKey(Signer.fromPrivateKeyFile(Path.of(serviceKey)));
    String adminKey = pick(p, env, "impact.admin.key", "LINEAGE_IMPACT_ADMIN_KEY", "");
    if (!adminKey.isEmpty()) {
      s = s.withAdminKey(Signer.fromPrivateKeyFile(Path.of(adminKey)));
    }
    String kafkaConfig = pick(p, env, "lineage.kafka.config", KafkaClientConfig.ENV, "");
    if (!kafkaConfig.isEmpty()) {
      s = s.withKafka(KafkaClientConfig.load(Path.of(kafkaConfig)));
    }
    String cas = pick(p, env, "impact.cas", "LINEAGE_IMPACT_CAS", "");
    if (!cas.isEmpty()) {
      s = s.withCas(Path.of(cas));
    }
    Map<String, Object> overrides = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("streams.")) {
        overrides.put(name.substring("streams.".length()), p.getProperty(name));
      }
    }
    return s.withOverrides(overrides);
  }

  private static String pick(
      Properties p, Map<String, String> env, String property, String variable, String fallback) {
    String fromEnv = env.get(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    return p.getProperty(property, fallback).trim();
  }

  /** A whole number from 0 to {@link Integer#MAX_VALUE}. */
  private static long count(Properties p, Map<String, String> env, String property, long fallback) {
    String variable = "LINEAGE_" + property.toUpperCase(Locale.ROOT).replace('.', '_');
    String text = pick(p, env, property, variable, Long.toString(fallback));
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          property + " must be a whole number from 0 to " + Integer.MAX_VALUE + ", got " + text);
    }
    return n;
  }

  /** An ISO-8601 duration ({@code PT30S}) or plain milliseconds. */
  private static Duration duration(
      Properties p, Map<String, String> env, String property, Duration fallback) {
    String variable = "LINEAGE_" + property.toUpperCase(Locale.ROOT).replace('.', '_');
    String text = pick(p, env, property, variable, fallback.toString());
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Duration.ofMillis(Long.parseLong(text))
          : Duration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          property + " must be an ISO-8601 duration (PT30S) or milliseconds, got " + text);
    }
  }

  @Override
  public String toString() {
    return "ImpactSettings[applicationId="
        + f.applicationId
        + ", bootstrapServers="
        + f.bootstrapServers
        + ", lineageHttp="
        + f.lineageHttp
        + ", serviceKey="
        + (f.serviceKey == null ? "none" : f.serviceKey.keyId())
        + "]";
  }
}
