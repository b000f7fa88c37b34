package dev.lineage.query;

import java.util.Locale;

/**
 * Which way a traversal follows edges: towards what was made from a node, or what it was made from.
 */
public enum Direction {
  DOWNSTREAM,
  UPSTREAM;

  public static Direction parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "direction must be 'downstream' or 'upstream', got '" + text + "'");
    }
  }

  public String lowerCase() {
    return name().toLowerCase(Locale.ROOT);
  }
}
