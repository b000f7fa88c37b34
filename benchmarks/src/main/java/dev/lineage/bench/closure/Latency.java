package dev.lineage.bench.closure;

import java.util.Arrays;
import java.util.List;

/** A sample of wall-clock durations, sorted once, with its median and nearest-rank percentiles. */
public final class Latency {
  private final long[] sortedNanos;

  private Latency(long[] sortedNanos) {
    if (sortedNanos.length == 0) {
      throw new IllegalArgumentException("a latency sample needs at least one duration");
    }
    this.sortedNanos = sortedNanos;
  }

  public static Latency ofNanos(long... nanos) {
    long[] copy = nanos.clone();
    Arrays.sort(copy);
    return new Latency(copy);
  }

  /** All durations of several samples as one, e.g. every start of a size class. */
  public static Latency pooled(List<Latency> samples) {
    return ofNanos(samples.stream().flatMapToLong(l -> Arrays.stream(l.sortedNanos)).toArray());
  }

  public int count() {
    return sortedNanos.length;
  }

  /** The middle duration, or the mean of the two middle ones. */
  public double medianMillis() {
    int n = sortedNanos.length;
    double nanos =
        n % 2 == 1
            ? sortedNanos[n / 2]
            : (sortedNanos[n / 2 - 1] + (double) sortedNanos[n / 2]) / 2;
    return nanos / 1e6;
  }

  /**
   * The nearest-rank percentile: the smallest duration at or above {@code p} percent of the sample.
   * With fewer than 100 durations, p99 is the maximum.
   */
  public double percentileMillis(double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    int rank = (int) Math.ceil(p / 100 * sortedNanos.length);
    return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
  }

  public double p99Millis() {
    return percentileMillis(99);
  }
}
