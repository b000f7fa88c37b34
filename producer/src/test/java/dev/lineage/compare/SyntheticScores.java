package dev.lineage.compare;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Held-out examples and the scores of models on them, generated from fixed seeds: a baseline, a
 * rerun of it with tiny numerical noise, and models that differ for real.
 */
public final class SyntheticScores {
  public static final int EXAMPLES = 10_000;

  private final double[] feature;
  private final boolean[] labels;

  /** {@code n} examples whose label depends on one feature. */
  public SyntheticScores(int n, long seed) {
    Random r = new Random(seed);
    feature = new double[n];
    labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      feature[i] = r.nextGaussian();
      labels[i] = r.nextDouble() < sigmoid(2 * feature[i]);
    }
  }

  /** A model: the feature plus its own training noise (the seed), through a sigmoid. */
  public double[] model(long trainingSeed, double weight) {
    Random r = new Random(trainingSeed);
    double[] scores = new double[feature.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = sigmoid(weight * feature[i] + 0.8 * r.nextGaussian());
    }
    return scores;
  }

  /** The same scores with Gaussian noise of standard deviation {@code sigma}, as a rerun gives. */
  public static double[] rerun(double[] scores, double sigma, long seed) {
    Random r = new Random(seed);
    double[] out = new double[scores.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = scores[i] + sigma * r.nextGaussian();
    }
    return out;
  }

  /**
   * The CSV of these scores, rows in the order of {@code rowOrderSeed} (0 keeps the id order), so
   * that matching by id is exercised.
   */
  public byte[] csv(double[] scores, long rowOrderSeed) {
    int[] order = new int[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (rowOrderSeed != 0) {
      Random r = new Random(rowOrderSeed);
      for (int i = order.length - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    StringBuilder s = new StringBuilder(scores.length * 32).append("id,label,score\n");
    for (int i : order) {
      s.append("ex-")
          .append(i)
          .append(',')
          .append(labels[i] ? '1' : '0')
          .append(',')
          .append(scores[i])
          .append('\n');
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
