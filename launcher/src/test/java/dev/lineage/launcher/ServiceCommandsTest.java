package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The production service commands refuse to start without what a shared instance must be told. */
class ServiceCommandsTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  @Test
  void streamsNeedsItsAdvertisedAddress() {
    int code = run("streams", "--bootstrap-servers", "kafka-1:19092", "--trust-root", "root.pub");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--advertised-http HOST:PORT is required");
  }

  @Test
  void streamsNeedsATrustRoot() {
    int code =
        run(
            "streams",
            "--bootstrap-servers",
            "kafka-1:19092",
            "--advertised-http",
            "lineage-streams-1:8080");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--trust-root PEM (or LINEAGE_TRUST_ROOTS) is required");
  }

  @Test
  void aMalformedAdvertisedAddressIsRefused() {
    int code =
        run(
            "streams",
            "--bootstrap-servers",
            "kafka-1:19092",
            "--trust-root",
            "root.pub",
            "--advertised-http",
            "no-port");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--advertised-http HOST:PORT is required");
  }

  private static final String[] SHARED = {
    "--bootstrap-servers",
    "kafka-1:19092",
    "--trust-root",
    "root.pub",
    "--advertised-http",
    "lineage-streams-1:8080"
  };

  private static String[] with(String command, String... more) {
    String[] args = new String[1 + SHARED.length + more.length];
    args[0] = command;
    System.arraycopy(SHARED, 0, args, 1, SHARED.length);
    System.arraycopy(more, 0, args, 1 + SHARED.length, more.length);
    return args;
  }

  @Test
  void bothServicesRefuseToServeBeyondThisHostWithoutAClusterSecret() {
    for (String command : new String[] {"streams", "impact"}) {
      String[][] variants = {
        with(command), with(command, "--bind", "0.0.0.0"), with(command, "--bind", "::")
      };
      for (String[] args : variants) {
        err.getBuffer().setLength(0);
        int code = run(command.equals("impact") ? withLineageHttp(args) : args);

        assertThat(code).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString())
            .contains("(not a loopback address) without a cluster secret")
            .contains("--cluster-secret-file FILE (or LINEAGE_CLUSTER_SECRET_FILE)");
        assertThat(err.toString().lines().filter(l -> l.contains("refusing")).count()).isEqualTo(1);
      }
    }
  }

  private static String[] withLineageHttp(String[] args) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 2);
    out[args.length] = "--lineage-http";
    out[args.length + 1] = "lineage-streams-1:8080";
    return out;
  }

  @Test
  void aClusterSecretOrTokenFileThatCannotBeUsedIsAUsageErrorThatQuotesNothingOfIt(
      @TempDir Path dir) throws Exception {
    Path shortSecret = dir.resolve("short.secret");
    Files.writeString(shortSecret, "hunter2");
    Path badToken = dir.resolve("token");
    Files.writeString(badToken, "not a token at all, hunter2");

    assertThat(run(with("streams", "--cluster-secret-file", shortSecret.toString()))).isEqualTo(2);
    assertThat(err.toString()).contains("at least 32").doesNotContain("hunter2");
    assertThat(run(with("streams", "--cluster-secret-file", dir.resolve("none").toString())))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no such file: " + dir.resolve("none"));
    assertThat(run(with("streams", "--bind", "127.0.0.1", "--api-token-file", badToken.toString())))
        .isEqualTo(2);
    assertThat(err.toString()).contains("does not hold one bearer token").doesNotContain("hunter2");
  }

  @Test
  void loopbackIsTheOnlyBindThatNeedsNoSecret() {
    assertThat(ServiceOptions.isLoopback("127.0.0.1")).isTrue();
    assertThat(ServiceOptions.isLoopback("::1")).isTrue();
    assertThat(ServiceOptions.isLoopback("localhost")).isTrue();
    assertThat(ServiceOptions.isLoopback("0.0.0.0")).isFalse();
    assertThat(ServiceOptions.isLoopback("::")).isFalse();
    assertThat(ServiceOptions.isLoopback("")).isFalse();
    assertThat(ServiceOptions.isLoopback("no-such-host.invalid")).isFalse();
  }

  @Test
  void aKafkaConfigFileThatCannotBeReadStopsAServiceAsAUsageError(@TempDir Path tmp) {
    Path missing = tmp.resolve("streams-client.properties");
    for (String app : new String[] {"streams", "impact"}) {
      int code =
          run(
              app,
              "--bootstrap-servers",
              "kafka-1:19092",
              "--trust-root",
              "root.pub",
              "--advertised-http",
              "lineage-1:8080",
              app.equals("impact") ? "--lineage-http=lineage-1:8080" : "--standby-replicas=0",
              // on loopback: serving beyond this host without a cluster secret is refused first
              "--bind",
              "127.0.0.1",
              "--kafka-config",
              missing.toString());

      assertThat(code).as(app).isEqualTo(2);
      assertThat(err.toString()).contains("--kafka-config " + missing + ": no such file");
    }
  }

  @Test
  void upRefusesKafkaSettingsForTheEmbeddedBroker(@TempDir Path tmp) throws IOException {
    Path config = tmp.resolve("client.properties");
    Files.writeString(config, "security.protocol=SASL_SSL\n");

    int code = run("up", "--data-dir", tmp.toString(), "--kafka-config", config.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--kafka-config needs --bootstrap-servers");
  }

  @Test
  void triggersRefusesAMissingKafkaConfig(@TempDir Path tmp) {
    Path missing = tmp.resolve("orchestrator.properties");

    int code = run("triggers", "--kafka-config", missing.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--kafka-config " + missing + ": no such file");
  }

  @Test
  void aclsDryRunPrintsThePlanWithoutACluster(@TempDir Path tmp) throws IOException {
    Path map = tmp.resolve("principals.properties");
    Files.writeString(map, "pipeline = User:pipeline\noperator = User:ops\n");
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("acls", "apply", "--principal-map", map.toString(), "--dry-run");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("  User:pipeline WRITE topic lineage.artifacts")
        .contains("  User:ops WRITE topic lineage.keys")
        .contains("acls: dry run, nothing applied: 6 ACLs for 2 principal(s)");
  }

  @Test
  void aclsRefusesAMissingOrWrongPrincipalMap(@TempDir Path tmp) throws IOException {
    Path map = tmp.resolve("principals.properties");
    assertThat(run("acls", "apply", "--principal-map", map.toString(), "--dry-run")).isEqualTo(2);
    assertThat(err.toString()).contains("--principal-map " + map + ": no such file");

    Files.writeString(map, "producer = User:p\n");
    assertThat(run("acls", "apply", "--principal-map", map.toString(), "--dry-run")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown role 'producer'");

    Files.writeString(map, "pipeline = User:p\n");
    assertThat(run("acls", "apply", "--principal-map", map.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--bootstrap-servers (or LINEAGE_BOOTSTRAP_SERVERS)");
  }
}
