package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lineage.cas.ContentStore;
import dev.lineage.cli.CliTest.Run;
import dev.lineage.id.Digest;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a new user meets in the first hour: usage errors that fit on a line, outputs that are never
 * hidden files or silently made directories, inputs that are never FIFOs read forever, a store that
 * repairs itself when given the right content again.
 */
class CliFirstHourTest {
  @TempDir Path tmp;

  @Test
  void aParseErrorIsOneLineThatPointsAtTheHelpNotTheHelpItself() {
    Run missing = CliTest.run(new KeygenCommand());
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err().lines())
        .containsExactly("keygen: Missing required option: '--out=PREFIX'; see 'keygen --help'");

    Run unknown = CliTest.run(new KeygenCommand(), "--out", "k", "--algoritm", "p256");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err().lines()).hasSize(1);
    assertThat(unknown.err())
        .startsWith("keygen: Unknown options: '--algoritm', 'p256'")
        .contains("did you mean --algorithm?")
        .endsWith("; see 'keygen --help'\n");
  }

  @Test
  void aUsageErrorFoundWhileRunningIsTheSameOneLine() throws IOException {
    Path a = Files.writeString(tmp.resolve("a.csv"), "id,label,score\n1,1,0.9\n2,0,0.1\n");
    Run r =
        CliTest.run(
            new CompareCommand(),
            "--baseline",
            a.toString(),
            "--candidate",
            a.toString(),
            "--auc-tolerance",
            "-1");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("compare: ").endsWith("; see 'compare --help'\n");
  }

  @Test
  void lineageDebugAsTheOldReadmeSaidAlsoPrintsStackTraces() {
    for (String variable : CliErrors.VERBOSE_ENV) {
      CommandLine cl = new CommandLine(new KeygenCommand());
      CliErrors errors = new CliErrors(Map.of(variable, "1"));
      cl.setExecutionExceptionHandler(errors);
      cl.setParameterExceptionHandler(errors);
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err, true));
      cl.setOut(new PrintWriter(new StringWriter(), true));
      int code = cl.execute("--out", tmp.resolve("no/such/dir/k").toString());
      assertThat(code).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString()).as(variable).contains("\tat dev.lineage.cli.");
    }
  }

  @Test
  void keygenNeedsAFileNameAndNeverWritesHiddenKeyFiles() throws IOException {
    for (String prefix : List.of(tmp + "/", tmp + "/.", tmp + "/..")) {
      Run r = CliTest.run(new KeygenCommand(), "--out", prefix);
      assertThat(r.code()).as(prefix).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("--out needs a file name");
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
    Run empty = CliTest.run(new KeygenCommand(), "--out", "");
    assertThat(empty.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(Path.of(".key")).doesNotExist();
    assertThat(Path.of(".pub")).doesNotExist();
  }

  @Test
  void anOutputThatCannotBeWrittenIsAUsageErrorWhateverTheReason() {
    Run noDir = CliTest.run(new KeygenCommand(), "--out", tmp.resolve("no/such/k").toString());
    assertThat(noDir.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noDir.err()).contains("directory " + tmp.resolve("no/such") + " does not exist");
    assertThat(tmp.resolve("no")).doesNotExist();

    for (String pseudo : List.of("/proc", "/sys")) {
      assumeTrue(Files.isDirectory(Path.of(pseudo)), pseudo + " is mounted");
      Run r = CliTest.run(new KeygenCommand(), "--out", pseudo + "/lineage-test-key");
      assertThat(r.code()).as(pseudo + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).startsWith("keygen: --out " + pseudo + "/lineage-test-key: cannot write");
      assertThat(r.err().lines()).hasSize(1);
    }
  }

  @Test
  void getNeverMakesTheDirectoriesOfItsOutput() throws IOException {
    Path cas = tmp.resolve("cas");
    Path f = Files.writeString(tmp.resolve("model.bin"), "weights");
    Digest d = new ContentStore(cas).put(f);
    Path out = tmp.resolve("nonexistent/dir/x");
    Run r =
        CliTest.run(
            new GetCommand(), "--cas", cas.toString(), d.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains(
            "--out " + out + ": directory " + tmp.resolve("nonexistent/dir") + " does not exist");
    assertThat(tmp.resolve("nonexistent")).doesNotExist();
  }

  @Test
  void fifosAndDirectoriesGivenAsInputsAreRefusedAtOnceNamingTheOption() throws Exception {
    Path fifo = tmp.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo works");
    // Should a command open the FIFO anyway, this writer lets it go at once: opening a FIFO for
    // writing waits for a reader, so each open returns exactly when a command opened it to read
    // (and the command then reads an empty file and fails the assertions below instead of hanging).
    Thread release =
        new Thread(
            () -> {
              try {
                while (true) {
                  new FileOutputStream(fifo.toFile()).close();
                }
              } catch (IOException e) {
                // the test is over
              }
            });
    release.setDaemon(true);
    release.start();
    Path key = tmp.resolve("g.key");
    KeyPairs.writePrivateKey(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256).getPrivate(), key);
    Path scores = Files.writeString(tmp.resolve("a.csv"), "id,label,score\n1,1,0.9\n2,0,0.1\n");

    long started = System.nanoTime();
    Run delete =
        CliTest.run(
            new DeleteCommand(),
            "--bootstrap-servers",
            "localhost:9092",
            "--key",
            key.toString(),
            "--subject",
            "source:transactions_q1",
            "--records",
            fifo.toString());
    Run compare =
        CliTest.run(
            new CompareCommand(), "--baseline", fifo.toString(), "--candidate", scores.toString());
    Run directory =
        CliTest.run(
            new CompareCommand(), "--baseline", tmp.toString(), "--candidate", scores.toString());
    Run fifoKey =
        CliTest.run(
            new SignCommand(), "--key", fifo.toString(), "--payload-type", "t", scores.toString());
    assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(4));

    assertThat(delete.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(delete.err()).contains("--records " + fifo + " is not a regular file");
    assertThat(compare.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(compare.err()).contains("--baseline " + fifo + " is not a regular file");
    assertThat(directory.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(directory.err()).contains("--baseline " + tmp + " is a directory");
    assertThat(fifoKey.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(fifoKey.err()).contains(fifo + " is not a regular file");
  }

  @Test
  void putOfTheRightContentRepairsACorruptObjectAndSaysSo() throws IOException {
    Path cas = tmp.resolve("cas");
    Path f = Files.writeString(tmp.resolve("model.bin"), "weights");
    Run first = CliTest.run(new PutCommand(), "--cas", cas.toString(), f.toString());
    Digest d = Digest.parse(first.out().strip());
    Path object = new ContentStore(cas).path(d).orElseThrow();
    Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(object, "weightz");
    assertThat(CliTest.run(new FsckCommand(), "--cas", cas.toString()).code())
        .isEqualTo(ExitCodes.CHECK_FAILED);

    Run again = CliTest.run(new PutCommand(), "--cas", cas.toString(), f.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).isEqualTo(d + "\n");
    assertThat(again.err()).contains("repaired " + d);
    assertThat(CliTest.run(new FsckCommand(), "--cas", cas.toString()).code()).isZero();
    assertThat(CliTest.run(new PutCommand(), "--cas", cas.toString(), f.toString()).err())
        .doesNotContain("repaired");
  }
}
