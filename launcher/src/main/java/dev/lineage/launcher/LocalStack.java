package dev.lineage.launcher;

import dev.lineage.access.ApiToken;
import dev.lineage.broker.BrokerStartException;
import dev.lineage.broker.EmbeddedKafkaBroker;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.explorer.ExplorerOptions;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiServer;
import dev.lineage.http.ClusterSecret;
import dev.lineage.http.Health;
import dev.lineage.impact.ImpactServiceApp;
import dev.lineage.impact.ImpactSettings;
import dev.lineage.impact.StreamsWarmup;
import dev.lineage.impact.Warmup;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.metrics.PrometheusMetrics;
import dev.lineage.settings.SettingValues;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.topics.ProvisionReport;
import dev.lineage.topics.TopicMismatchException;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code lineage up} runs in one JVM, started in dependency order and closed in reverse:
 * the HTTP API first (so health answers 503 while the rest starts), then the broker or the
 * connection to a cluster, then the topics.
 */
final class LocalStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STREAMS_TIMEOUT = Duration.ofSeconds(120);

  /** Which applications a stack runs: {@code up} runs both, the service commands one each. */
  enum App {
    STREAMS,
    IMPACT
  }

  /**
   * @param bootstrapServers a cluster to use; null starts the embedded broker on {@code kafkaPort}
   * @param trustRoots root public keys; empty makes (once) a local root under the data directory
   * @param bindHost the address the HTTP server listens on
   * @param advertisedHttp {@code host:port} peers reach this instance at (Streams {@code
   *     application.server}); null means {@code 127.0.0.1} and the bound port
   * @param streams lineage-streams' settings as loaded from a file, the environment and flags
   *     ({@link StreamsSettings#values}); what the stack decides itself (cluster, topics, roots,
   *     address) is set over them, and what they leave unset gets the stack's default (the state
   *     directory under the data directory)
   * @param impact the impact service's settings, loaded the same way ({@link
   *     ImpactSettings#values})
   * @param access who may call the HTTP API
   * @param kafka Kafka client settings (security) for every client of the stack; only with a
   *     cluster, the embedded broker is PLAINTEXT on loopback
   */
  record Settings(
      Path dataDir,
      int kafkaPort,
      int httpPort,
      String bootstrapServers,
      Topics topics,
      List<Path> trustRoots,
      String bindHost,
      String advertisedHttp,
      Set<App> apps,
      SettingValues streams,
      SettingValues impact,
      HttpAccess access,
      KafkaClientConfig kafka) {

    /** What {@code lineage up} runs: everything, on the loopback interface. */
    static Settings local(
        Path dataDir,
        int kafkaPort,
        int httpPort,
        String bootstrapServers,
        Topics topics,
        List<Path> trustRoots,
        KafkaClientConfig kafka) {
      return new Settings(
          dataDir,
          kafkaPort,
          httpPort,
          bootstrapServers,
          topics,
          trustRoots,
          "127.0.0.1",
          null,
          EnumSet.allOf(App.class),
          SettingValues.defaults(StreamsSettings.DECLARED),
          SettingValues.defaults(ImpactSettings.DECLARED),
          HttpAccess.local(),
          kafka);
    }

    /** These settings with the apps' own loaded ones. */
    Settings withApps(SettingValues streams, SettingValues impact) {
      return new Settings(
          dataDir,
          kafkaPort,
          httpPort,
          bootstrapServers,
          topics,
          trustRoots,
          bindHost,
          advertisedHttp,
          apps,
          streams,
          impact,
          access,
          kafka);
    }
  }

  /**
   * Who may call the HTTP API ({@link ApiAccess}).
   *
   * @param clusterSecret what instances prove membership with; empty: none, so no call from another
   *     instance is answered (only on a loopback address, which the service commands check)
   * @param makeSecret make one (once) under the data directory when {@code clusterSecret} is empty:
   *     what {@code up} does, so its apps never talk unauthenticated
   * @param apiToken the bearer token the read API requires; empty: open
   */
  record HttpAccess(
      Optional<ClusterSecret> clusterSecret, boolean makeSecret, Optional<ApiToken> apiToken) {
    /** {@code up}: a secret of its own, the read API open (the Quick start needs no token). */
    static HttpAccess local() {
      return new HttpAccess(Optional.empty(), true, Optional.empty());
    }
  }

  /** Where {@code up} keeps the secret it makes: beside the local root key, mode 0600. */
  static Path clusterSecretFile(Path dataDir) {
    return dataDir.resolve("keys").resolve("cluster.secret");
  }

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Health health = new Health();
  // one registry for the process: both apps and the HTTP server count into it, GET /metrics
  private final PrometheusMetrics metrics = PrometheusMetrics.create();
  private ApiServer api;
  private Optional<ClusterSecret> clusterSecret = Optional.empty();
  private String bootstrapServers;
  private KafkaClientConfig kafka = KafkaClientConfig.none();
  private Path cas;
  private boolean closed;
  private boolean servesExplorer;

  private LocalStack() {}

  static LocalStack start(Settings settings, PrintWriter out) {
    LocalStack stack = new LocalStack();
    try {
      stack.startAll(settings, out);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(Settings settings, PrintWriter out) {
    Topics topics = settings.topics();
    Path dataDir = prepareDataDir(settings.dataDir());
    started.push(DataDirLock.acquire(dataDir, "--data-dir"));
    EmbeddedKafkaBroker embedded = null;
    cas = dataDir.resolve("cas");

    clusterSecret = clusterSecret(settings.access(), dataDir);
    api =
        bindHttp(
            settings.bindHost(),
            settings.httpPort(),
            ApiAccess.of(clusterSecret, settings.access().apiToken()));
    health.mount(api);
    metrics.mount(api);
    api.start();
    started.push(api);

    if (settings.bootstrapServers() == null) {
      EmbeddedKafkaBroker broker = startBroker(dataDir.resolve("kafka"), settings.kafkaPort());
      started.push(broker);
      embedded = broker;
      bootstrapServers = broker.bootstrapServers();
      out.println(
          "lineage: embedded Kafka broker (KRaft) on " + bootstrapServers + ", data in " + dataDir);
    } else {
      bootstrapServers = settings.bootstrapServers();
      kafka = settings.kafka();
      out.println(
          "lineage: using the Kafka cluster at "
              + bootstrapServers
              + " ("
              + kafka.summary()
              + kafka.source().map(f -> " from " + f).orElse("")
              + ")");
    }
    out.flush();

    Map<String, Object> adminConfig = kafka.clientProperties(bootstrapServers);
    adminConfig.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    Admin admin = Admin.create(adminConfig);
    started.push(admin);
    int brokers = awaitCluster(admin);
    health.register("kafka", () -> kafkaStatus(admin));

    short replication = (short) Math.min(3, brokers);
    ProvisionReport report;
    try {
      report = TopicProvisioner.ensure(admin, topics, replication, KAFKA_TIMEOUT);
    } catch (TopicMismatchException e) {
      throw new CommandFailedException(
          "topics exist with a configuration other than declared, refusing to use them"
              + (e.migrations().isEmpty() ? "" : " (migration steps below)"),
          e.message(bootstrapServers)
              + (embedded != null && !e.migrations().isEmpty()
                  ? embeddedMigrationHint(embedded, dataDir)
                  : ""),
          e);
    }
    out.println("lineage: topics " + report.summary() + " (prefix " + topics.prefix() + ")");
    out.flush();
    health.register("topics", () -> Health.Status.up(topics.all().size() + " topics checked"));

    List<Path> roots =
        settings.trustRoots().isEmpty()
            ? List.of(LocalTrust.ensureRoot(dataDir.resolve("keys"), out))
            : settings.trustRoots();
    String advertised =
        settings.advertisedHttp() != null ? settings.advertisedHttp() : "127.0.0.1:" + api.port();
    if (settings.apps().contains(App.STREAMS)) {
      StreamsSettings streams =
          streamsSettings(settings, bootstrapServers, kafka, roots, dataDir, advertised);
      if (settings.access().makeSecret() && !settings.streams().isSet(StreamsSettings.LOG_KEY)) {
        // up keeps its own log key, as its own root and secret; a cluster's instances share one
        // deployed key (lineage.log.key), never one each
        Path logKey = dataDir.resolve("keys").resolve("log.key");
        LocalTrust.ensureLogKey(logKey, streams.logOrigin(), out);
        streams = streams.with(StreamsSettings.LOG_KEY, logKey);
      }
      ExplorerOptions explorer = ExplorerOptions.of(streams).orCas(cas);
      startStreams(
          settings.apps().contains(App.IMPACT) ? explorer.withoutImpactForward() : explorer,
          LocalGateway.prepare(
              streams,
              dataDir,
              embedded != null,
              settings.trustRoots().isEmpty(),
              admin,
              bootstrapServers,
              kafka,
              roots,
              replication,
              KAFKA_TIMEOUT,
              out),
          settings.apps().contains(App.IMPACT),
          out);
    }
    if (settings.apps().contains(App.IMPACT)) {
      startImpact(settings, roots, dataDir, advertised, out);
    }
  }

  /**
   * lineage-streams' settings as this stack runs them: the loaded ones, with what the stack decides
   * itself set over them, and the state directory under the data directory unless one was given.
   */
  static StreamsSettings streamsSettings(
      Settings settings,
      String bootstrapServers,
      KafkaClientConfig kafka,
      List<Path> roots,
      Path dataDir,
      String advertised) {
    return StreamsSettings.of(
        settings
            .streams()
            .with(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers)
            .with(StreamsSettings.KAFKA_CONFIG, kafka)
            .with(StreamsSettings.TOPIC_PREFIX, settings.topics().prefix())
            .with(StreamsSettings.TRUST_ROOTS, roots)
            .withDefault(StreamsSettings.STATE_DIR, dataDir.resolve("streams"))
            .with(StreamsSettings.APPLICATION_SERVER, advertised));
  }

  private void startImpact(
      Settings settings, List<Path> roots, Path dataDir, String advertised, PrintWriter out) {
    SettingValues o = settings.impact();
    Path keys = dataDir.resolve("keys");
    ImpactServiceApp app;
    try {
      Signer service =
          o.isSet(ImpactSettings.SERVICE_KEY)
              ? o.get(ImpactSettings.SERVICE_KEY)
              : LocalTrust.ensureKey(keys.resolve("impact-service.key"));
      Path localRoot = keys.resolve("root.key");
      Signer admin =
          o.isSet(ImpactSettings.ADMIN_KEY)
              ? o.get(ImpactSettings.ADMIN_KEY)
              : settings.trustRoots().isEmpty() && Files.exists(localRoot)
                  ? Signer.fromPrivateKeyFile(localRoot)
                  : null;
      ImpactSettings impact =
          ImpactSettings.of(
              o.with(ImpactSettings.BOOTSTRAP_SERVERS, bootstrapServers)
                  .with(ImpactSettings.KAFKA_CONFIG, kafka)
                  .with(ImpactSettings.TOPIC_PREFIX, settings.topics().prefix())
                  .with(ImpactSettings.TRUST_ROOTS, roots)
                  .withDefault(ImpactSettings.STATE_DIR, dataDir.resolve("impact"))
                  .with(ImpactSettings.APPLICATION_SERVER, advertised)
                  .withDefault(ImpactSettings.LINEAGE_HTTP, List.of(URI.create(api.baseUrl())))
                  .with(ImpactSettings.SERVICE_KEY, service)
                  .with(ImpactSettings.ADMIN_KEY, admin)
                  .withDefault(ImpactSettings.CAS, cas)
                  .withDefault(ImpactSettings.VAULT, dataDir.resolve("vault"))
                  .with(ImpactSettings.CLUSTER_SECRET, clusterSecret.orElse(null)),
              TrustAnchors.fromPemFiles(roots));
      app = new ImpactServiceApp(impact, Clock.systemUTC(), Optional.of(metrics.registry()));
      app.mountHttp(api);
      app.registerHealth(health);
      app.start();
      out.println(
          "lineage: impact-service key "
              + service.keyId()
              + switch (app.keyGrant()) {
                case GRANTED -> " granted IMPACT_SERVICE by " + admin.keyId();
                case ALREADY_HELD -> " holds IMPACT_SERVICE (granted before; not granted again)";
                case NOT_ASKED -> " (not granted here: grant it IMPACT_SERVICE with an admin key)";
              });
    } catch (IOException e) {
      throw new CommandFailedException("cannot start impact-service: " + describe(e), e);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException("impact-service settings: " + e.getMessage(), e);
    }
    awaitRunning("impact-service", app, app::awaitRunning, app.settings().stateDir(), out);
    if (!app.settings().warmup().isZero()) {
      Warmup.Report warm = app.warmUp();
      out.println(
          "lineage: impact-service warmed up ("
              + warm.rounds()
              + " rounds, "
              + warm.closures()
              + " closures and "
              + warm.barriers()
              + " barriers asked, "
              + warm.took().toMillis()
              + " ms)");
      out.flush();
    }
    if (!app.settings().warmupStreams().isZero()) {
      StreamsWarmup.Report warm = app.warmUpStreams();
      out.println(
          "lineage: impact-service's topology warmed up on throwaway topics ("
              + warm.sent()
              + " requests, "
              + warm.reports()
              + " reports, "
              + warm.took().toMillis()
              + " ms"
              + warm.skipped().map(why -> "; stopped short: " + why).orElse("")
              + ")");
      out.flush();
    }
  }

  private void startStreams(
      ExplorerOptions explorer, StreamsSettings settings, boolean withImpact, PrintWriter out) {
    LineageStreamsApp app;
    try {
      app = new LineageStreamsApp(settings, Optional.of(metrics.registry()));
      if (withImpact) {
        // the deploy gate asks the impact service on this same server for deletion obligations
        app.obligationsFrom(URI.create(api.baseUrl()));
      }
      app.mountHttp(api, explorer);
      servesExplorer = true;
      app.registerHealth(health);
      app.start();
    } catch (IOException e) {
      throw new CommandFailedException("cannot start lineage-streams: " + describe(e), e);
    }
    awaitRunning("lineage-streams", app, app::awaitRunning, settings.stateDir(), out);
  }

  /** How an app waits until it runs: {@code awaitRunning(Duration)} of both Streams apps. */
  @FunctionalInterface
  private interface RunningWait {
    void awaitRunning(Duration timeout) throws InterruptedException;
  }

  /**
   * Keeps a started app for closing (so a failed wait still closes it), then waits until it runs.
   */
  private void awaitRunning(
      String name, AutoCloseable app, RunningWait wait, Path stateDir, PrintWriter out) {
    started.push(app);
    try {
      wait.awaitRunning(STREAMS_TIMEOUT);
    } catch (IllegalStateException e) {
      throw new CommandFailedException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailedException("interrupted while " + name + " started", e);
    }
    out.println("lineage: " + name + " running (state in " + stateDir + ")");
    out.flush();
  }

  private static Path prepareDataDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".probe", ".tmp");
      Files.delete(probe);
      return dir;
    } catch (IOException | SecurityException e) {
      throw new CommandFailedException(
          "cannot use data directory "
              + dir
              + " ("
              + describe(e)
              + "); choose a writable one with --data-dir",
          e);
    }
  }

  private static Optional<ClusterSecret> clusterSecret(HttpAccess access, Path dataDir) {
    if (access.clusterSecret().isPresent() || !access.makeSecret()) {
      return access.clusterSecret();
    }
    Path file = clusterSecretFile(dataDir);
    try {
      return Optional.of(ClusterSecret.ensure(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandFailedException(
          "cannot make or read the cluster secret " + file + ": " + describe(e), e);
    }
  }

  private static ApiServer bindHttp(String host, int port, ApiAccess access) {
    try {
      return ApiServer.bind(host, port, access);
    } catch (BindException e) {
      throw new CommandFailedException(
          "HTTP port " + port + " is already in use; choose another with --http-port", e);
    } catch (IOException e) {
      throw new CommandFailedException(
          "cannot start the HTTP server on port " + port + ": " + describe(e), e);
    }
  }

  /**
   * The embedded broker stops with the refusing command, so the migration steps need it running on
   * its own: Kafka's own server and tools are on the launcher's class path.
   */
  private static String embeddedMigrationHint(EmbeddedKafkaBroker broker, Path dataDir) {
    String java = "java -cp \"$(cat launcher/target/classpath.txt)\" ";
    return System.lineSeparator()
        + "This is the embedded broker of "
        + dataDir
        + ", which stops with this command. To run the steps above, start it alone from the"
        + " repository root, and run kafka-configs.sh as Kafka's ConfigCommand (same arguments):"
        + System.lineSeparator()
        + "  "
        + java
        + "kafka.Kafka "
        + broker.serverProperties()
        + System.lineSeparator()
        + "  "
        + java
        + "kafka.admin.ConfigCommand --bootstrap-server "
        + broker.bootstrapServers()
        + " --entity-type topics ..."
        + System.lineSeparator()
        + "then stop it (Ctrl-C) and start Lineage again. A local stack whose data does not matter"
        + " can start afresh instead, in an empty --data-dir.";
  }

  private static EmbeddedKafkaBroker startBroker(Path dir, int port) {
    try {
      return EmbeddedKafkaBroker.builder().dataDir(dir).kafkaPort(port).start();
    } catch (BrokerStartException e) {
      throw new CommandFailedException(brokerFailure(e, port), e);
    }
  }

  /**
   * A failed broker start as one sentence for the person who ran the command: the cause, and only
   * the option that changes it (a port hint under a locked directory sent people the wrong way).
   */
  static String brokerFailure(BrokerStartException e, int kafkaPort) {
    return switch (e.problem()) {
      case PORT_IN_USE ->
          kafkaPort == 0
              ? e.getMessage()
              : "Kafka port "
                  + kafkaPort
                  + " is already in use: stop whatever listens there, or choose another with"
                  + " --kafka-port (0 picks a free one)";
      case DATA_DIR_IN_USE, DATA_DIR_UNUSABLE -> e.getMessage() + " (see --data-dir)";
      case OTHER -> e.getMessage();
    };
  }

  private int awaitCluster(Admin admin) {
    try {
      return admin
          .describeCluster()
          .nodes()
          .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .size();
    } catch (ExecutionException | TimeoutException e) {
      throw new CommandFailedException(
          "no Kafka cluster answered at "
              + bootstrapServers
              + " within "
              + KAFKA_TIMEOUT.toSeconds()
              + " s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailedException("interrupted while waiting for Kafka", e);
    }
  }

  private static Health.Status kafkaStatus(Admin admin) {
    try {
      int nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
      return Health.Status.up(nodes + " broker(s)");
    } catch (ExecutionException | TimeoutException e) {
      return Health.Status.down("cluster did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.Status.down("interrupted");
    }
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The Kafka client settings every client of this stack uses (none for the embedded broker). */
  KafkaClientConfig kafka() {
    return kafka;
  }

  /** The content-addressed store of this stack: where manifests are read from. */
  Path cas() {
    return cas;
  }

  String httpUrl() {
    return api.baseUrl();
  }

  /** The explorer's address, when this stack runs lineage-streams (which serves it). */
  Optional<String> explorerUrl() {
    return servesExplorer ? Optional.of(api.baseUrl() + "/") : Optional.empty();
  }

  /** Closes what was started, newest first; idempotent, so the shutdown hook may call it again. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    health.stopping();
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
