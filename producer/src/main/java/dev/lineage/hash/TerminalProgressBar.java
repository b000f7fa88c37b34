package dev.lineage.hash;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error, for the CLI. It draws only when a person is watching:
 * a console is attached and standard error is a terminal (so redirected output and CI logs stay
 * clean), and at most ten times a second.
 */
public final class TerminalProgressBar implements ProgressListener, AutoCloseable {
  private static final long INTERVAL_NANOS = 100_000_000L;
  private static final int WIDTH = 30;

  private final LongSupplier clock;
  private final PrintStream out;
  private final boolean enabled;
  private final long minTotalBytes;
  private final String label;
  private long lastDraw = Long.MIN_VALUE;
  private long lastDone;
  private long lastTotal;
  private boolean drawn;

  /**
   * @param out where to draw
   * @param enabled whether to draw at all
   * @param minTotalBytes below this total nothing is drawn: small work ends before a bar helps
   * @param label shown before the bar
   */
  public TerminalProgressBar(PrintStream out, boolean enabled, long minTotalBytes, String label) {
    this(out, enabled, minTotalBytes, label, System::nanoTime);
  }

  TerminalProgressBar(
      PrintStream out, boolean enabled, long minTotalBytes, String label, LongSupplier clock) {
    this.clock = clock;
    this.out = out;
    this.enabled = enabled;
    this.minTotalBytes = minTotalBytes;
    this.label = label;
  }

  /** A bar on {@code System.err} that draws only when standard error is an interactive terminal. */
  public static TerminalProgressBar onStderr(String label) {
    return new TerminalProgressBar(System.err, stderrIsTerminal(), 64L << 20, label);
  }

  /**
   * True when a console is attached and file descriptor 2 is a terminal device. Java has no isatty;
   * on Linux the descriptor's link names the device, elsewhere we do not draw.
   */
  public static boolean stderrIsTerminal() {
    if (System.console() == null) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  @Override
  public synchronized void onProgress(long bytesDone, long bytesTotal) {
    lastDone = Math.max(lastDone, bytesDone);
    lastTotal = bytesTotal;
    if (!enabled || bytesTotal < minTotalBytes) {
      return;
    }
    long now = clock.getAsLong();
    if (drawn && now - lastDraw < INTERVAL_NANOS && bytesDone < bytesTotal) {
      return;
    }
    lastDraw = now;
    draw();
  }

  /** The line as it would be drawn now. */
  synchronized String line() {
    double fraction = lastTotal <= 0 ? 1.0 : Math.min(1.0, (double) lastDone / lastTotal);
    int filled = (int) Math.round(fraction * WIDTH);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %3d%% %s / %s",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        (int) Math.floor(fraction * 100),
        human(lastDone),
        human(lastTotal));
  }

  private void draw() {
    out.print("\r" + line());
    out.flush();
    drawn = true;
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Draws the final state and ends the line, if anything was drawn. */
  @Override
  public synchronized void close() {
    if (drawn) {
      draw();
      out.println();
      out.flush();
    }
  }
}
