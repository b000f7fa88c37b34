package dev.lineage.impact;

import dev.lineage.avro.KeyGranted;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiServer;
import dev.lineage.http.Health;
import dev.lineage.http.RequestMac;
import dev.lineage.impact.graphclient.HttpLineageGraph;
import dev.lineage.impact.obligations.ObligationsApi;
import dev.lineage.impact.recordlists.ObjectsApi;
import dev.lineage.impact.recordlists.RecordListApi;
import dev.lineage.impact.requests.RequestStores;
import dev.lineage.impact.requests.RequestsApi;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.metrics.PrometheusMetrics;
import dev.lineage.metrics.StreamsMeters;
import dev.lineage.publish.PublishResult;
import dev.lineage.runtime.MaxFailuresHandler;
import dev.lineage.runtime.RejectingDeserializationHandler;
import dev.lineage.runtime.StreamsLifecycle;
import dev.lineage.signing.Signer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The impact service: configuration, lifecycle and HTTP of the Kafka Streams instance running
 * {@link ImpactTopology}. Topics are expected to exist (the launcher provisions them).
 *
 * <pre>{@code
 * ImpactServiceApp app = new ImpactServiceApp(settings);
 * app.start(); app.awaitRunning(Duration.ofSeconds(60));
 * app.mountHttp(api); app.registerHealth(health);
 * ...
 * app.close(Duration.ofSeconds(30));
 * }</pre>
 */
public final class ImpactServiceApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImpactServiceApp.class);

  private final ImpactSettings settings;
  private final Signer serviceKey;
  private final Topology topology;
  private final HttpLineageGraph graph;
  private final Clock clock;
  private final StreamsLifecycle lifecycle = new StreamsLifecycle("impact-service", log);
  private volatile KeyGrant keyGrant = KeyGrant.NOT_ASKED;
  private final Optional<MeterRegistry> meters;
  private volatile StreamsMeters streamsMeters;

  /** What {@link #start()} did about the service key's {@code IMPACT_SERVICE} role. */
  public enum KeyGrant {
    /** No admin key was set: the role is someone else's to grant. */
    NOT_ASKED,
    /** The key already held the role on the keys topic; nothing was written. */
    ALREADY_HELD,
    /** A grant signed by the admin key was appended to the keys topic. */
    GRANTED
  }

  /** Builds the topology; connects to nothing yet. */
  public ImpactServiceApp(ImpactSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /**
   * As {@link #ImpactServiceApp(ImpactSettings)}, with obligation deadlines judged by {@code clock}
   * (in the fold and in {@code GET /v1/obligations}).
   */
  public ImpactServiceApp(ImpactSettings settings, Clock clock) {
    this(settings, clock, Optional.empty());
  }

  /**
   * As {@link #ImpactServiceApp(ImpactSettings, Clock)}, counting into {@code meters} (see {@code
   * PrometheusMetrics}): verified and rejected requests, impact lag, parked requests, the
   * request-to-trigger histogram, store sizes and Kafka Streams' own metrics.
   */
  public ImpactServiceApp(ImpactSettings settings, Clock clock, Optional<MeterRegistry> meters) {
    this.settings = settings;
    this.meters = meters;
    this.clock = clock;
    this.serviceKey =
        settings
            .serviceKey()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the impact service needs its own key (withServiceKey) to sign triggers"
                            + " and reports"));
    this.graph =
        new HttpLineageGraph(
            settings.lineageHttp(),
            settings.lineageTimeout(),
            settings.clusterSecret().map(RequestMac::new));
    this.topology =
        ImpactTopology.build(
            settings.topics(),
            settings.roots(),
            new ImpactTopology.Options(
                graph,
                settings.cas(),
                serviceKey,
                settings.assessThreshold(),
                settings.maxPathsPerModel(),
                settings.unknownSubjectGrace(),
                settings.retryInterval(),
                settings.maxRetryBackoff(),
                settings.keyWait(),
                settings.clockSkew()),
            clock,
            new ImpactTopology.Erasure(settings.vault(), settings.recordListRetention()),
            meters.map(EventMetrics::of).orElse(EventMetrics.none()));
  }

  public ImpactSettings settings() {
    return settings;
  }

  public Topology topology() {
    return topology;
  }

  /**
   * Grants the service key {@code IMPACT_SERVICE} when an admin key is set and the key does not
   * hold the role already (waiting for the write), then starts processing in the background.
   *
   * @throws IOException when the state directory cannot be made or the grant cannot be written
   */
  public synchronized void start() throws IOException {
    // checked before the grant, so a second start does not publish it again
    if (lifecycle.started()) {
      throw new IllegalStateException("already started");
    }
    Files.createDirectories(settings.stateDir());
    if (settings.adminKey().isPresent()) {
      try {
        Optional<PublishResult<KeyGranted>> grant =
            ServiceKeyGrant.ensure(
                settings.bootstrapServers(),
                settings.kafka(),
                settings.topics(),
                settings.roots(),
                settings.adminKey().get(),
                serviceKey,
                Duration.ofSeconds(30));
        if (grant.isPresent()) {
          keyGrant = KeyGrant.GRANTED;
          log.info(
              "granted IMPACT_SERVICE to service key {} at {}",
              serviceKey.keyId(),
              grant.get().position());
        } else {
          keyGrant = KeyGrant.ALREADY_HELD;
          log.info(
              "service key {} holds IMPACT_SERVICE on the keys topic already; not granted again",
              serviceKey.keyId());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while granting the service key", e);
      }
    }
    lifecycle.start(
        topology,
        // Kafka builds the deserialization handler from the config: its rejections are counted
        // through the config, into the same meters as the topology's
        RejectingDeserializationHandler.countInto(
            settings.streamsConfig(), meters.map(EventMetrics::of).orElse(EventMetrics.none())),
        new MaxFailuresHandler(settings.maxThreadFailures(), settings.failureWindow()));
    meters.ifPresent(
        registry ->
            streamsMeters =
                StreamsMeters.bind(registry, "impact-service", lifecycle.streams(), topology)
                    .parked(ImpactTopology.PARKED_STORE)
                    .lag(
                        "lineage.impact.lag",
                        "requests appended and not yet read by the verification or the analysis",
                        List.of(
                            settings.topics().deletionRequests().name(),
                            settings.topics().bugReports().name(),
                            settings.applicationId()
                                + "-"
                                + RequestStores.BY_ID_REPARTITION
                                + "-repartition")));
  }

  /** What {@link #start()} did about the service key's role; {@code NOT_ASKED} before it. */
  public KeyGrant keyGrant() {
    return keyGrant;
  }

  /** Waits until every task is restored and processing; fails if the app stops or time runs out. */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    lifecycle.awaitRunning(timeout);
  }

  /**
   * Runs the request path for at most {@link ImpactSettings#warmup()} without publishing anything
   * (see {@link Warmup}), so the requests of the first seconds meet compiled code; call once
   * lineage-streams answers, before reporting ready.
   */
  public Warmup.Report warmUp() {
    return Warmup.run(graph, settings.warmup());
  }

  /**
   * Runs the service's own topology on throwaway topics for at most {@link
   * ImpactSettings#warmupStreams()} (see {@link StreamsWarmup}), so the Kafka side of the first
   * requests meets compiled code; call after {@link #warmUp()}, before reporting ready. Never
   * fails: a warm-up that stops short says why.
   */
  public StreamsWarmup.Report warmUpStreams() {
    return StreamsWarmup.run(settings, graph, settings.warmupStreams());
  }

  /** The Streams state, {@code CREATED} before {@link #start()}. */
  public KafkaStreams.State state() {
    return lifecycle.state();
  }

  /**
   * Mounts {@code GET /v1/requests/{id}}, {@code GET /v1/obligations} and {@code GET
   * /v1/record-lists/{request}} (from the vault this instance shares) and {@code GET
   * /v1/objects/{digest}} (from its CAS), answered from any instance; calls forwarded to another
   * instance carry this server's MAC.
   */
  public void mountHttp(ApiServer api) {
    HostInfo self =
        settings
            .applicationServer()
            .map(HostInfo::buildFromEndpoint)
            .orElse(HostInfo.unavailable());
    new RequestsApi(lifecycle::streams, self, api.access().peerMac()).mount(api);
    new ObligationsApi(lifecycle::streams, self, api.access().peerMac(), clock).mount(api);
    new RecordListApi(lifecycle::streams, settings.roots(), settings.vault(), clock).mount(api);
    new ObjectsApi(settings.cas()).mount(api);
  }

  /** Up while running or rebalancing. */
  public Health.Status health() {
    return lifecycle.health();
  }

  /** Registers this app's health as the {@code impact-service} component. */
  public void registerHealth(Health health) {
    lifecycle.registerHealth(health);
  }

  public void close(Duration timeout) {
    lifecycle.close(timeout);
    StreamsMeters m = streamsMeters;
    if (m != null) {
      m.close();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * {@code impact-service [settings.properties]}; the environment overrides the file (see {@link
   * ImpactSettings}). With {@code impact.application.server} set, the HTTP API ({@code
   * /v1/requests/{id}}, {@code /v1/health}) listens on that port, on every interface.
   */
  public static void main(String[] args) throws Exception {
    Properties file = new Properties();
    if (args.length > 0) {
      try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
        file.load(in);
      }
    }
    ImpactSettings settings = ImpactSettings.load(file, System.getenv());
    PrometheusMetrics metrics = PrometheusMetrics.create();
    ImpactServiceApp app =
        new ImpactServiceApp(settings, Clock.systemUTC(), Optional.of(metrics.registry()));
    ApiServer api = null;
    if (settings.applicationServer().isPresent()) {
      if (settings.clusterSecret().isEmpty()) {
        throw new IllegalArgumentException(
            "refusing to serve HTTP on every interface without a cluster secret: set"
                + " lineage.cluster.secret.file (or LINEAGE_CLUSTER_SECRET_FILE)");
      }
      HostInfo self = HostInfo.buildFromEndpoint(settings.applicationServer().get());
      api =
          ApiServer.bind(
              "0.0.0.0", self.port(), ApiAccess.of(settings.clusterSecret(), Optional.empty()));
      Health health = new Health();
      health.mount(api);
      metrics.mount(api);
      app.registerHealth(health);
      app.mountHttp(api);
      api.start();
    }
    ApiServer server = api;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  if (server != null) {
                    server.close();
                  }
                  stopped.countDown();
                },
                "impact-service-shutdown"));
    app.start();
    stopped.await();
  }
}
