package dev.lineage.launcher;

import dev.lineage.access.ApiToken;
import dev.lineage.cli.KafkaConfigOption;
import dev.lineage.http.ClusterSecret;
import dev.lineage.impact.ImpactSettings;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.settings.CommonSettings;
import dev.lineage.settings.Setting;
import dev.lineage.settings.SettingValues;
import dev.lineage.settings.SettingsLoader;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * What a production instance of one application needs (docs/deployment.md): a cluster, its own
 * reachable address, the trust roots. Each option also reads the environment variable the compose
 * file sets, so a container needs no flags beyond its address. The app's own settings (those in
 * {@link StreamsSettings} and {@link ImpactSettings}) load through their declarations: {@code
 * --settings FILE}, then the environment, then the flags ({@link #appValues}).
 */
final class ServiceOptions {
  private static final Logger log = LoggerFactory.getLogger(ServiceOptions.class);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:LINEAGE_BOOTSTRAP_SERVERS}",
      paramLabel = "HOST:PORT",
      description = "Kafka cluster, HOST:PORT[,...] (env LINEAGE_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Mixin KafkaConfigOption kafkaConfig;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "Port of this instance's HTTP API (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
      paramLabel = "ADDRESS",
      description = "Address the HTTP API listens on (default: ${DEFAULT-VALUE}).")
  String bindHost;

  @Option(
      names = "--advertised-http",
      paramLabel = "HOST:PORT",
      description =
          "Where the other instances reach this one (Kafka Streams application.server). Required.")
  String advertisedHttp;

  @Option(
      names = "--trust-root",
      paramLabel = "PEM",
      split = ",",
      defaultValue = "${env:LINEAGE_TRUST_ROOTS}",
      description =
          "Public key (PEM) of a trust root; repeatable or comma-separated (env LINEAGE_TRUST_ROOTS)."
              + " Required: a shared instance never invents its own trust.")
  List<Path> trustRoots;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      defaultValue = "${env:LINEAGE_SETTINGS}",
      description =
          "A properties file of the app's settings (the tables in lineage-streams/README.md and"
              + " impact-service/README.md, streams.* included; env LINEAGE_SETTINGS). The"
              + " environment overrides it, and flags override both.")
  Path settingsFile;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:LINEAGE_DATA_DIR:-${env:LINEAGE_STATE_DIR:-state}}",
      paramLabel = "DIR",
      description =
          "Where this instance keeps its Kafka Streams state: RocksDB stores and checkpoints,"
              + " rebuilt from the topics if lost (env LINEAGE_DATA_DIR, formerly"
              + " LINEAGE_STATE_DIR; default ./state).")
  Path dataDir;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "Prefix of every topic name (env LINEAGE_TOPIC_PREFIX; default: lineage.).")
  String topicPrefix;

  @Option(
      names = "--standby-replicas",
      defaultValue = "${env:LINEAGE_NUM_STANDBY_REPLICAS:-0}",
      paramLabel = "N",
      description =
          "Warm copies of every store on other instances (env LINEAGE_NUM_STANDBY_REPLICAS).")
  int standbyReplicas;

  @Option(
      names = "--cluster-secret-file",
      paramLabel = "FILE",
      defaultValue = "${env:LINEAGE_CLUSTER_SECRET_FILE}",
      description =
          "The deployment's cluster secret, the same file for every instance of both apps (env"
              + " LINEAGE_CLUSTER_SECRET_FILE; at least 32 bytes, e.g. head -c 32 /dev/urandom)."
              + " Calls between instances carry a MAC under it. Required unless --bind is a"
              + " loopback address.")
  Path clusterSecretFile;

  @Option(
      names = "--api-token-file",
      paramLabel = "FILE",
      defaultValue = "${env:LINEAGE_API_TOKEN_FILE}",
      description =
          "Makes the read API require Authorization: Bearer <the token in FILE> (env"
              + " LINEAGE_API_TOKEN_FILE; e.g. openssl rand -base64 32). /v1/health stays open."
              + " Default: no token.")
  Path apiTokenFile;

  static final String DATA_DIR_DEPRECATED_ENV = "LINEAGE_STATE_DIR";

  /** The variables the launcher reads itself, with its own meaning: hidden from the apps. */
  private static final Set<String> LAUNCHER_ENV =
      Set.of(DATA_DIR_DEPRECATED_ENV, KafkaClientConfig.ENV, ClusterSecret.ENV);

  /** The flags the launcher reads itself (files it reads and reports on its own). */
  private static final Set<String> LAUNCHER_FLAGS =
      Set.of(
          "--data-dir",
          "--kafka-config",
          "--cluster-secret-file",
          "--settings",
          "--advertised-http");

  /**
   * The settings of {@code app} from the declarations: the settings file, then the environment,
   * then the flags given on this command line; a value that cannot be used is a usage error naming
   * its source.
   */
  SettingValues appValues(LocalStack.App app) {
    return appValues(app, System.getenv());
  }

  SettingValues appValues(LocalStack.App app, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    LAUNCHER_ENV.forEach(env::remove);
    Map<String, String> flags = new HashMap<>();
    ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed != null) {
      for (OptionSpec option : parsed.matchedOptions()) {
        if (!LAUNCHER_FLAGS.contains(option.longestName())) {
          flags.put(option.longestName(), String.join(",", option.stringValues()));
        }
      }
    }
    try {
      Properties file =
          unlessBlank(settingsFile) == null
              ? new Properties()
              : SettingsLoader.readFile(settingsFile);
      return app == LocalStack.App.STREAMS
          ? StreamsSettings.values(file, env, flags)
          : ImpactSettings.values(file, env, flags);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw usage(e.getMessage());
    }
  }

  LocalStack.Settings settings(LocalStack.App app) {
    return settings(app, appValues(app));
  }

  LocalStack.Settings settings(LocalStack.App app, SettingValues values) {
    if (System.getenv(DATA_DIR_DEPRECATED_ENV) != null
        && System.getenv("LINEAGE_DATA_DIR") == null) {
      log.warn(
          "{} is deprecated: set LINEAGE_DATA_DIR (the instance's data directory) instead",
          DATA_DIR_DEPRECATED_ENV);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      bootstrapServers =
          values.isSet(CommonSettings.BOOTSTRAP_SERVERS)
              ? values.get(CommonSettings.BOOTSTRAP_SERVERS)
              : null;
    }
    if ((trustRoots == null || trustRoots.isEmpty()) && values.isSet(CommonSettings.TRUST_ROOTS)) {
      trustRoots = values.get(CommonSettings.TRUST_ROOTS);
    }
    if (advertisedHttp == null) {
      Setting<String> server =
          app == LocalStack.App.STREAMS
              ? StreamsSettings.APPLICATION_SERVER
              : ImpactSettings.APPLICATION_SERVER;
      advertisedHttp = values.isSet(server) ? values.get(server) : null;
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw usage("--bootstrap-servers (or LINEAGE_BOOTSTRAP_SERVERS) is required");
    }
    if (advertisedHttp == null || !advertisedHttp.matches("[^:\\s]+:\\d{1,5}")) {
      throw usage("--advertised-http HOST:PORT is required (where peers reach this instance)");
    }
    if (trustRoots == null || trustRoots.isEmpty()) {
      throw usage("--trust-root PEM (or LINEAGE_TRUST_ROOTS) is required");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw usage("--http-port must be between 0 and 65535, got " + httpPort);
    }
    if (standbyReplicas < 0) {
      throw usage("--standby-replicas must be 0 or more");
    }
    Topics topics;
    try {
      topics = Topics.withPrefix(values.get(CommonSettings.TOPIC_PREFIX));
    } catch (IllegalArgumentException e) {
      throw usage("--topic-prefix: " + e.getMessage());
    }
    LocalStack.HttpAccess access = access();
    // only when given: a settings file's streams.num.standby.replicas holds otherwise
    if (standbyGiven()) {
      values =
          values.withPassthrough(Map.of("num.standby.replicas", Integer.toString(standbyReplicas)));
    }
    return new LocalStack.Settings(
        dataDir.toAbsolutePath().normalize(),
        0,
        httpPort,
        bootstrapServers,
        topics,
        List.copyOf(trustRoots),
        bindHost,
        advertisedHttp,
        EnumSet.of(app),
        app == LocalStack.App.STREAMS ? values : SettingValues.defaults(StreamsSettings.DECLARED),
        app == LocalStack.App.IMPACT ? values : SettingValues.defaults(ImpactSettings.DECLARED),
        access,
        kafkaConfig.load(spec));
  }

  /**
   * The secret and the token, read now so a bad file is a usage error before anything starts; and
   * the refusal to serve beyond this host without a secret, since anyone who reaches the port could
   * otherwise read the internal endpoints.
   */
  private LocalStack.HttpAccess access() {
    Path secretFile = unlessBlank(clusterSecretFile);
    if (secretFile == null && !isLoopback(bindHost)) {
      throw usage(
          "refusing to serve on "
              + bindHost
              + " (not a loopback address) without a cluster secret: give every instance the same"
              + " --cluster-secret-file FILE (or LINEAGE_CLUSTER_SECRET_FILE), or --bind"
              + " 127.0.0.1");
    }
    Optional<ClusterSecret> secret = Optional.empty();
    Optional<ApiToken> token = Optional.empty();
    try {
      if (secretFile != null) {
        secret = Optional.of(ClusterSecret.read(secretFile));
      }
      Path tokenFile = unlessBlank(apiTokenFile);
      if (tokenFile != null) {
        token = Optional.of(ApiToken.read(tokenFile));
      }
    } catch (NoSuchFileException e) {
      throw usage("no such file: " + e.getFile());
    } catch (IOException e) {
      throw usage("cannot read " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    return new LocalStack.HttpAccess(secret, false, token);
  }

  private boolean standbyGiven() {
    ParseResult parsed = spec.commandLine().getParseResult();
    String env = System.getenv("LINEAGE_NUM_STANDBY_REPLICAS");
    return (parsed != null && parsed.hasMatchedOption("--standby-replicas"))
        || (env != null && !env.isBlank());
  }

  /** Whether every address the name stands for is a loopback one (an unknown name is not). */
  static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** An environment variable set but empty means unset, not the working directory. */
  private static Path unlessBlank(Path path) {
    return path == null || path.toString().isBlank() ? null : path;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
