package dev.lineage.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) running
 * inside this JVM.
 *
 * <p>It is the same broker as a production one, only with replication factors of one: topics,
 * compaction, transactions and consumer groups behave as they do on a cluster. The data lives under
 * {@link #dataDir()} and survives a restart: a second start on the same directory reuses the
 * cluster id recorded there, so the topics and records written before are found again. One broker
 * at a time may use a data directory: a second one, in this JVM or another process, is refused.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker =
 *     EmbeddedKafkaBroker.builder().dataDir(Path.of("data/kafka")).kafkaPort(9092).start()) {
 *   String bootstrap = broker.bootstrapServers(); // "127.0.0.1:9092"
 * }
 * }</pre>
 *
 * <p>Its listeners are PLAINTEXT on the given host, without an authorizer (what {@code lineage up}
 * runs), unless {@link Builder#sasl(SaslScram)} asks for SASL/SCRAM with Kafka's standard
 * authorizer, where nothing is allowed without an ACL except to the super user (what the access
 * tests run).
 *
 * <p>Kafka's own INFO logging is lowered to WARN unless the application configured those loggers
 * itself (see {@link Builder#quietBrokerLogging(boolean)}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  /** Below {@code dataDir}: Kafka's log directory, which also holds the KRaft metadata log. */
  static final String LOG_DIR_NAME = "kraft-logs";

  static final String SERVER_PROPERTIES = "server.properties";

  private static final Duration READINESS_CALL_TIMEOUT = Duration.ofSeconds(2);
  private static final long READINESS_RETRY_PAUSE_MS = 50;

  /** Kafka's minimum for SCRAM, and what its own tools use by default. */
  private static final int SCRAM_ITERATIONS = 4096;

  private final KafkaRaftServer server;
  private final DataDirLock lock;
  private final String host;
  private final int port;
  private final int controllerPort;
  private final Path dataDir;
  private final String clusterId;
  private final SaslScram sasl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      DataDirLock lock,
      String host,
      int port,
      int controllerPort,
      Path dataDir,
      String clusterId,
      SaslScram sasl) {
    this.server = server;
    this.lock = lock;
    this.host = host;
    this.port = port;
    this.controllerPort = controllerPort;
    this.dataDir = dataDir;
    this.clusterId = clusterId;
    this.sasl = sasl;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address clients use, {@code host:port}, e.g. {@code 127.0.0.1:9092}. */
  public String bootstrapServers() {
    return host + ":" + port;
  }

  /** The port of the client listener. */
  public int port() {
    return port;
  }

  /** The port of the KRaft controller listener; clients never use it. */
  public int controllerPort() {
    return controllerPort;
  }

  /** The directory holding the broker's configuration, metadata and logs. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * The server properties this broker runs with, under {@link #dataDir()}. Kafka's own {@code
   * kafka.Kafka} runs the same broker from this file in another process once this one is closed
   * (e.g. to alter topics with Kafka's tools while no application uses them).
   */
  public Path serverProperties() {
    return dataDir.resolve(SERVER_PROPERTIES);
  }

  /** The KRaft cluster id, stable across restarts on the same {@link #dataDir()}. */
  public String clusterId() {
    return clusterId;
  }

  /** {@code PLAINTEXT}, or {@code SASL_PLAINTEXT} when started with {@link Builder#sasl}. */
  public String securityProtocol() {
    return sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
  }

  /** The SASL settings it runs with, if any. */
  public Optional<SaslScram> sasl() {
    return Optional.ofNullable(sasl);
  }

  /**
   * The client settings a client of the super user needs besides {@code bootstrap.servers}; empty
   * for a PLAINTEXT broker.
   */
  public Map<String, String> superUserClientProperties() {
    return sasl == null
        ? Map.of()
        : sasl.clientProperties(sasl.superUser(), sasl.superUserPassword());
  }

  /**
   * Creates a SCRAM user, or sets its password, with {@code Admin.alterUserScramCredentials} as the
   * super user, and returns once the broker authenticates with it.
   *
   * @return the client settings of that user (no {@code bootstrap.servers})
   * @throws IllegalStateException on a broker started without SASL
   */
  public Map<String, String> upsertScramUser(String user, String password)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (sasl == null) {
      throw new IllegalStateException("the broker runs without SASL: there are no SCRAM users");
    }
    Map<String, String> client = sasl.clientProperties(user, password);
    ScramMechanism mechanism = ScramMechanism.fromMechanismName(sasl.mechanism());
    Map<String, Object> config = new HashMap<>(superUserClientProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(mechanism, SCRAM_ITERATIONS), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
      // the controller has it; wait until the broker's own metadata has it too
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!admin
          .describeUserScramCredentials(List.of(user))
          .all()
          .get(30, TimeUnit.SECONDS)
          .containsKey(user)) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("the broker did not learn SCRAM user " + user);
        }
        TimeUnit.MILLISECONDS.sleep(READINESS_RETRY_PAUSE_MS);
      }
    }
    return client;
  }

  /**
   * Shuts the broker down cleanly and waits until it has stopped, so the log is not recovered on
   * the next start and the ports are free again. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.shutdown();
    } finally {
      try {
        server.awaitShutdown();
      } finally {
        lock.close();
      }
    }
    LOG.debug("Embedded Kafka broker on {} stopped", bootstrapServers());
  }

  /** Describes what to start; {@link #dataDir(Path)} is the only required setting. */
  public static final class Builder {
    private Path dataDir;
    private int kafkaPort;
    private int controllerPort;
    private String host = "127.0.0.1";
    private Duration startupTimeout = Duration.ofSeconds(60);
    private boolean quietBrokerLogging = true;
    private SaslScram sasl;
    private int nodeId = 1;
    private String voters;
    private String clusterId;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** Where the broker keeps its data; created if missing. Required. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** The client port; 0 (the default) picks a free one. */
    public Builder kafkaPort(int port) {
      this.kafkaPort = checkPort(port, "kafkaPort");
      return this;
    }

    /** The KRaft controller port; 0 (the default) picks a free one. */
    public Builder controllerPort(int port) {
      this.controllerPort = checkPort(port, "controllerPort");
      return this;
    }

    /** The address both listeners bind to and advertise; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /** How long to wait for the started broker to answer clients; default 60 s. */
    public Builder startupTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "startupTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive, got " + timeout);
      }
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * Whether to lower the broker's loggers ({@code kafka.*}, {@code state.change.logger} and the
     * broker-side {@code org.apache.kafka.*} packages) to WARN; default true. Only loggers the
     * application has not configured itself are touched, and only for slf4j-simple and Logback.
     */
    public Builder quietBrokerLogging(boolean quiet) {
      this.quietBrokerLogging = quiet;
      return this;
    }

    /**
     * Runs the client listener with SASL/SCRAM and the standard authorizer (see {@link SaslScram});
     * default: PLAINTEXT listeners, no authorizer.
     */
    public Builder sasl(SaslScram sasl) {
      this.sasl = Objects.requireNonNull(sasl, "sasl");
      return this;
    }

    /**
     * This node's {@code node.id}; default 1. Only with {@link #controllerQuorumVoters} can it be
     * another.
     */
    public Builder nodeId(int nodeId) {
      if (nodeId < 0) {
        throw new IllegalArgumentException("nodeId must be 0 or more, got " + nodeId);
      }
      this.nodeId = nodeId;
      return this;
    }

    /**
     * Makes this node one voter of a multi-node cluster: {@code controller.quorum.voters} as {@code
     * id@host:port,...}, which must name this node's {@link #nodeId} (its port is this node's
     * controller port). Replication factors follow the number of voters: min(3, n) copies, min(2,
     * n) in sync. Default: this node alone, with factors of one.
     */
    public Builder controllerQuorumVoters(String voters) {
      Objects.requireNonNull(voters, "voters");
      if (!voters.matches("\\d+@[^@,:\\s]+:\\d{1,5}(,\\d+@[^@,:\\s]+:\\d{1,5})*")) {
        throw new IllegalArgumentException(
            "voters must be id@host:port[,id@host:port...], got " + voters);
      }
      this.voters = voters;
      return this;
    }

    /**
     * The KRaft cluster id to format a new data directory with (every node of a cluster shares one;
     * Kafka's base64 UUID form, e.g. from {@code kafka-storage.sh random-uuid}); default: a random
     * one. A directory formatted with another id is refused.
     */
    public Builder clusterId(String clusterId) {
      Objects.requireNonNull(clusterId, "clusterId");
      try {
        Uuid.fromString(clusterId);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "clusterId must be a base64 UUID of 22 characters, got " + clusterId, e);
      }
      this.clusterId = clusterId;
      return this;
    }

    /** The controller port this node's own voter entry names, or 0 if none does. */
    private int voterPort() {
      for (String voter : voters.split(",")) {
        if (voter.startsWith(nodeId + "@")) {
          return Integer.parseInt(voter.substring(voter.lastIndexOf(':') + 1));
        }
      }
      return 0;
    }

    /**
     * Sets or overrides one broker property, e.g. {@code log.retention.hours}. Listener, node and
     * directory properties are derived from the other settings and cannot be overridden.
     */
    public Builder brokerProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (ServerProperties.DERIVED_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            key + " is derived from the builder's settings and cannot be overridden");
      }
      overrides.put(key, value);
      return this;
    }

    /**
     * Formats the data directory if needed, starts the broker and returns once it answers clients.
     *
     * @throws BrokerStartException if a port is taken, the data directory cannot be written, or the
     *     broker does not answer within the startup timeout
     */
    public EmbeddedKafkaBroker start() throws BrokerStartException {
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is required");
      }
      if (kafkaPort != 0 && kafkaPort == controllerPort) {
        throw new IllegalArgumentException(
            "kafkaPort and controllerPort must differ, both are " + kafkaPort);
      }
      if (voters == null && nodeId != 1) {
        throw new IllegalArgumentException(
            "nodeId " + nodeId + " needs controllerQuorumVoters naming it");
      }
      if (voters != null) {
        int own = voterPort();
        if (own == 0) {
          throw new IllegalArgumentException(
              "controllerQuorumVoters " + voters + " does not name node " + nodeId);
        }
        if (controllerPort != 0 && controllerPort != own) {
          throw new IllegalArgumentException(
              "controllerPort "
                  + controllerPort
                  + " differs from node "
                  + nodeId
                  + "'s voter port");
        }
        controllerPort = own;
      }
      if (quietBrokerLogging) {
        BrokerLogging.quietUnlessConfigured();
      }
      Path dir = dataDir.toAbsolutePath().normalize();
      prepareDataDir(dir);
      DataDirLock lock = DataDirLock.acquire(dir);
      boolean started = false;
      try {
        InetAddress address = resolve(host);
        int[] ports = choosePorts(address);
        Path logDir = dir.resolve(LOG_DIR_NAME);
        String clusterId = existingClusterId(logDir);
        if (clusterId != null && this.clusterId != null && !clusterId.equals(this.clusterId)) {
          throw new BrokerStartException(
              "Data directory "
                  + dir
                  + " belongs to cluster "
                  + clusterId
                  + ", not "
                  + this.clusterId);
        }
        if (clusterId == null) {
          clusterId = this.clusterId != null ? this.clusterId : Uuid.randomUuid().toString();
        }
        Properties props =
            ServerProperties.node(
                host,
                ports[0],
                ports[1],
                logDir,
                sasl,
                new ServerProperties.Quorum(nodeId, voters),
                overrides);
        Path propertiesFile = dir.resolve(SERVER_PROPERTIES);
        writeProperties(props, propertiesFile);
        format(clusterId, propertiesFile, logDir, sasl);
        KafkaRaftServer server = startServer(props, ports);
        EmbeddedKafkaBroker broker =
            new EmbeddedKafkaBroker(server, lock, host, ports[0], ports[1], dir, clusterId, sasl);
        awaitReady(broker);
        started = true;
        LOG.info(
            "Embedded Kafka broker ready on {} ({}, cluster {}, data {})",
            broker.bootstrapServers(),
            sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT " + sasl.mechanism(),
            clusterId,
            dir);
        return broker;
      } finally {
        if (!started) {
          lock.close();
        }
      }
    }

    private static int checkPort(int port, String name) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " must be 0..65535, got " + port);
      }
      return port;
    }

    private static void prepareDataDir(Path dir) throws BrokerStartException {
      try {
        Files.createDirectories(dir);
      } catch (IOException | SecurityException e) {
        throw new BrokerStartException(
            BrokerStartException.Problem.DATA_DIR_UNUSABLE,
            "Data directory " + dir + " is not writable: cannot create it (" + e + ")",
            e);
      }
      if (!Files.isDirectory(dir)) {
        throw new BrokerStartException(
            BrokerStartException.Problem.DATA_DIR_UNUSABLE,
            "Data directory " + dir + " is not a directory",
            null);
      }
      // isWritable() answers true for root on a read-only mount; writing a file is the real test.
      try {
        Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
        Files.delete(probe);
      } catch (IOException | SecurityException e) {
        throw new BrokerStartException(
            BrokerStartException.Problem.DATA_DIR_UNUSABLE,
            "Data directory " + dir + " is not writable (" + e + ")",
            e);
      }
    }

    private static InetAddress resolve(String host) throws BrokerStartException {
      try {
        return InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new BrokerStartException("Cannot resolve broker host " + host, e);
      }
    }

    /** Returns {kafka port, controller port}, checked or picked before Kafka tries to bind. */
    private int[] choosePorts(InetAddress address) throws BrokerStartException {
      if (kafkaPort != 0) {
        checkFree(address, kafkaPort, "Kafka port");
      }
      if (controllerPort != 0) {
        checkFree(address, controllerPort, "controller port");
      }
      // Both sockets stay open while picking so the two free ports cannot come out equal.
      try (ServerSocket first = kafkaPort == 0 ? bindEphemeral(address) : null;
          ServerSocket second = controllerPort == 0 ? bindEphemeral(address) : null) {
        return new int[] {
          first == null ? kafkaPort : first.getLocalPort(),
          second == null ? controllerPort : second.getLocalPort()
        };
      } catch (IOException e) {
        throw new BrokerStartException("Cannot find a free port on " + host + " (" + e + ")", e);
      }
    }

    private static ServerSocket bindEphemeral(InetAddress address) throws IOException {
      ServerSocket socket = new ServerSocket();
      try {
        socket.bind(new InetSocketAddress(address, 0));
        return socket;
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    }

    private void checkFree(InetAddress address, int port, String what) throws BrokerStartException {
      try (ServerSocket socket = new ServerSocket()) {
        // Same socket option as Kafka's acceptor, so a port in TIME_WAIT is not reported as taken.
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address, port));
      } catch (BindException e) {
        throw new BrokerStartException(
            BrokerStartException.Problem.PORT_IN_USE, portInUse(what, port), e);
      } catch (IOException e) {
        throw new BrokerStartException(
            "Cannot bind " + what + " " + port + " on " + host + " (" + e + ")", e);
      }
    }

    private String portInUse(String what, int port) {
      return what
          + " "
          + port
          + " on "
          + host
          + " is already in use: stop whatever listens there or choose another port";
    }

    private static String existingClusterId(Path logDir) throws BrokerStartException {
      Path meta = logDir.resolve("meta.properties");
      if (!Files.exists(meta)) {
        return null;
      }
      Properties props = new Properties();
      try (InputStream in = Files.newInputStream(meta)) {
        props.load(in);
      } catch (IOException e) {
        throw new BrokerStartException("Cannot read " + meta + " (" + e + ")", e);
      }
      String id = props.getProperty("cluster.id");
      if (id == null || id.isBlank()) {
        throw new BrokerStartException(meta + " has no cluster.id; the data directory is damaged");
      }
      return id.trim();
    }

    private static void writeProperties(Properties props, Path file) throws BrokerStartException {
      try {
        ownerOnly(file);
      } catch (IOException e) {
        throw new BrokerStartException(
            "Data directory " + file.getParent() + " is not writable (" + e + ")", e);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        props.store(out, "Written by EmbeddedKafkaBroker on every start; edits are overwritten");
      } catch (IOException e) {
        throw new BrokerStartException(
            "Data directory " + file.getParent() + " is not writable (" + e + ")", e);
      }
    }

    /**
     * The properties may hold the super user's password: the file is made readable by its owner
     * only before anything is written to it.
     */
    private static void ownerOnly(Path file) throws IOException {
      if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        return;
      }
      Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
      if (Files.exists(file)) {
        Files.setPosixFilePermissions(file, rw);
      } else {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(rw));
      }
    }

    private static void format(String clusterId, Path propertiesFile, Path logDir, SaslScram sasl)
        throws BrokerStartException {
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "format",
                  "-t",
                  clusterId,
                  "-c",
                  propertiesFile.toString(),
                  "--ignore-formatted"));
      if (sasl != null) {
        // the super user must log in before anyone can create users: its credential is in the
        // metadata log from the start (a directory formatted before keeps the one recorded then)
        args.add("--add-scram");
        args.add(
            sasl.mechanism()
                + "=[name="
                + sasl.superUser()
                + ",password="
                + sasl.superUserPassword()
                + "]");
      }
      int exitCode;
      try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
        exitCode = StorageTool.execute(args.toArray(new String[0]), out);
      } catch (RuntimeException e) {
        throw new BrokerStartException(
            "Cannot format Kafka log directory " + logDir + ": " + e.getMessage(), e);
      }
      String output = captured.toString(StandardCharsets.UTF_8).trim();
      if (exitCode != 0) {
        throw new BrokerStartException(
            "Cannot format Kafka log directory "
                + logDir
                + " (exit code "
                + exitCode
                + "): "
                + output);
      }
      LOG.debug("Storage format: {}", output);
    }

    private KafkaRaftServer startServer(Properties props, int[] ports) throws BrokerStartException {
      KafkaRaftServer server;
      try {
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      } catch (RuntimeException e) {
        throw new BrokerStartException("Invalid broker configuration: " + e.getMessage(), e);
      }
      try {
        server.startup();
        return server;
      } catch (RuntimeException e) {
        stopQuietly(server, e);
        if (causedByBindFailure(e)) {
          // Another process took a port between our check and Kafka's bind.
          throw new BrokerStartException(
              BrokerStartException.Problem.PORT_IN_USE,
              "Kafka port "
                  + ports[0]
                  + " or controller port "
                  + ports[1]
                  + " on "
                  + host
                  + " is already in use: stop whatever listens there or choose another port",
              e);
        }
        throw new BrokerStartException("Kafka broker failed to start: " + e.getMessage(), e);
      }
    }

    private void awaitReady(EmbeddedKafkaBroker broker) throws BrokerStartException {
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      Properties clientProps = new Properties();
      clientProps.putAll(broker.superUserClientProperties());
      clientProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      clientProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-readiness");
      Exception last = null;
      try (Admin admin = Admin.create(clientProps)) {
        do {
          long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          int callTimeout =
              (int) Math.max(1, Math.min(READINESS_CALL_TIMEOUT.toMillis(), remainingMs));
          try {
            if (!admin
                .describeCluster(new DescribeClusterOptions().timeoutMs(callTimeout))
                .nodes()
                .get(callTimeout, TimeUnit.MILLISECONDS)
                .isEmpty()) {
              return;
            }
          } catch (ExecutionException | TimeoutException e) {
            last = e;
          }
          pauseBeforeRetry();
        } while (System.nanoTime() < deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        broker.close();
        throw new BrokerStartException("Interrupted while waiting for the Kafka broker", e);
      }
      broker.close();
      throw new BrokerStartException(
          "Kafka broker on "
              + broker.bootstrapServers()
              + " did not answer within "
              + startupTimeout.toMillis()
              + " ms (raise startupTimeout on a slow machine)",
          last);
    }

    private static void pauseBeforeRetry() throws InterruptedException {
      TimeUnit.MILLISECONDS.sleep(READINESS_RETRY_PAUSE_MS);
    }

    private static boolean causedByBindFailure(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException
            || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
          return true;
        }
      }
      return false;
    }

    private static void stopQuietly(KafkaRaftServer server, Exception cause) {
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
