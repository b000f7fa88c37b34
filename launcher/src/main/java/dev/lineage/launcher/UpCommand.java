package dev.lineage.launcher;

import dev.lineage.cli.KafkaConfigOption;
import dev.lineage.impact.ImpactSettings;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.settings.SettingValues;
import dev.lineage.settings.SettingsLoader;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.topics.Topics;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Lineage locally: an embedded single-node KRaft Kafka broker (unless --bootstrap-servers names a"
          + " cluster), the topics, and the HTTP API, until Ctrl-C or SIGTERM.",
      "Prints one line beginning 'ready:' with the Kafka and HTTP addresses once everything runs."
    })
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = ".lineage",
      paramLabel = "DIR",
      description =
          "Where the local stack keeps everything, found again on the next start: the broker's"
              + " data (kafka/), the Kafka Streams state of both apps (streams/, impact/), the keys"
              + " it makes (keys/: the local root, the impact service's key, the OpenLineage"
              + " gateway's key and its producer tokens) and the"
              + " content-addressed store (cas/); with --demo also its throwaway keys (demo/)."
              + " Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      paramLabel = "PORT",
      description = "Port of the embedded broker (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int kafkaPort;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "Port of the HTTP API (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int httpPort;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka cluster (HOST:PORT[,...]) instead of the embedded broker.")
  String bootstrapServers;

  @Mixin KafkaConfigOption kafkaConfig;

  @Option(
      names = "--trust-root",
      paramLabel = "PEM",
      description =
          "Public key (PEM) of a trust root: grants on the keys topic must be signed by a root or an"
              + " admin key. Repeatable. Without it, a local root key is made (once) under the data"
              + " directory, in keys/root.key and keys/root.pub.")
  List<Path> trustRoots;

  @Option(
      names = "--topic-prefix",
      defaultValue = "lineage.",
      paramLabel = "PREFIX",
      description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      description =
          "A properties file of the apps' settings (the tables in lineage-streams/README.md and"
              + " impact-service/README.md, streams.* included), as lineage streams and lineage"
              + " impact read it; what up decides itself (cluster, topics, roots, addresses) is set"
              + " over it. The environment is not read for these here: it holds the CLI's own.")
  Path settingsFile;

  @Option(
      names = "--demo",
      description =
          "Once up, play the design's story end to end: throwaway keys, the seed scenario with its"
              + " files in the CAS and a signed training manifest, a deletion request on"
              + " source:transactions_q1, and the retraining triggers it yields; then keep serving.")
  boolean demo;

  @Override
  public Integer call() throws Exception {
    if (demo && trustRoots != null && !trustRoots.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--demo signs its key grants with the local root, so it cannot run with --trust-root");
    }
    validatePort("--kafka-port", kafkaPort);
    validatePort("--http-port", httpPort);
    Topics topics;
    try {
      topics = Topics.withPrefix(topicPrefix);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--topic-prefix: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    KafkaClientConfig kafka = KafkaClientConfig.none();
    if (bootstrapServers != null) {
      kafka = kafkaConfig.load(spec);
    } else if (kafkaConfig.givenOnCommandLine()) {
      throw new ParameterException(
          spec.commandLine(),
          "--kafka-config needs --bootstrap-servers: the embedded broker is PLAINTEXT on loopback");
    } else if (kafkaConfig.given()) {
      out.println(
          "lineage: "
              + KafkaClientConfig.ENV
              + " is not used: the embedded broker is PLAINTEXT on loopback");
    }
    Properties file = new Properties();
    SettingValues streams;
    SettingValues impact;
    try {
      if (settingsFile != null) {
        file = SettingsLoader.readFile(settingsFile);
      }
      streams = StreamsSettings.values(file, Map.of(), Map.of());
      impact = ImpactSettings.values(file, Map.of(), Map.of());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), "--settings: " + e.getMessage());
    }
    LocalStack.Settings settings =
        LocalStack.Settings.local(
                dataDir.toAbsolutePath().normalize(),
                kafkaPort,
                httpPort,
                bootstrapServers,
                topics,
                trustRoots == null ? List.of() : trustRoots,
                kafka)
            .withApps(streams, impact);

    return Foreground.serve(
        settings,
        out,
        stack -> {
          if (demo) {
            new Demo(stack, topics, settings.dataDir(), out).run();
          }
        });
  }

  private void validatePort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), option + " must be between 0 and 65535, got " + port);
    }
  }
}
