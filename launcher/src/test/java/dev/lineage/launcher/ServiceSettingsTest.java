package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.impact.ImpactSettings;
import dev.lineage.settings.SettingValues;
import dev.lineage.streams.StreamsSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The production commands load the apps' settings through their declarations: a settings file, then
 * the environment, then the flags; so what only {@code StreamsSettings.load} reached before
 * (key-wait, retries, {@code streams.*}) reaches {@code lineage streams|impact} too.
 */
class ServiceSettingsTest {
  @TempDir Path dir;

  private static final String[] SHARED = {
    "--bootstrap-servers", "kafka-1:19092",
    "--trust-root", "root.pub",
    "--advertised-http", "lineage-1:8080",
    "--bind", "127.0.0.1"
  };

  private <T> T parsed(String command, String... more) {
    String[] args = new String[1 + SHARED.length + more.length];
    args[0] = command;
    System.arraycopy(SHARED, 0, args, 1, SHARED.length);
    System.arraycopy(more, 0, args, 1 + SHARED.length, more.length);
    CommandLine cli = Main.commandLine();
    cli.parseArgs(args);
    return cli.getSubcommands().get(command).getCommand();
  }

  private Path settingsFile(String text) throws IOException {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void lineageStreamsWithASettingsFileReachesKeyWaitClockSkewAndStreamsSettings()
      throws IOException {
    Path file =
        settingsFile(
            "lineage.key.wait.grace.ms=5000\n"
                + "lineage.key.wait.max.parked=5\n"
                + "lineage.clock.skew.ms=60000\n"
                + "streams.commit.interval.ms=250\n");
    StreamsCommand command =
        parsed(
            "streams",
            "--settings",
            file.toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            "--key-wait-max-parked",
            "7");

    LocalStack.Settings stack = command.service.settings(LocalStack.App.STREAMS);
    StreamsSettings app =
        LocalStack.streamsSettings(
            stack,
            stack.bootstrapServers(),
            stack.kafka(),
            stack.trustRoots(),
            stack.dataDir(),
            stack.advertisedHttp());

    assertThat(app.keyWait().grace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(app.keyWait().capacity()).as("the flag wins over the file").isEqualTo(7);
    assertThat(app.clockSkew().max()).isEqualTo(Duration.ofMinutes(1));
    assertThat(app.streamsConfig()).containsEntry("commit.interval.ms", "250");
    assertThat(app.stateDir()).isEqualTo(dir.resolve("data").resolve("streams"));
    assertThat(app.applicationServer()).contains("lineage-1:8080");
    assertThat(app.bootstrapServers()).isEqualTo("kafka-1:19092");
    assertThat(app.streamsConfig()).doesNotContainKey("num.standby.replicas");
  }

  @Test
  void theStandbyFlagStillSetsStandbyReplicasOverTheFile() throws IOException {
    Path file = settingsFile("streams.num.standby.replicas=2\n");
    StreamsCommand command =
        parsed("streams", "--settings", file.toString(), "--standby-replicas", "1");

    assertThat(command.service.settings(LocalStack.App.STREAMS).streams().passthrough())
        .containsEntry("num.standby.replicas", "1");
  }

  @Test
  void aSettingsFileCanNameTheClusterAndTheRoots() throws IOException {
    Path file =
        settingsFile(
            "bootstrap.servers=kafka-9:9092\nlineage.trust.roots=a.pub,b.pub\n"
                + "lineage.topic.prefix=staging.\n");
    CommandLine cli = Main.commandLine();
    cli.parseArgs(
        "streams", "--settings", file.toString(), "--advertised-http", "h:1", "--bind", "::1");
    StreamsCommand command = cli.getSubcommands().get("streams").getCommand();

    LocalStack.Settings stack = command.service.settings(LocalStack.App.STREAMS);

    assertThat(stack.bootstrapServers()).isEqualTo("kafka-9:9092");
    assertThat(stack.trustRoots()).containsExactly(Path.of("a.pub"), Path.of("b.pub"));
    assertThat(stack.topics().prefix()).isEqualTo("staging.");
  }

  @Test
  void lineageImpactWithASettingsFileReachesRetriesAndKeyWait() throws IOException {
    Path file =
        settingsFile(
            "impact.retry.interval=PT2S\nimpact.max.retry.backoff=PT1M\n"
                + "impact.key.wait.grace.ms=1000\nstreams.commit.interval.ms=100\n");
    ImpactCommand command =
        parsed(
            "impact",
            "--settings",
            file.toString(),
            "--lineage-http",
            "lineage-1:8080,lineage-2:8080",
            "--assess-threshold",
            "0.01");

    SettingValues values = command.service.settings(LocalStack.App.IMPACT).impact();

    assertThat(values.get(ImpactSettings.RETRY_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
    assertThat(values.get(ImpactSettings.MAX_RETRY_BACKOFF)).isEqualTo(Duration.ofMinutes(1));
    assertThat(values.get(ImpactSettings.KEY_WAIT_GRACE)).isEqualTo(Duration.ofSeconds(1));
    assertThat(values.get(ImpactSettings.ASSESS_THRESHOLD)).isEqualTo(0.01);
    // both instances reach the service, which moves to the second when the first cannot answer
    assertThat(values.get(ImpactSettings.LINEAGE_HTTP))
        .containsExactly(URI.create("http://lineage-1:8080"), URI.create("http://lineage-2:8080"));
    assertThat(values.passthrough()).containsEntry("commit.interval.ms", "100");
  }

  @Test
  void theOldEnvironmentNamesStillWork() {
    ImpactCommand impact = parsed("impact");
    SettingValues values =
        impact.service.appValues(
            LocalStack.App.IMPACT,
            Map.of(
                "LINEAGE_IMPACT_CAS", "/srv/cas",
                "LINEAGE_IMPACT_LINEAGE_URL", "http://lineage-1:8080"));

    assertThat(values.get(ImpactSettings.CAS)).isEqualTo(Path.of("/srv/cas"));
    assertThat(values.get(ImpactSettings.LINEAGE_HTTP))
        .containsExactly(URI.create("http://lineage-1:8080"));
  }

  @Test
  void underTheLauncherLineageStateDirIsTheDataDirectoryNotTheStreamsStateDirectory() {
    StreamsCommand streams = parsed("streams");
    SettingValues values =
        streams.service.appValues(
            LocalStack.App.STREAMS, Map.of("LINEAGE_STATE_DIR", "/var/lib/lineage/state"));

    assertThat(values.isSet(StreamsSettings.STATE_DIR)).isFalse();
  }

  @Test
  void aBadValueIsAUsageErrorNamingTheSettingAndItsSource() throws IOException {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    String[] args = new String[SHARED.length + 3];
    args[0] = "streams";
    System.arraycopy(SHARED, 0, args, 1, SHARED.length);
    args[SHARED.length + 1] = "--key-wait-grace-ms";
    args[SHARED.length + 2] = "soon";

    assertThat(cli.execute(args)).isEqualTo(2);
    assertThat(err.toString())
        .contains("lineage.key.wait.grace.ms (--key-wait-grace-ms): must be a whole number");

    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "lineage.key.wait.max.parked=lots\n");
    args[SHARED.length + 1] = "--settings";
    args[SHARED.length + 2] = file.toString();
    err.getBuffer().setLength(0);
    assertThat(cli.execute(args)).isEqualTo(2);
    assertThat(err.toString()).contains("lineage.key.wait.max.parked (settings file)");

    args[SHARED.length + 2] = dir.resolve("none.properties").toString();
    err.getBuffer().setLength(0);
    assertThat(cli.execute(args)).isEqualTo(2);
    assertThat(err.toString()).contains("none.properties: no such file");
  }
}
