package dev.lineage.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Parsers for setting values; each throws {@link IllegalArgumentException} saying what it wants.
 */
public final class Parsers {
  private Parsers() {}

  public static String text(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return s;
  }

  public static Path path(String s) {
    return Path.of(text(s));
  }

  /** Comma-separated paths; blanks between commas are skipped. */
  public static List<Path> paths(String s) {
    return Arrays.stream(s.split(","))
        .map(String::trim)
        .filter(p -> !p.isEmpty())
        .map(Path::of)
        .toList();
  }

  /** A whole number from 0 to {@link Integer#MAX_VALUE}. */
  public static int count(String s) {
    long n;
    try {
      n = Long.parseLong(s);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "must be a whole number from 0 to " + Integer.MAX_VALUE + ", got " + s);
    }
    return (int) n;
  }

  /** A whole number of milliseconds from 0 to {@link Integer#MAX_VALUE}. */
  public static Duration millis(String s) {
    return Duration.ofMillis(count(s));
  }

  /** An ISO-8601 duration ({@code PT30S}) or plain milliseconds. */
  public static Duration duration(String s) {
    try {
      return !s.isEmpty() && s.chars().allMatch(Character::isDigit)
          ? Duration.ofMillis(Long.parseLong(s))
          : Duration.parse(s);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "must be an ISO-8601 duration (PT30S) or milliseconds, got " + s);
    }
  }

  public static double decimal(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number, got " + s);
    }
  }

  public static URI uri(String s) {
    try {
      return URI.create(text(s));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be a URL, got " + s);
    }
  }

  /** An absolute http(s) URL with a host, e.g. {@code http://impact-service-1:8080}. */
  public static URI httpUrl(String s) {
    URI uri = uri(s);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("must be an http(s) URL, got " + s);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("must be an http(s) URL with a host, got " + s);
    }
    return uri;
  }

  /** {@code host:port}, as Kafka Streams' {@code application.server} wants it. */
  public static String hostPort(String s) {
    if (!s.matches("[^:\\s]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException("must be host:port, got " + s);
    }
    return s;
  }
}
