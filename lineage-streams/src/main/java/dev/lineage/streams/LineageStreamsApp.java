package dev.lineage.streams;

import dev.lineage.api.Stats;
import dev.lineage.barrier.AdminFoldOffsets;
import dev.lineage.barrier.FoldBarrier;
import dev.lineage.barrier.FoldBarrierApi;
import dev.lineage.cas.ContentStore;
import dev.lineage.explorer.Explorer;
import dev.lineage.explorer.ExplorerOptions;
import dev.lineage.explorer.SnapshotErasures;
import dev.lineage.gateway.HttpIntake;
import dev.lineage.gateway.OpenLineageTopology;
import dev.lineage.governance.ApprovalStores;
import dev.lineage.governance.ApproverCheck;
import dev.lineage.governance.ClusterApprovals;
import dev.lineage.governance.DeploymentApi;
import dev.lineage.governance.ImpactObligations;
import dev.lineage.governance.ObligationLookup;
import dev.lineage.graph.GraphStores;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.Health;
import dev.lineage.http.RequestMac;
import dev.lineage.index.GraphIndex;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.metrics.StreamsMeters;
import dev.lineage.openlineage.attest.GatewayAttestation;
import dev.lineage.openlineage.validate.OpenLineageValidator;
import dev.lineage.ownership.OwnershipStores;
import dev.lineage.query.ClusterGraph;
import dev.lineage.query.ColumnLineageApi;
import dev.lineage.query.InternalGraphApi;
import dev.lineage.query.LineageQueries;
import dev.lineage.query.RemoteGraph;
import dev.lineage.query.StorePosition;
import dev.lineage.runtime.MaxFailuresHandler;
import dev.lineage.runtime.RejectingDeserializationHandler;
import dev.lineage.runtime.StreamsLifecycle;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.translog.LogApi;
import dev.lineage.translog.LogOwner;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringApi;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lineage-streams application: configuration, lifecycle and state of the Kafka Streams instance
 * running {@link LineageTopology}. Topics are expected to exist (the launcher provisions them with
 * {@code TopicProvisioner} before starting the apps).
 */
public final class LineageStreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LineageStreamsApp.class);

  private final StreamsSettings settings;
  private final Topology topology;
  private final GraphIndex index = new GraphIndex();
  // Set again by mountHttp: the calls to other instances carry the credentials of this instance's
  // own server.
  private volatile RemoteGraph remote = new RemoteGraph(Optional.empty());
  private volatile ClusterApprovals.Remote remoteApprovals =
      new ClusterApprovals.Remote(Optional.empty());
  private final TrustAnchors roots;
  private final StorePosition position = new StorePosition(this::streams);
  private final StreamsLifecycle lifecycle = new StreamsLifecycle("lineage-streams", log);
  private volatile int graphPartitions;
  // where the deploy gate asks for deletion obligations (issue 14); else LINEAGE_IMPACT_HTTP
  private volatile URI obligationsFrom;
  private volatile ImpactObligations impactObligations;
  private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
  private Producer<byte[], byte[]> attestedProducer;
  private final Optional<Ed25519NoteSigner> logSigner;
  private final Optional<MeterRegistry> meters;
  private volatile StreamsMeters streamsMeters;
  // the read-after-write barrier (GET /v1/folded): its own admin client, made on first use
  private AdminFoldOffsets foldOffsets;
  private FoldBarrier foldBarrier;

  /** Reads the root keys and builds the topology; does not connect to anything yet. */
  public LineageStreamsApp(StreamsSettings settings) throws IOException {
    this(settings, Optional.empty());
  }

  /**
   * As {@link #LineageStreamsApp(StreamsSettings)}, counting into {@code meters} (see {@code
   * PrometheusMetrics}): verified and rejected events, fold lag, parked events, store sizes and
   * Kafka Streams' own metrics.
   */
  public LineageStreamsApp(StreamsSettings settings, Optional<MeterRegistry> meters)
      throws IOException {
    this.settings = settings;
    this.meters = meters;
    this.roots = TrustAnchors.fromPemFiles(settings.trustRoots());
    LineageTopology.Options options =
        LineageTopology.Options.defaults()
            .withIndex(index)
            .withKeyWait(settings.keyWait())
            .withClockSkew(settings.clockSkew())
            .withSourcePartitions(this::sourcePartitions);
    if (settings.gatewayKey().isPresent()) {
      options =
          options.withOpenLineage(
              new OpenLineageTopology.Intake(
                  settings.openLineageTopic(),
                  new GatewayAttestation(settings.gatewayKey().get())));
    }
    if (!settings.logEnabled()) {
      options = options.withoutTransparencyLog();
    }
    this.topology =
        LineageTopology.build(
            settings.topics(),
            roots,
            options,
            meters.map(EventMetrics::of).orElse(EventMetrics.none()));
    this.logSigner = settings.logKey().map(key -> LogApi.signer(key, settings.logOrigin()));
  }

  /**
   * Mounts the lineage read API ({@code /v1/nodes}, {@code /v1/lineage}, {@code /v1/paths}) and the
   * internal endpoints other instances call, on a server whose address is this instance's {@code
   * application.server}. Calls to other instances are signed with that server's cluster secret, the
   * one it checks their calls with.
   */
  public void mountHttp(ApiServer api) {
    mountHttp(api, ExplorerOptions.of(settings));
  }

  /**
   * The impact service the deploy gate asks for a model's deletion obligations ({@code GET
   * /v1/obligations}), e.g. this very server's URL when both apps share it; set before {@link
   * #mountHttp}. Without it the explorer's {@code LINEAGE_IMPACT_HTTP} is asked, and without that
   * the gate says nothing of obligations.
   */
  public void obligationsFrom(URI impact) {
    this.obligationsFrom = impact;
  }

  /** The impact service the gate asks, built again only when its address changes. */
  private Optional<ObligationLookup> obligationLookup(
      ExplorerOptions explorer, Optional<RequestMac> mac) {
    Optional<URI> uri = Optional.ofNullable(obligationsFrom).or(explorer::impactHttp);
    if (uri.isEmpty()) {
      return Optional.empty();
    }
    ImpactObligations current = impactObligations;
    if (current == null || !current.impact().equals(uri.get())) {
      current = new ImpactObligations(uri.get(), mac);
      impactObligations = current;
    }
    return Optional.of(current);
  }

  /** As {@link #mountHttp(ApiServer)}, plus the explorer at {@code /} with these options. */
  public void mountHttp(ApiServer api, ExplorerOptions explorer) {
    remote = new RemoteGraph(api.access().peerMac());
    remoteApprovals = new ClusterApprovals.Remote(api.access().peerMac());
    new Explorer(this, explorer).mount(api);
    new LineageQueries(
            this::graph,
            LineageQueries.Limits.defaults(),
            new SnapshotErasures(
                explorer.cas().map(ContentStore::new), this::keyring, settings.clockSkew()))
        .mount(api);
    new InternalGraphApi(this::graph).mount(api);
    new ColumnLineageApi(this::graph).mount(api);
    new KeyringApi(() -> new KeyringStore(localStore(KeyringStore.STORE))).mount(api);
    openLineageHttp().ifPresent(intake -> intake.mount(api));
    if (settings.logEnabled()) {
      new LogApi(
              this::localStore,
              logSigner,
              new LogOwner(this::running, self(), api.access().peerMac()))
          .mount(api);
    }
    new DeploymentApi(
            this::graph,
            this::approvals,
            // a Keyring per request: it caches and is not thread-safe
            () ->
                ApproverCheck.keyring(
                    new Keyring(roots, new KeyringStore(localStore(KeyringStore.STORE))),
                    settings.clockSkew()),
            () -> obligationLookup(explorer, api.access().peerMac()))
        .mount(api);
    api.route(
        "GET",
        "/v1/stats",
        request ->
            ApiResponse.ok(
                new Stats(
                    state().name(), index.interner().size(), index.downstream().edgeCount())));
    api.route("GET", "/v1/stats/memory", new MemoryReport(this::streams, index)::answer);
    new FoldBarrierApi(this::foldBarrier).mount(api);
  }

  /**
   * The fold's read-after-write barrier: the artifacts and runs topics, then the two repartition
   * hops to the fold (claims-by-name, graph-ops), read with this app's own admin client.
   */
  public synchronized FoldBarrier foldBarrier() {
    if (foldBarrier == null) {
      foldOffsets =
          new AdminFoldOffsets(
              settings.adminConfig(), settings.applicationId(), Duration.ofSeconds(5));
      foldBarrier =
          new FoldBarrier(
              foldOffsets,
              List.of(settings.topics().artifacts().name(), settings.topics().runs().name()),
              List.of(
                  settings.applicationId()
                      + "-"
                      + OwnershipStores.BY_NAME_REPARTITION
                      + "-repartition",
                  repartitionTopic()),
              2);
    }
    return foldBarrier;
  }

  /**
   * The keyring as this instance holds it now, for one request: it caches and is not thread-safe.
   */
  public Keyring keyring() {
    return new Keyring(roots, new KeyringStore(localStore(KeyringStore.STORE)));
  }

  private <V> ReadOnlyKeyValueStore<String, V> localStore(String name) {
    try {
      return running()
          .store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the " + name + " store is not ready", 1);
    }
  }

  /**
   * The whole graph as this instance reaches it, for one request; 503 while the group is not
   * settled.
   */
  public ClusterGraph graph() {
    KafkaStreams s = running();
    return ClusterGraph.snapshot(
        s, position, index, remote, self(), repartitionTopic(), graphPartitions());
  }

  /** The approvals store as this instance reaches it, for one request; 503 while unsettled. */
  public ClusterApprovals approvals() {
    String topic = settings.applicationId() + "-" + ApprovalStores.REPARTITION + "-repartition";
    return ClusterApprovals.snapshot(
        running(), self(), topic, partitionsOf(topic), remoteApprovals);
  }

  /** A repartition topic's partition count, read once from the broker; 503 while unknown. */
  private int partitionsOf(String topic) {
    try {
      return describePartitions(topic);
    } catch (ExecutionException | TimeoutException e) {
      throw ApiException.unavailable("the partitions of " + topic + " are not known yet", 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted", 1);
    }
  }

  /**
   * A source topic's partition count, for the ownership checks: read when the app starts (the
   * topics exist by then), so a stream thread only looks it up.
   */
  private int sourcePartitions(String topic) {
    try {
      return describePartitions(topic);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the partitions of " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the partitions of " + topic, e);
    }
  }

  private int describePartitions(String topic)
      throws ExecutionException, TimeoutException, InterruptedException {
    Integer known = partitionCounts.get(topic);
    if (known != null) {
      return known;
    }
    try (Admin admin = Admin.create(settings.adminConfig())) {
      int count =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      partitionCounts.put(topic, count);
      return count;
    }
  }

  public GraphIndex index() {
    return index;
  }

  private KafkaStreams running() {
    KafkaStreams s = lifecycle.streams();
    if (s == null || s.state() != KafkaStreams.State.RUNNING) {
      throw ApiException.unavailable(
          "lineage-streams is " + (s == null ? "starting" : s.state()) + "; try again shortly", 1);
    }
    return s;
  }

  private HostInfo self() {
    return settings
        .applicationServer()
        .map(HostInfo::buildFromEndpoint)
        .orElse(HostInfo.unavailable());
  }

  private String repartitionTopic() {
    return settings.applicationId() + "-" + GraphStores.FOLD_REPARTITION + "-repartition";
  }

  /** The fold's partition count, read once from the broker: ownership is decided by it. */
  private int graphPartitions() {
    int known = graphPartitions;
    if (known > 0) {
      return known;
    }
    try (Admin admin = Admin.create(settings.adminConfig())) {
      TopicDescription d =
          admin
              .describeTopics(List.of(repartitionTopic()))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(repartitionTopic());
      graphPartitions = d.partitions().size();
      return graphPartitions;
    } catch (ExecutionException | TimeoutException e) {
      throw ApiException.unavailable("the graph's partitions are not known yet", 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted", 1);
    }
  }

  public StreamsSettings settings() {
    return settings;
  }

  public Topology topology() {
    return topology;
  }

  /** Starts processing in the background; returns at once. */
  public synchronized void start() throws IOException {
    Files.createDirectories(settings.stateDir());
    // the ownership checks need them before the first record; the topics exist by now
    sourcePartitions(settings.topics().artifacts().name());
    sourcePartitions(settings.topics().runs().name());
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
                StreamsMeters.bind(registry, "lineage-streams", lifecycle.streams(), topology)
                    .parked(LineageTopology.PARKED_STORE)
                    .lag(
                        "lineage.fold.lag",
                        "events appended and not yet read by the verification or the fold",
                        List.of(
                            settings.topics().artifacts().name(),
                            settings.topics().runs().name(),
                            settings.topics().approvals().name(),
                            repartitionTopic())));
  }

  /**
   * Waits until the app runs (every task restored and processing), failing when it stops instead or
   * the time runs out.
   */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    lifecycle.awaitRunning(timeout);
  }

  /** The Streams state, {@code CREATED} before {@link #start()}. */
  public KafkaStreams.State state() {
    return lifecycle.state();
  }

  /** Up while running or rebalancing (a rebalance is part of running; queries answer 503). */
  public Health.Status health() {
    return lifecycle.health();
  }

  /** Registers this app's health as the {@code lineage-streams} component. */
  public void registerHealth(Health health) {
    lifecycle.registerHealth(health);
  }

  /** The running Streams instance, for interactive-query metadata; null before start. */
  public KafkaStreams streams() {
    return lifecycle.streams();
  }

  /** A local store of this instance (the partitions it owns, or all of a global store). */
  public <T> T store(String name, QueryableStoreType<T> type) {
    KafkaStreams s = lifecycle.streams();
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.store(StoreQueryParameters.fromNameAndType(name, type));
  }

  public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
    return store(name, QueryableStoreTypes.keyValueStore());
  }

  public void close(Duration timeout) {
    lifecycle.close(timeout);
    StreamsMeters m = streamsMeters;
    if (m != null) {
      m.close();
    }
    Producer<byte[], byte[]> p = attestedProducer;
    if (p != null) {
      p.close(timeout);
    }
    synchronized (this) {
      if (foldOffsets != null) {
        foldOffsets.close();
      }
    }
  }

  /**
   * {@code POST /api/v1/lineage}, when a gateway key and the producers' tokens are set: its
   * producer (to the attested topic) is made here and closed with the app.
   */
  private synchronized Optional<HttpIntake> openLineageHttp() {
    if (settings.gatewayKey().isEmpty() || settings.openLineageTokens().isEmpty()) {
      return Optional.empty();
    }
    if (attestedProducer == null) {
      Map<String, Object> config = settings.kafka().clientProperties(settings.bootstrapServers());
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-openlineage-http");
      attestedProducer =
          new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return Optional.of(
        new HttpIntake(
            settings.openLineageTokens().get(),
            new GatewayAttestation(settings.gatewayKey().get()),
            OpenLineageValidator.bundled(),
            attestedProducer,
            settings.topics().openLineageAttested().name(),
            Duration.ofSeconds(30)));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** {@code lineage-streams [settings.properties]}; the environment overrides the file. */
  public static void main(String[] args) throws Exception {
    Properties file = new Properties();
    if (args.length > 0) {
      try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
        file.load(in);
      }
    }
    LineageStreamsApp app = new LineageStreamsApp(StreamsSettings.load(file, System.getenv()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "lineage-streams-shutdown"));
    app.start();
    stopped.await();
  }
}
