package dev.lineage.bench.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyTest {
  @Test
  void medianOfAnOddSampleIsTheMiddle() {
    assertThat(Latency.ofNanos(3_000_000, 1_000_000, 2_000_000).medianMillis()).isEqualTo(2.0);
  }

  @Test
  void medianOfAnEvenSampleIsTheMeanOfTheMiddleTwo() {
    assertThat(Latency.ofNanos(4_000_000, 1_000_000, 2_000_000, 3_000_000).medianMillis())
        .isEqualTo(2.5);
  }

  @Test
  void p99IsTheNearestRank() {
    Latency hundred =
        Latency.ofNanos(LongStream.rangeClosed(1, 100).map(i -> i * 1_000_000).toArray());
    Latency twenty =
        Latency.ofNanos(LongStream.rangeClosed(1, 20).map(i -> i * 1_000_000).toArray());

    assertThat(hundred.p99Millis()).isEqualTo(99.0);
    assertThat(twenty.p99Millis()).isEqualTo(20.0);
    assertThat(hundred.percentileMillis(50)).isEqualTo(50.0);
  }

  @Test
  void pooledSamplesHoldEveryDuration() {
    Latency pooled = Latency.pooled(List.of(Latency.ofNanos(1, 2), Latency.ofNanos(3)));

    assertThat(pooled.count()).isEqualTo(3);
    assertThat(pooled.medianMillis()).isEqualTo(2e-6);
  }

  @Test
  void anEmptySampleIsRefused() {
    assertThatThrownBy(Latency::ofNanos).isInstanceOf(IllegalArgumentException.class);
  }
}
