package dev.lineage.query;

import java.util.Comparator;

/**
 * The order of process versions, for version ranges: segment by segment on {@code .} and {@code -};
 * two numeric segments compare as numbers ({@code 2.10 > 2.9}, {@code 2.03 = 2.3}), anything else
 * as text (by code point); a numeric segment sorts before a text one, and a version before any
 * longer version it begins ({@code 2.3 < 2.3.1 < 2.3-beta}). Unlike SemVer, a pre-release is not
 * below its release: the versions this project sees are process and config versions, not releases.
 */
public final class VersionOrder implements Comparator<String> {
  public static final VersionOrder INSTANCE = new VersionOrder();

  private VersionOrder() {}

  @Override
  public int compare(String a, String b) {
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

  private static int compareSegments(String a, String b) {
    boolean numA = isNumber(a);
    boolean numB = isNumber(b);
    if (numA && numB) {
      // Compared as digit strings without leading zeros, so no segment is too long for a number.
      String p = stripZeros(a);
      String q = stripZeros(b);
      return p.length() != q.length() ? Integer.compare(p.length(), q.length()) : p.compareTo(q);
    }
    if (numA != numB) {
      return numA ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }
}
