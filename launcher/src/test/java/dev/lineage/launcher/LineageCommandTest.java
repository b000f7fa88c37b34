package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LineageCommandTest {
  @Test
  void publishingCommandsAreSubcommandsWithTheSharedErrorMapping() {
    CommandLine cli = Main.commandLine();
    assertThat(cli.getSubcommands()).containsKeys("emit", "keys");
    assertThat(cli.getSubcommands().get("emit").getSubcommands()).containsKeys("artifact", "run");
    assertThat(cli.getSubcommands().get("keys").getSubcommands()).containsKeys("grant", "revoke");

    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    // the shared mapping (Cli.configure) turns a missing key file into a usage error
    int code =
        cli.execute(
            "emit",
            "artifact",
            "--bootstrap-servers",
            "localhost:9092",
            "--key",
            "absent.key",
            "--id",
            "source:transactions_q1",
            "--kind",
            "SOURCE",
            "--name",
            "features_v47");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("lineage emit artifact: no such file")
        .contains("absent.key");
  }
}
