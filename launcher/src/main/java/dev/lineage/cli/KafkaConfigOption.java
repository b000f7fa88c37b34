package dev.lineage.cli;

import dev.lineage.kafka.InvalidKafkaConfigException;
import dev.lineage.kafka.KafkaClientConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --kafka-config FILE}, or {@code LINEAGE_KAFKA_CONFIG=FILE}: the Kafka client properties
 * ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}, ...) of every command that talks to
 * Kafka. A file that cannot be used is a usage error (exit 2), said in one line.
 */
public final class KafkaConfigOption {
  public static final String DESCRIPTION =
      "Kafka client properties (security.protocol, ssl.*, sasl.*, ...) for a secured cluster"
          + " (env LINEAGE_KAFKA_CONFIG). Secrets go in this file, never on the command line.";

  @Option(names = "--kafka-config", paramLabel = "FILE", description = DESCRIPTION)
  Path file;

  /** The settings of the option, else of the environment variable, else none. */
  public KafkaClientConfig load(CommandSpec spec) {
    return load(spec, file, System.getenv());
  }

  /** {@link #load(CommandSpec)} for a command declaring the option itself (in an arg group). */
  static KafkaClientConfig load(CommandSpec spec, Path file) {
    return load(spec, file, System.getenv());
  }

  static KafkaClientConfig load(CommandSpec spec, Path file, Map<String, String> env) {
    try {
      return KafkaClientConfig.resolve(file, env);
    } catch (InvalidKafkaConfigException e) {
      String from = file != null ? "--kafka-config" : KafkaClientConfig.ENV;
      throw new ParameterException(
          spec.commandLine(), from + " " + e.where() + ": " + e.reason(), e);
    }
  }

  /** Whether a file was named, by the option or the environment. */
  public boolean given() {
    return given(System.getenv());
  }

  boolean given(Map<String, String> env) {
    String fromEnv = env.get(KafkaClientConfig.ENV);
    return file != null || (fromEnv != null && !fromEnv.isBlank());
  }

  /** Whether the option itself (not the environment) named a file. */
  public boolean givenOnCommandLine() {
    return file != null;
  }
}
