package dev.lineage.compare;

import java.util.Arrays;

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the fraction of (positive, negative)
 * pairs the scores order correctly, a tie counting one half — the same as ranking with midranks.
 * The pair count is kept as an exact integer (twice the statistic), so the result is the exact
 * fraction rounded once: small cases equal their hand-computed values exactly, and a file whose
 * scores are all tied has an AUC of exactly 0.5.
 */
public final class Auc {
  private Auc() {}

  /**
   * The AUC of {@code scores} against {@code positive} labels, in O(n log n).
   *
   * @throws IllegalArgumentException if the arrays differ in length, or a class is missing (the AUC
   *     is then undefined)
   */
  public static double of(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + positive.length + " labels");
    }
    int positives = 0;
    for (boolean p : positive) {
      if (p) {
        positives++;
      }
    }
    int negatives = scores.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "the AUC needs both classes, but every example is labelled "
              + (positives == 0 ? "0" : "1"));
    }
    double[] pos = new double[positives];
    double[] neg = new double[negatives];
    int pi = 0;
    int ni = 0;
    for (int i = 0; i < scores.length; i++) {
      if (positive[i]) {
        pos[pi++] = scores[i] + 0.0;
      } else {
        neg[ni++] = scores[i] + 0.0;
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    long twicePairs = 0;
    int below = 0;
    for (int i = 0; i < pos.length; ) {
      double v = pos[i];
      while (below < neg.length && neg[below] < v) {
        below++;
      }
      int tiedEnd = below;
      while (tiedEnd < neg.length && neg[tiedEnd] == v) {
        tiedEnd++;
      }
      int run = i;
      while (run < pos.length && pos[run] == v) {
        run++;
      }
      // each positive of this score beats `below` negatives and ties with the rest at its score
      twicePairs += (long) (run - i) * (2L * below + (tiedEnd - below));
      i = run;
    }
    return twicePairs / (2.0 * positives * negatives);
  }
}
