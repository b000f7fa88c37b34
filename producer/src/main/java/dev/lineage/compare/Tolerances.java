package dev.lineage.compare;

import java.util.OptionalDouble;

/**
 * What a rerun may differ from its baseline and still be judged equivalent: the absolute AUC
 * difference, the fraction of examples whose decision differs, and (only when asked for) the
 * largest absolute score difference. A figure equal to its tolerance passes.
 */
public record Tolerances(double auc, double maxDiffFraction, OptionalDouble score) {
  public static final double DEFAULT_AUC = 0.01;
  public static final double DEFAULT_MAX_DIFF_FRACTION = 0.005;

  /**
   * A figure that equals its tolerance may come out of floating-point arithmetic a few ulps above
   * it (0.76 - 0.75 is 0.010000000000000009); such a figure still passes.
   */
  static final double ROUNDING = 1e-12;

  /**
   * @throws IllegalArgumentException if a tolerance is negative or not finite, or the fraction is
   *     above 1
   */
  public Tolerances {
    nonNegative("AUC tolerance", auc);
    nonNegative("max diff fraction", maxDiffFraction);
    if (maxDiffFraction > 1) {
      throw new IllegalArgumentException(
          "max diff fraction is a fraction of the examples, at most 1, got " + maxDiffFraction);
    }
    if (score == null) {
      score = OptionalDouble.empty();
    }
    if (score.isPresent()) {
      nonNegative("score tolerance", score.getAsDouble());
    }
  }

  /** AUC 0.01, fraction 0.005, no score tolerance. */
  public static Tolerances defaults() {
    return new Tolerances(DEFAULT_AUC, DEFAULT_MAX_DIFF_FRACTION, OptionalDouble.empty());
  }

  /** Whether a non-negative figure is within its tolerance (see {@link #ROUNDING}). */
  public static boolean within(double figure, double tolerance) {
    return figure <= tolerance || figure - tolerance <= ROUNDING;
  }

  private static void nonNegative(String what, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          what + " must be a finite number at least 0, got " + value);
    }
  }
}
