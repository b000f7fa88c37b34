package dev.lineage.explorer;

import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.RawBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The explorer's built files, packaged in this jar under {@code explorer/} by the Maven build (npm
 * ci, npm run build): {@code GET /} answers the page, {@code GET /assets/...} its scripts and
 * styles. Nothing is fetched from elsewhere at run time: the page's policy allows this origin only.
 */
final class StaticAssets {
  static final String ROOT = "explorer/";

  /** What Vite writes: content-hashed names of letters, digits, dots, dashes and underscores. */
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

  /** Same origin only: scripts, styles, images, fetches; no frames, no plugins, no inline code. */
  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'self'";

  private final ClassLoader loader;
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  StaticAssets(ClassLoader loader) {
    this.loader = loader;
  }

  void mount(ApiServer server) {
    server.route("GET", "/", request -> page());
    server.route("GET", "/assets/{file*}", this::asset);
  }

  /**
   * Whether the page was built into this jar (a build with {@code -Dexplorer.skip} leaves it out).
   */
  boolean built() {
    return read("index.html").isPresent();
  }

  private ApiResponse page() {
    byte[] html =
        read("index.html")
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "the explorer is not in this build (it was built with -Dexplorer.skip);"
                            + " the JSON API under /v1/ works as usual"));
    Map<String, String> headers = securityHeaders();
    // the page names its hashed assets: always ask again, so a new version is picked up at once
    headers.put("Cache-Control", "no-cache");
    return new ApiResponse(200, new RawBody("text/html; charset=utf-8", html), headers);
  }

  private ApiResponse asset(ApiRequest request) {
    String file = request.pathParam("file");
    if (!ASSET.matcher(file).matches() || file.startsWith(".")) {
      throw ApiException.notFound("no such asset");
    }
    byte[] bytes =
        read("assets/" + file).orElseThrow(() -> ApiException.notFound("no such asset: " + file));
    Map<String, String> headers = securityHeaders();
    // content-hashed names never change their content
    headers.put("Cache-Control", "public, max-age=31536000, immutable");
    return new ApiResponse(200, new RawBody(contentType(file), bytes), headers);
  }

  private static Map<String, String> securityHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Security-Policy", POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    return headers;
  }

  static String contentType(String file) {
    String name = file.toLowerCase(Locale.ROOT);
    if (name.endsWith(".js") || name.endsWith(".mjs")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    if (name.endsWith(".png")) {
      return "image/png";
    }
    if (name.endsWith(".json") || name.endsWith(".map")) {
      return "application/json; charset=utf-8";
    }
    if (name.endsWith(".woff2")) {
      return "font/woff2";
    }
    return "application/octet-stream";
  }

  /** A file of the build; found files are kept (a few hundred kB), misses are not. */
  private Optional<byte[]> read(String path) {
    byte[] known = cache.get(path);
    if (known != null) {
      return Optional.of(known);
    }
    try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      cache.put(path, bytes);
      return Optional.of(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the explorer's " + path, e);
    }
  }
}
