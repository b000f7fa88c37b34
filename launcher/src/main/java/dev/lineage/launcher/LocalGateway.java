package dev.lineage.launcher;

import dev.lineage.avro.Role;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.gateway.ProducerTokens;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.signing.Signer;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.trust.RoleGrant;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The OpenLineage gateway of a local stack (issue 15), as the impact service's key is kept: its key
 * is the one set ({@code lineage.gateway.key}) or one made on the first start under the data
 * directory's {@code keys/} and reused after; the local root grants it {@code GATEWAY} unless the
 * keys topic shows it holds the role already (with {@code --trust-root} given, an admin grants it);
 * and the OpenLineage topic is created when missing, so the integrations have somewhere to write.
 * On an existing cluster ({@code --bootstrap-servers}) all this happens only when a gateway key is
 * set; otherwise the gateway stays off.
 */
final class LocalGateway {
  /** The local stack's producer token file, under the data directory's keys/. */
  static final String TOKENS_FILE = "openlineage-tokens";

  /** The producer name of the token a local stack makes for itself. */
  static final String LOCAL_PRODUCER = "local";

  private LocalGateway() {}

  /**
   * The token file, made on the first start with one random token for the producer {@value
   * #LOCAL_PRODUCER}, readable by its owner only.
   */
  static Path ensureTokens(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(
          tmp,
          "# <producer name> <bearer token> for POST /api/v1/lineage (lineage openlineage send)\n"
              + LOCAL_PRODUCER
              + " "
              + token
              + "\n");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the data directory's own permissions protect it
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
    return file;
  }

  static StreamsSettings prepare(
      StreamsSettings streams,
      Path dataDir,
      boolean embedded,
      boolean localRoot,
      Admin admin,
      String bootstrapServers,
      KafkaClientConfig kafka,
      List<Path> roots,
      short replication,
      Duration timeout,
      PrintWriter out) {
    if (!embedded && streams.gatewayKey().isEmpty()) {
      // on a cluster of its own the operator decides: creating a topic and granting a role there
      // is theirs to do (and ACLs may forbid both)
      out.println(
          "lineage: OpenLineage gateway off (set lineage.gateway.key, with the key granted GATEWAY"
              + " and the topic "
              + streams.openLineageTopic()
              + " created, to take OpenLineage events in)");
      return streams;
    }
    Path keys = dataDir.resolve("keys");
    try {
      Signer gateway =
          streams.gatewayKey().isPresent()
              ? streams.gatewayKey().get()
              : LocalTrust.ensureKey(keys.resolve("openlineage-gateway.key"));
      Path rootKey = keys.resolve("root.key");
      String granted;
      if (localRoot && Files.exists(rootKey)) {
        boolean published =
            RoleGrant.ensure(
                    bootstrapServers,
                    kafka,
                    streams.topics(),
                    TrustAnchors.fromPemFiles(roots),
                    Signer.fromPrivateKeyFile(rootKey),
                    gateway,
                    Role.GATEWAY,
                    timeout)
                .isPresent();
        granted = published ? " granted GATEWAY by the local root" : " holds GATEWAY";
      } else {
        granted = " (not granted here: grant it GATEWAY with an admin key)";
      }
      createTopic(
          admin,
          streams.openLineageTopic(),
          streams.topics().eventPartitions(),
          replication,
          timeout);
      StreamsSettings prepared = streams.with(StreamsSettings.GATEWAY_KEY, gateway);
      String tokens = "";
      if (streams.openLineageTokens().isEmpty()) {
        Path file = ensureTokens(keys.resolve(TOKENS_FILE));
        prepared = prepared.with(StreamsSettings.OPENLINEAGE_TOKENS, ProducerTokens.read(file));
        tokens = "; POST /api/v1/lineage tokens in " + file;
      }
      out.println(
          "lineage: OpenLineage gateway key "
              + gateway.keyId()
              + granted
              + "; reading "
              + streams.openLineageTopic()
              + tokens);
      return prepared;
    } catch (IOException e) {
      throw new CommandFailedException(
          "cannot prepare the OpenLineage gateway: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailedException("interrupted while granting the OpenLineage gateway key", e);
    }
  }

  private static void createTopic(
      Admin admin, String name, int partitions, short replication, Duration timeout)
      throws IOException, InterruptedException {
    try {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, replication)))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IOException(
            "cannot create the topic " + name + ": " + e.getCause(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IOException("cannot create the topic " + name + " within " + timeout, e);
    }
  }
}
