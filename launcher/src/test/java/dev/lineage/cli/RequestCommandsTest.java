package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.cli.CliTest.Run;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lineage delete} and {@code lineage bug-report} without a broker. */
class RequestCommandsTest {
  @TempDir Path tmp;
  String key;
  Path records;
  Path cas;

  @BeforeEach
  void writeFiles() throws IOException {
    key = tmp.resolve("g.key").toString();
    KeyPairs.writePrivateKey(
        KeyPairs.generate(Algorithm.ECDSA_P256_SHA256).getPrivate(), Path.of(key));
    records = Files.writeString(tmp.resolve("keys.txt"), "cust-1001\ncust-1002\n");
    cas = tmp.resolve("cas");
  }

  static Run delete(String... args) {
    return CliTest.run(new DeleteCommand(), args);
  }

  static Run bug(String... args) {
    return CliTest.run(new BugReportCommand(), args);
  }

  /** Without --cas or --location. */
  String[] deletionArgs(String... more) {
    String[] base = {
      "--bootstrap-servers",
      "localhost:9092",
      "--key",
      key,
      "--subject",
      "source:transactions_q1",
      "--records",
      records.toString()
    };
    return PublishCommandsTest.append(base, more);
  }

  String[] deletion(String... more) {
    return PublishCommandsTest.append(deletionArgs("--cas", cas.toString()), more);
  }

  String[] report(String... more) {
    String[] base = {
      "--bootstrap-servers",
      "localhost:9092",
      "--key",
      key,
      "--process",
      "fraud_signal_extractor",
      "--from",
      "2025-01-01T00:00:00Z",
      "--to",
      "2025-04-01T00:00:00Z"
    };
    return PublishCommandsTest.append(base, more);
  }

  @Test
  void helpWarnsAboutPersonalData() {
    Run d = delete("--help");
    assertThat(d.code()).isZero();
    assertThat(d.out())
        .contains("--subject", "--records", "--reason", "--deadline", "--request-id")
        .contains("--location", "--cas", "--bootstrap-servers")
        .contains("must NEVER hold", "personal data (no names, e-mails, customer ids)");
    Run b = bug("--help");
    assertThat(b.code()).isZero();
    assertThat(b.out())
        .contains("--process", "--min-version", "--max-version", "--from", "--to", "--report-id")
        .contains("--description must never hold personal data");
  }

  @Test
  void theSubjectIsOneDataNode() {
    String[] args = deletion();
    args[5] = "name:features_v47";
    PublishCommandsTest.assertUsage(delete(args), "name: reference");
    args[5] = "run:training_j1829";
    PublishCommandsTest.assertUsage(delete(args), "is a run");
    args[5] = "transactions_q1";
    PublishCommandsTest.assertUsage(delete(args), "no known node id prefix");
    // refused before anything was stored
    assertThat(cas).doesNotExist();
  }

  @Test
  void theRecordFileMustHoldKeys() throws IOException {
    Files.writeString(records, "\n  \n\r\n");
    PublishCommandsTest.assertUsage(delete(deletion()), "holds no record key");
    String[] args = deletion();
    args[7] = tmp.resolve("absent").toString();
    PublishCommandsTest.assertUsage(delete(args), "no such file");
  }

  @Test
  void otherBadArgumentsAreUsageErrors() {
    PublishCommandsTest.assertUsage(
        delete(deletionArgs("--legacy-cas", "--location", "just-a-path")),
        "not a URI with a scheme");
    PublishCommandsTest.assertUsage(delete(deletion("--deadline", "tomorrow")), "ISO-8601");
    PublishCommandsTest.assertUsage(
        delete(deletion("--request-id", "has\u0007bell")),
        "request id contains a control character");
    PublishCommandsTest.assertUsage(delete(deletion("--reason", "a\u0007b")), "control character");
  }

  @Test
  void theCasIsUsedForAListOnlyWithTheLegacyFlag() {
    PublishCommandsTest.assertUsage(
        delete(deletion("--location", "s3://gdpr/req-42.txt")), "add --legacy-cas");
    PublishCommandsTest.assertUsage(
        delete(deletion("--legacy-cas", "--vault", tmp.resolve("v").toString())),
        "kept in one place only");
    assertThat(cas).doesNotExist();
    assertThat(tmp.resolve("vault")).doesNotExist();
  }

  @Test
  void theVaultIsTheOptionThenTheEnvironmentThenBesideTheCas() {
    Path option = tmp.resolve("mine");
    assertThat(DeleteCommand.vaultDir(option, cas, java.util.Map.of("LINEAGE_VAULT", "/x")))
        .isEqualTo(option);
    assertThat(DeleteCommand.vaultDir(null, cas, java.util.Map.of("LINEAGE_VAULT", "/x")))
        .isEqualTo(Path.of("/x"));
    // lineage up --data-dir D keeps its CAS in D/cas and its impact service erases from D/vault
    assertThat(DeleteCommand.vaultDir(null, tmp.resolve("data/cas"), java.util.Map.of()))
        .isEqualTo(tmp.resolve("data/vault").toAbsolutePath().normalize());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anUnreachableClusterFailsWithoutPrintingTheKeys() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String[] args = deletion("--timeout", "2");
    args[1] = "127.0.0.1:" + closedPort;
    Run r = delete(args);
    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.err()).contains("127.0.0.1:" + closedPort);
    assertThat(r.out() + r.err()).doesNotContain("cust-1001");
  }

  @Test
  void theWindowMustEndAfterItStarts() {
    String[] args = report();
    args[9] = "2024-12-31T00:00:00Z";
    PublishCommandsTest.assertUsage(bug(args), "--to (2024-12-31T00:00:00Z) must be after");
    args[9] = "2025-01-01T01:00:00+01:00";
    PublishCommandsTest.assertUsage(bug(args), "must be after");
    PublishCommandsTest.assertUsage(
        bug("--bootstrap-servers", "localhost:9092", "--key", key, "--process", "p"), "--from");
  }

  @Test
  void versionsAndNamesAreChecked() {
    PublishCommandsTest.assertUsage(
        bug(report("--min-version", "2.10", "--max-version", "2.9")),
        "min version 2.10 is after max version 2.9");
    PublishCommandsTest.assertUsage(bug(report("--min-version", "2\u00003")), "min version");
    String[] args = report();
    args[5] = "bad\tprocess";
    PublishCommandsTest.assertUsage(bug(args), "process name");
    PublishCommandsTest.assertUsage(bug(report("--report-id", "")), "report id is empty");
  }
}
