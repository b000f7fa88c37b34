package dev.lineage.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A lineage-streams instance's log endpoints over HTTP. Their bodies are the C2SP text formats, not
 * JSON, so they are read as text here and parsed by the tlog library, never by hand.
 */
public final class HttpLogFeed implements LogFeed {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;

  /**
   * @param base the server, e.g. {@code http://127.0.0.1:8080}
   */
  public HttpLogFeed(URI base) {
    this.base = base;
  }

  @Override
  public String checkpoint() throws IOException {
    return get("/log/checkpoint");
  }

  @Override
  public String consistency(long from, long to) throws IOException {
    return get("/v1/log/consistency?from=" + from + "&to=" + to);
  }

  /** The log holds no such envelope within the asked tree size (404). */
  public static final class NotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }

  /**
   * The C2SP tlog-proof of one envelope against the tree of {@code size} leaves.
   *
   * @throws NotFoundException when the log holds no such envelope within that size
   */
  public String proof(String envelopeDigest, long size) throws IOException {
    return get("/v1/log/proof?envelope=" + envelopeDigest + "&size=" + size);
  }

  private String get(String path) throws IOException {
    URI uri = base.resolve(path);
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted asking " + uri, e);
    }
    if (r.statusCode() == 404) {
      throw new NotFoundException(uri + " answered 404: " + r.body().strip());
    }
    if (r.statusCode() != 200) {
      throw new IOException(uri + " answered " + r.statusCode() + ": " + r.body().strip());
    }
    return r.body();
  }
}
