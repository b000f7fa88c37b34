package dev.lineage.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * What every command-line client of the Lineage HTTP API does the same way: how it reads the
 * server's base URL, how long it waits for a connection, and at most how long for one 503's {@code
 * Retry-After} (the waiting itself is {@link dev.lineage.api.client.LineageApiClient}'s).
 */
public final class LineageHttp {
  /** No single wait longer than this, whatever {@code Retry-After} says: a person is waiting. */
  public static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);

  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private LineageHttp() {}

  /**
   * The server's base URL: {@code http(s)://host[:port][/prefix]}, without a trailing slash.
   *
   * @param expected what to ask for instead, in the message (e.g. {@code http://HOST:PORT of a
   *     Lineage server})
   * @throws IllegalArgumentException when {@code text} is not such a URL
   */
  public static URI baseUrl(String text, String expected) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("expected " + expected + ", got " + text);
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }
}
