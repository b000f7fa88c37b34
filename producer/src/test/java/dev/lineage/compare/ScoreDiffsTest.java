package dev.lineage.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoreDiffsTest {
  @Test
  void nearestRankPercentilesMeanAndMax() {
    double[] d = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    ScoreDiffs s = ScoreDiffs.of(d);
    assertThat(s.meanAbs()).isEqualTo(5.5);
    assertThat(s.maxAbs()).isEqualTo(10);
    assertThat(s.p50Abs()).isEqualTo(5); // rank ceil(0.5 * 10) = 5
    assertThat(s.p99Abs()).isEqualTo(10); // rank ceil(9.9) = 10

    double[] hundreds = new double[200];
    for (int i = 0; i < hundreds.length; i++) {
      hundreds[i] = i + 1;
    }
    ScoreDiffs h = ScoreDiffs.of(hundreds);
    assertThat(h.p50Abs()).isEqualTo(100);
    assertThat(h.p99Abs()).isEqualTo(198);
    assertThat(ScoreDiffs.of(new double[] {0.25}))
        .isEqualTo(new ScoreDiffs(0.25, 0.25, 0.25, 0.25));
  }

  @Test
  void theMeanNeverExceedsTheMax() {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004, a third of which is above 0.1
    assertThat((0.1 + 0.1 + 0.1) / 3).isGreaterThan(0.1);
    ScoreDiffs s = ScoreDiffs.of(new double[] {0.1, 0.1, 0.1});
    assertThat(s.meanAbs()).isEqualTo(0.1);
    assertThat(s.maxAbs()).isEqualTo(0.1);
  }

  @Test
  void leavesItsInputAlone() {
    double[] d = {3, 1, 2};
    ScoreDiffs.of(d);
    assertThat(d).containsExactly(3, 1, 2);
  }

  @Test
  void needsAtLeastOneDifference() {
    assertThatThrownBy(() -> ScoreDiffs.of(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
