package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.cli.CliTest.Run;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lineage approve} without a broker: what it refuses, and an unreachable cluster. */
class ApproveCommandTest {
  static final String MODEL = "sha256:" + "ab".repeat(32);
  static final String MANIFEST = "sha256:" + "cd".repeat(32);

  @TempDir Path tmp;
  String key;

  @BeforeEach
  void writeKey() throws IOException {
    key = tmp.resolve("approver.key").toString();
    KeyPairs.writePrivateKey(
        KeyPairs.generate(Algorithm.ECDSA_P256_SHA256).getPrivate(), Path.of(key));
  }

  static Run approve(String... args) {
    return CliTest.run(new ApproveCommand(), args);
  }

  String[] args(String... more) {
    String[] base = {
      "--bootstrap-servers",
      "localhost:9092",
      "--key",
      key,
      "--model",
      MODEL,
      "--manifest",
      MANIFEST
    };
    return PublishCommandsTest.append(base, more);
  }

  @Test
  void helpNamesTheOptions() {
    Run r = approve("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("--model")
        .contains("--manifest")
        .contains("--decision")
        .contains("--comment")
        .contains("--bootstrap-servers")
        .contains("APPROVER");
  }

  @Test
  void theModelAndTheManifestAreRequiredExactDigests() {
    PublishCommandsTest.assertUsage(
        approve("--bootstrap-servers", "localhost:9092", "--key", key, "--manifest", MANIFEST),
        "--model");
    PublishCommandsTest.assertUsage(
        approve("--bootstrap-servers", "localhost:9092", "--key", key, "--model", MODEL),
        "--manifest");
    PublishCommandsTest.assertUsage(
        approve(
            "--bootstrap-servers",
            "localhost:9092",
            "--key",
            key,
            "--model",
            "name:model_m92",
            "--manifest",
            MANIFEST),
        "--model");
    PublishCommandsTest.assertUsage(
        approve(
            "--bootstrap-servers",
            "localhost:9092",
            "--key",
            key,
            "--model",
            MODEL,
            "--manifest",
            "sha256:" + "AB".repeat(32)),
        "--manifest");
  }

  @Test
  void theDecisionIsApprovedOrRejectedAndTheCommentIsBounded() {
    PublishCommandsTest.assertUsage(approve(args("--decision", "maybe")), "approved, rejected");
    PublishCommandsTest.assertUsage(approve(args("--decision", "unknown")), "approved, rejected");
    PublishCommandsTest.assertUsage(
        approve(args("--comment", "x".repeat(ApproveCommand.MAX_COMMENT + 1))), "--comment");
  }

  @Test
  void aMissingKeyFileIsAUsageError() {
    Run r =
        approve(
            "--bootstrap-servers",
            "localhost:9092",
            "--key",
            tmp.resolve("absent.key").toString(),
            "--model",
            MODEL,
            "--manifest",
            MANIFEST);
    PublishCommandsTest.assertUsage(r, "no such file or directory");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anUnreachableClusterIsExitOne() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Run r =
        approve(
            "--bootstrap-servers",
            "127.0.0.1:" + closedPort,
            "--timeout",
            "2",
            "--key",
            key,
            "--model",
            MODEL,
            "--manifest",
            MANIFEST,
            "--decision",
            "rejected");
    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("cannot publish DeploymentApproved to lineage.approvals");
  }
}
