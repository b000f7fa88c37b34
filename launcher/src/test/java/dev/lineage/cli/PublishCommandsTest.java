package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.cli.CliTest.Run;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The publishing commands without a broker: usage errors, help, and an unreachable cluster. */
class PublishCommandsTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  @TempDir Path tmp;
  String key;
  String pub;

  @BeforeEach
  void writeKeys() throws IOException {
    KeyPair kp = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    key = tmp.resolve("p.key").toString();
    pub = tmp.resolve("p.pub").toString();
    KeyPairs.writePrivateKey(kp.getPrivate(), Path.of(key));
    KeyPairs.writePublicKey(kp.getPublic(), Path.of(pub));
  }

  static Run emit(String... args) {
    return CliTest.run(new EmitCommand(), args);
  }

  static Run keys(String... args) {
    return CliTest.run(new KeysCommand(), args);
  }

  static void assertUsage(Run r, String message) {
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(message);
    assertThat(r.out()).isEmpty();
  }

  String[] artifact(String... more) {
    String[] base = {
      "artifact",
      "--bootstrap-servers",
      "localhost:9092",
      "--key",
      key,
      "--kind",
      "dataset",
      "--name",
      "features_v47"
    };
    return append(base, more);
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args : new String[][] {{"--help"}, {"artifact", "--help"}, {"run", "--help"}}) {
      Run r = emit(args);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("Usage:");
    }
    assertThat(emit("artifact", "--help").out())
        .contains("--bootstrap-servers", "--file", "--id", "--store", "--kind", "--timeout");
    assertThat(emit("run", "--help").out())
        .contains("--run-id", "--input", "--output", "--started-at", "--environment");
    for (String[] args : new String[][] {{"--help"}, {"grant", "--help"}, {"revoke", "--help"}}) {
      Run r = keys(args);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("Usage:");
    }
  }

  @Test
  void aSubcommandIsRequired() {
    assertUsage(emit(), "missing subcommand");
    assertUsage(keys(), "missing subcommand");
  }

  @Test
  void theArtifactIsAFileOrAnIdNotBothNorNeither() throws IOException {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertUsage(emit(artifact()), "--file");
    assertUsage(emit(artifact("--id", DIGEST, "--file", file.toString())), "mutually exclusive");
    assertUsage(emit(artifact("--id", DIGEST, "--store")), "--store needs --file");
    assertUsage(
        emit(artifact("--file", file.toString(), "--cas", tmp.toString())),
        "--cas is only used with --store");
  }

  @Test
  void malformedServersIdsAndReferencesAreUsageErrors() {
    assertUsage(
        emit(
            "artifact",
            "--bootstrap-servers",
            "localhost",
            "--key",
            key,
            "--kind",
            "dataset",
            "--name",
            "n",
            "--id",
            DIGEST),
        "HOST:PORT");
    assertUsage(emit(artifact("--id", "name:features_v47")), "name: reference");
    assertUsage(emit(artifact("--id", "sha256:ABC")), "sha256");
    assertUsage(
        emit(
            "artifact",
            "--bootstrap-servers",
            "localhost:9092",
            "--key",
            key,
            "--kind",
            "container_image",
            "--name",
            "trainer",
            "--id",
            "oci:ghcr.io/acme/trainer:latest"),
        "not pinned by digest");
    assertUsage(emit(artifact("--id", DIGEST, "--kind", "spaceship")), "is not one of");
    assertUsage(emit(artifact("--id", DIGEST, "--topic-prefix", "bad prefix!")), "--topic-prefix");
  }

  @Test
  void runsNeedARunIdAndBothTimesOrNeither() {
    String[] common = {
      "run",
      "--bootstrap-servers",
      "localhost:9092",
      "--key",
      key,
      "--process",
      "trainer",
      "--process-version",
      "1.4.0",
      "--input",
      DIGEST,
      "--output",
      "sha256:" + "cd".repeat(32)
    };
    String[] noPrefix = append(common, "--run-id", "training_j1829");
    assertUsage(emit(noPrefix), "runId");
    String[] oneTime = append(common, "--run-id", "run:r1", "--started-at", "2025-03-01T10:00:00Z");
    assertUsage(emit(oneTime), "--ended-at");
    String[] badTime =
        append(
            common,
            "--run-id",
            "run:r1",
            "--started-at",
            "yesterday",
            "--ended-at",
            "2025-03-01T10:00:00Z");
    assertUsage(emit(badTime), "ISO-8601");
  }

  @Test
  void grantsNameRealRolesAndRevocationsOneKey() {
    assertUsage(
        keys(
            "grant",
            "--bootstrap-servers",
            "localhost:9092",
            "--key",
            key,
            "--pub",
            pub,
            "--role",
            "unknown"),
        "is not one of");
    assertUsage(keys("revoke", "--bootstrap-servers", "localhost:9092", "--key", key), "--key-id");
    assertUsage(
        keys("revoke", "--bootstrap-servers", "localhost:9092", "--key", key, "--key-id", "abc"),
        "64 lowercase hex");
  }

  @Test
  void aKafkaConfigFileThatCannotBeReadIsAUsageErrorBeforeAnyConnection() throws IOException {
    Path missing = tmp.resolve("client.properties");
    Run r = emit(artifact("--id", DIGEST, "--kafka-config", missing.toString()));
    assertUsage(r, "--kafka-config " + missing + ": no such file");
    // one line: the usage error, then where to read more
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("--kafka-config " + missing + ": no such file")
        .endsWith("see 'emit artifact --help'");

    Files.writeString(missing, "bootstrap.servers=elsewhere:9092\n");
    assertUsage(
        emit(artifact("--id", DIGEST, "--kafka-config", missing.toString())),
        "sets bootstrap.servers");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anUnreachableClusterIsOneLineAndExitOneWithinTheTimeout() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    Run r =
        emit(
            "artifact",
            "--bootstrap-servers",
            "127.0.0.1:" + closedPort,
            "--timeout",
            "2",
            "--key",
            key,
            "--kind",
            "dataset",
            "--name",
            "features_v47",
            "--id",
            DIGEST);

    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .contains("cannot publish ArtifactRegistered to lineage.artifacts at 127.0.0.1:")
        .contains("reachable");
  }

  static String[] append(String[] base, String... more) {
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
