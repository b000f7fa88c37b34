package dev.lineage.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalProgressBarTest {
  @Test
  void drawsNothingWhenDisabled() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (TerminalProgressBar bar =
        new TerminalProgressBar(
            new PrintStream(sink, true, StandardCharsets.UTF_8), false, 0, "x")) {
      bar.onProgress(10, 100);
      bar.onProgress(100, 100);
    }
    assertThat(sink.size()).isZero();
  }

  @Test
  void drawsThrottledAndEndsTheLine() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    long[] now = {0};
    try (TerminalProgressBar bar =
        new TerminalProgressBar(
            new PrintStream(sink, true, StandardCharsets.UTF_8),
            true,
            0,
            "hashing",
            () -> now[0])) {
      for (int i = 0; i <= 1000; i++) {
        now[0] += 1_000_000; // a millisecond between updates: one redraw per 100
        bar.onProgress(i * 1024L * 1024, 1000L * 1024 * 1024);
      }
    }
    String out = sink.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("hashing [").contains("100%").contains("1000.0 MiB").endsWith("\n");
    // first draw, one per 100 ms over one second, the 100 % update, and the closing redraw
    assertThat(out.split("\r")).hasSizeBetween(11, 15);
  }

  @Test
  void smallWorkDrawsNothing() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (TerminalProgressBar bar =
        new TerminalProgressBar(
            new PrintStream(sink, true, StandardCharsets.UTF_8), true, 1 << 20, "x")) {
      bar.onProgress(10, 100);
    }
    assertThat(sink.size()).isZero();
  }

  @Test
  void humanSizes() {
    assertThat(TerminalProgressBar.human(512)).isEqualTo("512 B");
    assertThat(TerminalProgressBar.human(1536)).isEqualTo("1.5 KiB");
    assertThat(TerminalProgressBar.human(1L << 30)).isEqualTo("1.0 GiB");
  }
}
