package dev.lineage.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The {@code lineage} command run as a separate JVM, as a user runs it: real exit codes, real signals, its output
 * captured line by line.
 */
final class LineageProcess implements AutoCloseable {
  private final Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();

  private LineageProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), out);
    pump(process.getErrorStream(), err);
  }

  static LineageProcess start(Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new LineageProcess(new ProcessBuilder(command).directory(workDir.toFile()).start());
  }

  private static void pump(java.io.InputStream stream, List<String> lines) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<stream closed: " + e + ">");
              }
            });
    t.setDaemon(true);
    t.start();
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("lineage did not exit within " + timeout + "\n" + transcript());
    }
    // the pumps may still be draining the last lines
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !process.isAlive());
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
    return out.stream().filter(l -> l.startsWith("ready:")).findFirst();
  }

  /** SIGTERM, as `kill` or a container runtime sends it. */
  void terminate() {
    process.destroy();
  }

  List<String> stdout() {
    return out;
  }

  String stderr() {
    return String.join("\n", err);
  }

  String transcript() {
    return "--- stdout\n" + String.join("\n", out) + "\n--- stderr\n" + stderr();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
