package dev.lineage.graph;

import java.util.Locale;

/**
 * Who vouches for a node or an edge of the graph: a producer's own signature over the event that
 * stated it, or a gateway's attestation that it received the statement from an authenticated source
 * (OpenLineage events, which carry no signature of their own). Stored in {@link NodeRecord#trust()}
 * and {@link EdgeRecord#trust()} as {@link #wire()}; a record stored before trust was recorded
 * holds null, which reads as {@link #SIGNED} (only signed events were folded then).
 */
public enum Trust {
  /** Stated by an event its producer signed. */
  SIGNED,
  /** Stated by an event a gateway attested: says who sent it, not that it is true. */
  GATEWAY;

  /** The stored and query form: {@code signed} or {@code gateway}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The trust a stored value names; null (stored before trust was recorded) is signed. */
  public static Trust ofStored(String stored) {
    if (stored == null || stored.equals("signed")) {
      return SIGNED;
    }
    if (stored.equals("gateway")) {
      return GATEWAY;
    }
    throw new IllegalArgumentException("unknown trust '" + stored + "'");
  }

  /** The query parameter's value: {@code signed} or {@code gateway}, any case. */
  public static Trust parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "signed" -> SIGNED;
      case "gateway" -> GATEWAY;
      default ->
          throw new IllegalArgumentException("trust is signed or gateway, got '" + text + "'");
    };
  }
}
