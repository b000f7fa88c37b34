package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lineage triggers} without a broker: where its trust root comes from. */
class TriggersCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run lineage(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void withoutARootKeyInTheDataDirItSaysWhereItLookedInOneLine() {
    Path dataDir = tmp.resolve("stack");
    Run r = lineage("triggers", "--data-dir", dataDir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            "lineage triggers: no trust root: "
                + dataDir.resolve("keys/root.pub")
                + " does not exist; give the --data-dir of the lineage up that made it, or"
                + " --trust-root PEM; see 'lineage triggers --help'");
  }

  @Test
  void theDataDirOfUpGivesTheTrustRoot() throws Exception {
    Path keys = Files.createDirectories(tmp.resolve("stack/keys"));
    KeyPairs.writePublicKey(
        KeyPairs.generate(Algorithm.ECDSA_P256_SHA256).getPublic(), keys.resolve("root.pub"));
    int closed;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = free.getLocalPort();
    }
    Run r =
        lineage(
            "triggers",
            "--data-dir",
            tmp.resolve("stack").toString(),
            "--bootstrap-servers",
            "127.0.0.1:" + closed,
            "--timeout",
            "1");
    // past the trust root: it is Kafka that does not answer
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("trust root").doesNotContain("--help");
  }
}
