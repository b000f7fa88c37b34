package dev.lineage.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The {@code lineage} command run as a separate JVM, as a user runs it: real exit codes, real
 * signals. Its output goes to files (reading pipes while the JVM exits races with the JDK draining
 * them).
 */
final class LineageProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private LineageProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static LineageProcess start(Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "lineage", ".out");
    Path err = Files.createTempFile(workDir, "lineage", ".err");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new LineageProcess(process, out, err);
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("lineage did not exit within " + timeout + "\n" + transcript());
    }
    return process.exitValue();
  }

  /** Waits for the line beginning {@code ready:} and returns it. */
  String awaitReady(Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .failFast("lineage exited before it was ready:\n" + transcript(), () -> !process.isAlive())
        .until(() -> readyLine().isPresent());
    return readyLine().orElseThrow();
  }

  private Optional<String> readyLine() {
    return stdout().stream().filter(l -> l.startsWith("ready:")).findFirst();
  }

  /** SIGTERM, as `kill` or a container runtime sends it. */
  void terminate() {
    process.destroy();
  }

  List<String> stdout() {
    return read(out).lines().toList();
  }

  String stderr() {
    return read(err);
  }

  String transcript() {
    return "--- stdout\n" + read(out) + "\n--- stderr\n" + read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
