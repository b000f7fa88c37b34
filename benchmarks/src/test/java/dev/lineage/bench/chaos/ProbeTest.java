package dev.lineage.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProbeTest {
  private static final Instant T0 = Instant.parse("2026-12-05T12:08:27Z");
  private static final Probe.Answer MOVING =
      new Probe.Answer(503, "the nodes store is moving between instances");
  private static final Probe.Answer NO_OWNER =
      new Probe.Answer(503, "partition 2 of lineage.artifacts has no owner yet");

  /** Feeds one answer per 200 ms, as the probe's timer does. */
  private static final class Feed {
    private final Probe probe = new Probe("p", () -> Probe.Answer.OK);
    private long ms;

    Feed see(Probe.Answer answer, int times) {
      for (int i = 0; i < times; i++) {
        probe.see(answer, TimeUnit.MILLISECONDS.toNanos(ms), T0.plusMillis(ms));
        ms += 200;
      }
      return this;
    }

    Properties written() {
      Properties p = new Properties();
      probe.writeTo(p);
      return p;
    }
  }

  @Test
  void eachStretchOf503OfASecondOrMoreIsKeptWithWhatTheApiSaidInIt() {
    Properties p =
        new Feed()
            .see(Probe.Answer.OK, 5)
            .see(MOVING, 3)
            .see(NO_OWNER, 7)
            .see(Probe.Answer.OK, 5)
            .see(MOVING, 2) // 400 ms: a blip, not a window
            .see(Probe.Answer.OK, 1)
            .written();

    assertThat(p.getProperty("probe.p.windows503"))
        .isEqualTo(
            "12:08:28 2000 ms: the nodes store is moving between instances (3x);"
                + " partition N of lineage.artifacts has no owner yet (7x)");
    assertThat(p.getProperty("probe.p.longest503Ms")).isEqualTo("2000");
    assertThat(p.getProperty("probe.p.longest503Reasons"))
        .startsWith("the nodes store is moving between instances (3x)");
    assertThat(p.getProperty("probe.p.asked")).isEqualTo("23");
    assertThat(p.getProperty("probe.p.ok")).isEqualTo("11");
  }

  @Test
  void aStretchStillOpenAtTheEndIsWrittenAndNoAnswerIsNotA503() {
    Properties p =
        new Feed()
            .see(Probe.Answer.OK, 1)
            .see(new Probe.Answer(0, "LineageApiException"), 10)
            .see(Probe.Answer.OK, 1)
            .see(MOVING, 10)
            .written();

    assertThat(p.getProperty("probe.p.longestFailingMs")).isEqualTo("2000");
    assertThat(p.getProperty("probe.p.windows503"))
        .isEqualTo("12:08:29 1800 ms: the nodes store is moving between instances (10x)")
        .doesNotContain("LineageApiException");
  }

  @Test
  void aWindowStartingOnTheMinuteStillSaysItsSeconds() {
    Feed feed = new Feed();
    feed.ms = 33_000; // 12:09:00
    Properties p = feed.see(Probe.Answer.OK, 1).see(MOVING, 6).see(Probe.Answer.OK, 1).written();

    assertThat(p.getProperty("probe.p.windows503")).startsWith("12:09:00 1200 ms: ");
  }

  @Test
  void answersBeforeTheFirst200AreNotCounted() {
    Properties p = new Feed().see(MOVING, 10).see(Probe.Answer.OK, 2).written();

    assertThat(p.getProperty("probe.p.asked")).isEqualTo("2");
    assertThat(p.getProperty("probe.p.windows503")).isEmpty();
  }

  @Test
  void aReasonKeepsItsWordsAndLosesItsNumbers() {
    assertThat(Probe.reasonOf(" ownership moved: sha256:ab12 is no longer held here "))
        .isEqualTo("ownership moved: shaN:abN is no longer held here");
    assertThat(Probe.reasonOf(null)).isEqualTo("(no message)");
    assertThat(Probe.reasonOf("x".repeat(200))).hasSize(123);
  }
}
