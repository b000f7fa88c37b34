package dev.lineage.bench.closure;

import dev.lineage.api.Lineage;
import dev.lineage.api.Receipt;
import dev.lineage.api.client.LineageApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Lineage side: {@code GET {base}/v1/lineage/{id}?direction=downstream&summary=true}, whose
 * answer holds {@code counts} (kind → number of nodes, the start excluded) and a {@code receipt}.
 * The closure size is the sum of the counts; an answer whose receipt says it was cut is refused, so
 * a timing is never of a partial closure.
 */
public final class HttpClosureClient implements ClosureClient {
  /** What one summary answer said. */
  public record Summary(Map<String, Long> counts, long visited, boolean truncated, String cutBy) {
    public long total() {
      return counts.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final String base;
  private final HttpClient http;
  private final SocketHttp socket;
  private final Duration timeout;

  /** A client with its own HTTP/1.1 connection pool and a one-minute answer timeout. */
  public HttpClosureClient(URI base) {
    this(
        base,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build(),
        Duration.ofMinutes(1));
  }

  public HttpClosureClient(URI base, HttpClient http, Duration timeout) {
    this(base, Objects.requireNonNull(http, "http"), null, timeout);
  }

  private HttpClosureClient(URI base, HttpClient http, SocketHttp socket, Duration timeout) {
    String text = Objects.requireNonNull(base, "base").toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.http = http;
    this.socket = socket;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * A client over one kept-alive blocking socket, as the JDBC driver talks to PostgreSQL: what the
   * benchmark uses, so both sides pay one socket round trip and no client library's thread
   * hand-offs.
   */
  public static HttpClosureClient overSocket(URI base) {
    return new HttpClosureClient(
        base,
        null,
        new SocketHttp(base, (int) Duration.ofMinutes(1).toMillis()),
        Duration.ofMinutes(1));
  }

  /** The request for one start: the id is percent-encoded as a single path segment. */
  public URI requestUri(String startId) {
    String segment = URLEncoder.encode(startId, StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create(base + "/v1/lineage/" + segment + "?direction=downstream&summary=true");
  }

  @Override
  public long closureSize(String startId) {
    Summary summary = summary(startId);
    if (summary.truncated()) {
      throw new IllegalStateException(
          "the closure of "
              + startId
              + " was cut"
              + (summary.cutBy() == null ? "" : " by its " + summary.cutBy() + " limit")
              + " after "
              + summary.visited()
              + " nodes; a partial count is not a closure size");
    }
    return summary.total();
  }

  /** Fetches and parses one summary answer; any status but 200 is an error. */
  public Summary summary(String startId) {
    if (socket != null) {
      URI uri = requestUri(startId);
      SocketHttp.Response response;
      try {
        response = socket.get(uri.getRawPath() + "?" + uri.getRawQuery());
      } catch (IOException e) {
        throw new UncheckedIOException("GET " + uri + " failed", e);
      }
      if (response.status() != 200) {
        throw new IllegalStateException(
            "GET "
                + uri
                + " answered "
                + response.status()
                + ": "
                + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
      }
      return parse(response.body(), uri);
    }
    HttpRequest request =
        HttpRequest.newBuilder(requestUri(startId))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + request.uri(), e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
    }
    return parse(response.body(), request.uri());
  }

  /** The answer read into the API's own record, as every client of the API reads it. */
  static Summary parse(byte[] body, URI from) {
    String text = new String(body, StandardCharsets.UTF_8);
    Lineage answer;
    try {
      answer = LineageApiClient.read(text, Lineage.class);
    } catch (IOException e) {
      throw new IllegalStateException("GET " + from + " answered something that is not JSON", e);
    }
    if (answer.counts() == null || answer.receipt() == null) {
      throw new IllegalStateException(
          "GET "
              + from
              + " answered no summary (expected an object 'counts' and a 'receipt'): "
              + abbreviate(text));
    }
    for (Map.Entry<String, Long> e : answer.counts().entrySet()) {
      if (e.getValue() == null || e.getValue() < 0) {
        throw new IllegalStateException(
            "GET " + from + " answered a count that is not a natural number: " + e);
      }
    }
    Receipt receipt = answer.receipt();
    return new Summary(
        new LinkedHashMap<>(answer.counts()),
        receipt.visited(),
        receipt.truncated(),
        receipt.cutBy());
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing the connection failed", e);
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
