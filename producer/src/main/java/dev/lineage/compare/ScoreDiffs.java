package dev.lineage.compare;

import java.util.Arrays;

/**
 * How far the candidate's scores are from the baseline's, example by example: the mean, largest,
 * median and 99th percentile of the absolute differences. Percentiles are nearest-rank: the
 * smallest difference at least that share of the examples do not exceed, so every figure is a
 * difference that occurred.
 */
public record ScoreDiffs(double meanAbs, double maxAbs, double p50Abs, double p99Abs) {

  /**
   * The statistics of these absolute differences.
   *
   * @throws IllegalArgumentException if there are none
   */
  public static ScoreDiffs of(double[] absDiffs) {
    if (absDiffs.length == 0) {
      throw new IllegalArgumentException("no differences");
    }
    double[] sorted = absDiffs.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double d : sorted) {
      sum += d;
    }
    double max = sorted[sorted.length - 1];
    // n equal differences can sum to a hair more than n times one of them
    return new ScoreDiffs(
        Math.min(sum / sorted.length, max), max, percentile(sorted, 50), percentile(sorted, 99));
  }

  /** Nearest rank: the value at rank ceil(p/100 * n), ranks from 1. */
  static double percentile(double[] sorted, int percent) {
    long rank = ((long) percent * sorted.length + 99) / 100;
    return sorted[(int) Math.max(1, rank) - 1];
  }
}
