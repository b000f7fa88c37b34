package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The usage errors of {@code lineage broker}, refused before anything is written. */
class BrokerCommandTest {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  @Test
  void aQuorumWithoutAClusterIdIsAUsageError() {
    int code =
        run(
            "broker",
            "--dir",
            dir.resolve("n1").toString(),
            "--voters",
            "1@127.0.0.1:19093,2@127.0.0.1:29093,3@127.0.0.1:39093");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--voters needs --cluster-id");
    assertThat(Files.exists(dir.resolve("n1"))).isFalse();
  }

  @Test
  void aQuorumNotNamingThisNodeIsAUsageError() {
    int code =
        run(
            "broker",
            "--dir",
            dir.resolve("n4").toString(),
            "--node-id",
            "4",
            "--cluster-id",
            "nkXkfKe7QzmTI1HkTVoKcQ",
            "--voters",
            "1@127.0.0.1:19093,2@127.0.0.1:29093,3@127.0.0.1:39093");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("does not name node 4");
  }

  @Test
  void aMalformedClusterIdIsAUsageError() {
    int code =
        run(
            "broker",
            "--dir",
            dir.resolve("n1").toString(),
            "--cluster-id",
            "cluster-one",
            "--voters",
            "1@127.0.0.1:19093");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("base64 UUID");
  }
}
