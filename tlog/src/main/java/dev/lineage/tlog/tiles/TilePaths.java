package dev.lineage.tlog.tiles;

/** Path encoding of c2sp.org/tlog-tiles: {@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/...}. */
final class TilePaths {
  private TilePaths() {}

  /**
   * {@code N} as zero-padded 3-digit path elements, all but the last prefixed with {@code x}:
   * 1234067 is {@code x001/x234/067}.
   */
  static String encodeIndex(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("tile index must not be negative, got " + n);
    }
    StringBuilder sb = new StringBuilder(String.format("%03d", n % 1000));
    n /= 1000;
    while (n > 0) {
      sb.insert(0, String.format("x%03d/", n % 1000));
      n /= 1000;
    }
    return sb.toString();
  }

  static String widthSuffix(int width) {
    return width == TileResource.FULL_WIDTH ? "" : ".p/" + width;
  }

  static TileResource parse(String path) {
    if (!path.startsWith("tile/")) {
      throw bad(path, "does not start with tile/");
    }
    String rest = path.substring("tile/".length());
    int width = TileResource.FULL_WIDTH;
    int p = rest.indexOf(".p/");
    if (p >= 0) {
      width = parseDecimal(rest.substring(p + 3), path, "width");
      if (width < 1 || width > 255) {
        throw bad(path, "partial width must be in 1..255");
      }
      rest = rest.substring(0, p);
    }
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw bad(path, "has no tile index");
    }
    String head = rest.substring(0, slash);
    long index = parseIndex(rest.substring(slash + 1), path);
    TileResource parsed;
    if (head.equals("entries")) {
      parsed = new EntryBundleId(index, width);
    } else {
      int level = parseDecimal(head, path, "level");
      if (level > 63) {
        throw bad(path, "level must be in 0..63");
      }
      parsed = new TileId(level, index, width);
    }
    if (!parsed.path().equals(path)) {
      throw bad(path, "is not canonical; the canonical path is " + parsed.path());
    }
    return parsed;
  }

  private static long parseIndex(String s, String path) {
    String[] parts = s.split("/", -1);
    long n = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      if (!last) {
        if (!part.startsWith("x")) {
          throw bad(path, "index element \"" + part + "\" before the last must start with x");
        }
        part = part.substring(1);
      }
      if (part.length() != 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw bad(path, "index element \"" + parts[i] + "\" is not three digits");
      }
      if (n > (Long.MAX_VALUE - 999) / 1000) {
        throw bad(path, "index is too large");
      }
      n = n * 1000 + Integer.parseInt(part);
    }
    return n;
  }

  private static int parseDecimal(String s, String path, String what) {
    if (s.isEmpty()
        || s.length() > 3
        || !s.chars().allMatch(c -> c >= '0' && c <= '9')
        || (s.length() > 1 && s.charAt(0) == '0')) {
      throw bad(path, what + " \"" + s + "\" is not a decimal number without leading zeros");
    }
    return Integer.parseInt(s);
  }

  private static IllegalArgumentException bad(String path, String why) {
    return new IllegalArgumentException("tile path \"" + path + "\" " + why);
  }
}
