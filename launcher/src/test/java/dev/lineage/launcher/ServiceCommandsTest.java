package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
}
