package dev.lineage.launcher;

import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a command reads signed topics and what it verifies them against: {@code
 * --bootstrap-servers}, {@code --topic-prefix}, {@code --data-dir} and {@code --trust-root}, read
 * the same way by every command that reads and verifies the topics itself ({@code audit}, {@code
 * triggers}, {@code record-lists migrate}). Malformed values are usage errors (exit 2).
 */
final class VerifiedFeedOptions {
  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      paramLabel = "HOST:PORT",
      description = "Kafka cluster (default: ${DEFAULT-VALUE}, the local stack).")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      defaultValue = Topics.DEFAULT_PREFIX,
      paramLabel = "PREFIX",
      description = "Prefix of the topic names (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--data-dir",
      defaultValue = ".lineage",
      paramLabel = "DIR",
      description =
          "The data directory of the local stack (lineage up --data-dir) whose root key,"
              + " DIR/keys/root.pub, is the trust root when no --trust-root is given (default:"
              + " ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--trust-root",
      paramLabel = "PEM",
      description =
          "Root public key(s) to verify against, repeatable (default: the local stack's, in"
              + " --data-dir).")
  List<Path> trustRoots;

  /** The topics under {@code --topic-prefix}. */
  Topics topics(CommandSpec spec) {
    try {
      return Topics.withPrefix(topicPrefix);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--topic-prefix: " + e.getMessage());
    }
  }

  /** The roots of {@code --trust-root}, else the local stack's in {@code --data-dir}. */
  TrustAnchors roots(CommandSpec spec) {
    List<Path> files = trustRoots;
    if (files == null || files.isEmpty()) {
      Path local = dataDir.resolve("keys").resolve("root.pub");
      if (!Files.isRegularFile(local)) {
        throw new ParameterException(
            spec.commandLine(),
            "no trust root: "
                + local
                + " does not exist; give the --data-dir of the lineage up that made it, or"
                + " --trust-root PEM");
      }
      files = List.of(local);
    }
    try {
      return TrustAnchors.fromPemFiles(files);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--trust-root: cannot read " + files + ": " + e.getMessage());
    }
  }
}
