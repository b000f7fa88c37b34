package dev.lineage.id;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * The order of process versions that bug reports and the process-runs query use: segment by segment
 * on {@code .} and {@code -}, numeric segments as numbers ({@code 2.10 > 2.9}), other segments as
 * text; a number sorts before text, and a version that is a prefix of another sorts first ({@code
 * 2.3 < 2.3.1}).
 */
public final class VersionOrder implements Comparator<String> {
  public static final VersionOrder INSTANCE = new VersionOrder();

  private VersionOrder() {}

  /** Negative, zero or positive as {@code a} is before, equal to, or after {@code b}. */
  public static int compareVersions(String a, String b) {
    String[] x = a.split("[.-]", -1);
    String[] y = b.split("[.-]", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = compareSegments(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  @Override
  public int compare(String a, String b) {
    return compareVersions(a, b);
  }

  private static int compareSegments(String a, String b) {
    boolean na = isNumber(a);
    boolean nb = isNumber(b);
    if (na && nb) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
