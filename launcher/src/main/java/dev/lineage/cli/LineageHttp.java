package dev.lineage.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;

/**
 * What every command-line client of the Lineage HTTP API does the same way: how it reads the
 * server's base URL, the HTTP client it asks with, and how long it waits when a 503 says {@code
 * Retry-After}.
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

  /** HTTP/1.1, {@link #CONNECT_TIMEOUT}, redirects not followed. */
  public static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The wait a {@code Retry-After} header asks for, in whole seconds (the form this API sends),
   * capped at {@link #MAX_RETRY_WAIT}; one second when absent or in a form not understood.
   */
  public static Duration retryAfter(String header) {
    if (header == null || !header.strip().matches("[0-9]{1,9}")) {
      return Duration.ofSeconds(1);
    }
    Duration asked = Duration.ofSeconds(Long.parseLong(header.strip()));
    return asked.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : asked;
  }
}
