package dev.lineage.tlog.checkpoint;

import dev.lineage.tlog.merkle.Hash;

/** The line grammar the C2SP text formats share: decimals without leading zeros, base64 hashes. */
public final class TextLines {
  private TextLines() {}

  /** The decimal after {@code prefix} on {@code line}, e.g. {@code "index "} or {@code "old "}. */
  public static long decimalAfter(String prefix, String line) {
    if (!line.startsWith(prefix)) {
      throw new IllegalArgumentException(
          "expected a line \"" + prefix + "<decimal>\", got \"" + line + "\"");
    }
    String digits = line.substring(prefix.length());
    if (!digits.matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException(
          "\"" + line + "\" does not hold a decimal without leading zeros");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + line + "\" holds a number too large", e);
    }
  }

  /** A base64 hash line; {@code lineNumber} (1-based) names it in the refusal. */
  public static Hash hash(String line, int lineNumber) {
    try {
      return Hash.fromBase64(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
    }
  }
}
