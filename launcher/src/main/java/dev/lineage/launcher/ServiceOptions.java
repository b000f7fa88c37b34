package dev.lineage.launcher;

import dev.lineage.topics.Topics;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What a production instance of one application needs (docs/deployment.md): a cluster, its own
 * reachable address, the trust roots. Each option also reads the environment variable the compose
 * file sets, so a container needs no flags beyond its address.
 */
final class ServiceOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:LINEAGE_BOOTSTRAP_SERVERS}",
      paramLabel = "HOST:PORT",
      description = "Kafka cluster, HOST:PORT[,...] (env LINEAGE_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

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
      names = "--data-dir",
      defaultValue = "${env:LINEAGE_STATE_DIR:-state}",
      paramLabel = "DIR",
      description =
          "Where this instance keeps its Kafka Streams state: RocksDB stores and checkpoints,"
              + " rebuilt from the topics if lost (env LINEAGE_STATE_DIR; default ./state).")
  Path dataDir;

  @Option(
      names = "--topic-prefix",
      defaultValue = "lineage.",
      paramLabel = "PREFIX",
      description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--standby-replicas",
      defaultValue = "${env:LINEAGE_NUM_STANDBY_REPLICAS:-0}",
      paramLabel = "N",
      description =
          "Warm copies of every store on other instances (env LINEAGE_NUM_STANDBY_REPLICAS).")
  int standbyReplicas;

  LocalStack.Settings settings(LocalStack.App app) {
    return settings(app, LocalStack.ImpactOptions.local());
  }

  LocalStack.Settings settings(LocalStack.App app, LocalStack.ImpactOptions impact) {
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
      topics = Topics.withPrefix(topicPrefix);
    } catch (IllegalArgumentException e) {
      throw usage("--topic-prefix: " + e.getMessage());
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("num.standby.replicas", Integer.toString(standbyReplicas));
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
        overrides,
        impact);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
