package dev.lineage.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AucTest {
  static boolean[] labels(int... bits) {
    boolean[] b = new boolean[bits.length];
    for (int i = 0; i < bits.length; i++) {
      b[i] = bits[i] == 1;
    }
    return b;
  }

  @Test
  void countsCorrectlyOrderedPairs() {
    // pairs (pos, neg): (0.35,0.1) yes, (0.35,0.4) no, (0.8,0.1) yes, (0.8,0.4) yes: 3 of 4
    assertThat(Auc.of(new double[] {0.1, 0.4, 0.35, 0.8}, labels(0, 0, 1, 1))).isEqualTo(0.75);
  }

  @Test
  void aTieCountsOneHalf() {
    // positives 0.5, 0.7; negatives 0.5, 0.3: 0.5 + 1 + 1 + 1 = 3.5 of 4
    assertThat(Auc.of(new double[] {0.5, 0.7, 0.5, 0.3}, labels(1, 1, 0, 0))).isEqualTo(0.875);
  }

  @Test
  void equalsTheMidrankFormulaOnTiedRuns() {
    // midranks 1, 2.5, 2.5, 5, 5, 5; positives' rank sum 2.5 + 5 + 5 = 12.5;
    // U = 12.5 - 3*4/2 = 6.5 of 3*3 pairs
    double[] scores = {0.1, 0.2, 0.2, 0.3, 0.3, 0.3};
    assertThat(Auc.of(scores, labels(0, 1, 0, 1, 0, 1))).isEqualTo(6.5 / 9);
  }

  @Test
  void allTiedIsExactlyOneHalf() {
    assertThat(Auc.of(new double[] {0.3, 0.3, 0.3, 0.3, 0.3}, labels(1, 0, 0, 1, 0)))
        .isEqualTo(0.5);
    assertThat(Auc.of(new double[] {-0.0, 0.0}, labels(1, 0))).isEqualTo(0.5);
  }

  @Test
  void perfectAndReversedRankings() {
    assertThat(Auc.of(new double[] {0.1, 0.2, 0.9, 0.95}, labels(0, 0, 1, 1))).isEqualTo(1.0);
    assertThat(Auc.of(new double[] {0.1, 0.2, 0.9, 0.95}, labels(1, 1, 0, 0))).isEqualTo(0.0);
  }

  @Test
  void equalsBruteForcePairCountingWithManyTies() {
    Random r = new Random(7);
    for (int round = 0; round < 20; round++) {
      int n = 2 + r.nextInt(300);
      double[] scores = new double[n];
      boolean[] positive = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = r.nextInt(12) / 4.0; // few distinct values: many ties
        positive[i] = r.nextBoolean();
      }
      positive[0] = true;
      positive[1] = false;
      long twice = 0;
      long pos = 0;
      long neg = 0;
      for (int i = 0; i < n; i++) {
        if (positive[i]) {
          pos++;
        } else {
          neg++;
        }
        for (int j = 0; j < n; j++) {
          if (positive[i] && !positive[j]) {
            twice += scores[i] > scores[j] ? 2 : scores[i] == scores[j] ? 1 : 0;
          }
        }
      }
      assertThat(Auc.of(scores, positive)).isEqualTo(twice / (2.0 * pos * neg));
    }
  }

  @Test
  void oneClassMissingIsRefused() {
    assertThatThrownBy(() -> Auc.of(new double[] {0.1, 0.2}, labels(1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both classes")
        .hasMessageContaining("labelled 1");
    assertThatThrownBy(() -> Auc.of(new double[] {0.1, 0.2}, labels(0, 0)))
        .hasMessageContaining("labelled 0");
  }
}
