package dev.lineage.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lineage.api.ApiError;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON HTTP API of a Lineage process: routes registered by each app (health, lineage queries,
 * impact requests) on one server, who may call each route checked ({@link ApiAccess}) before its
 * handler runs, and every failure mapped to a status and a JSON reason here and nowhere else.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /**
   * The longest request target (path and query) answered; a longer one is a 414. Generous: a
   * receipt's {@code position} passed back as {@code ?position=} names every partition.
   */
  public static final int MAX_URI_CHARS = 64 * 1024;

  /** More request header fields than this is a 431. */
  public static final int MAX_HEADER_FIELDS = 100;

  /** Request header fields larger than this in total are a 431. */
  public static final int MAX_HEADER_BYTES = 64 * 1024;

  /**
   * What the JDK server itself reads of a request head before it gives up. Its own limits (200
   * fields, 384 KiB) end in a closed connection without an answer, so they are raised above this
   * server's so that a long URL or many headers reach {@link #dispatch} and get a 414 or 431 in
   * JSON; only a head larger than this is still cut off by the JDK (it reads heads on the request
   * threads, so this bounds their memory).
   */
  static final int JDK_MAX_HEAD_BYTES = 2 * 1024 * 1024;

  static final int JDK_MAX_HEADER_FIELDS = 10_000;

  static {
    // The JDK server leaves Nagle's algorithm on, which holds every small answer on a kept-alive
    // connection for ~40 ms waiting for the client's delayed ACK. These are read once, when the
    // first server reads its configuration, so they are set before; a value the operator set on
    // the command line wins.
    setUnlessSet("sun.net.httpserver.nodelay", "true");
    setUnlessSet("sun.net.httpserver.maxReqHeaderSize", Integer.toString(JDK_MAX_HEAD_BYTES));
    setUnlessSet("sun.net.httpserver.maxReqHeaders", Integer.toString(JDK_MAX_HEADER_FIELDS));
  }

  private static void setUnlessSet(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /** Bodies are batches of ids between instances: generous, but bounded. */
  public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ApiAccess access;
  private final List<Route> routes = new ArrayList<>();
  // null until timeWith: requests are not timed
  private volatile MeterRegistry meters;
  private final RouteTimers unmatched = new RouteTimers("-", RouteTimers.UNMATCHED);

  private ApiServer(HttpServer server, ExecutorService executor, ApiAccess access) {
    this.server = server;
    this.executor = executor;
    this.access = access;
  }

  /**
   * Binds the port at once, so a port in use is reported before anything else starts; with {@link
   * ApiAccess#open()}: the read API open to anyone, no internal call answered.
   *
   * @throws BindException when the address is taken
   */
  public static ApiServer bind(String host, int port) throws IOException {
    return bind(host, port, ApiAccess.open());
  }

  /**
   * Binds the port at once, with who may call which route ({@link ApiAccess}).
   *
   * @throws BindException when the address is taken
   */
  public static ApiServer bind(String host, int port, ApiAccess access) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "lineage-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    ApiServer api = new ApiServer(server, executor, access);
    server.createContext("/", api::dispatch);
    return api;
  }

  /**
   * Adds a route. A template is a path of literal segments and {@code {name}} parameters; a last
   * parameter written {@code {name*}} takes the rest of the path, for ids that contain slashes.
   */
  public synchronized ApiServer route(String method, String template, ApiHandler handler) {
    routes.add(new Route(method, template, handler));
    return this;
  }

  public void start() {
    server.start();
  }

  /**
   * Times every request from now on into {@code registry}: {@code lineage.http.requests} by route
   * template, method and status class (see {@link RouteTimers}).
   */
  public ApiServer timeWith(MeterRegistry registry) {
    this.meters = registry;
    return this;
  }

  /**
   * Who may call which route; the apps mounted here sign their calls to other instances with it.
   */
  public ApiAccess access() {
    return access;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    // the route the request matched, set by handle: what its time is recorded under
    Route[] matched = new Route[1];
    try (exchange) {
      ApiResponse response;
      try {
        response = handle(exchange, matched);
      } catch (ApiException e) {
        response = error(e.status(), e.reason(), e.getMessage(), e.headers());
      } catch (IllegalArgumentException e) {
        // Validation of ids and parameters throws this: the caller sent something malformed.
        response = error(400, "bad-request", e.getMessage(), Map.of());
      } catch (Exception e) {
        log.error(
            "request {} {} failed",
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            e);
        response =
            error(500, "internal-error", "the server failed to answer; see its log", Map.of());
      }
      write(exchange, response);
      MeterRegistry registry = meters;
      if (registry != null) {
        (matched[0] == null ? unmatched : matched[0].timers)
            .record(registry, response.status(), System.nanoTime() - started);
      }
    }
  }

  private ApiResponse handle(HttpExchange exchange, Route[] matched) throws Exception {
    checkHead(exchange);
    String method = exchange.getRequestMethod();
    // HEAD is GET without the body (write() leaves it out): health checks probe with it.
    String routeMethod = "HEAD".equals(method) ? "GET" : method;
    String rawPath = exchange.getRequestURI().getRawPath();
    List<Route> snapshot;
    synchronized (this) {
      snapshot = List.copyOf(routes);
    }
    Set<String> allowed = new TreeSet<>();
    for (Route route : snapshot) {
      Map<String, String> params = route.match(rawPath);
      if (params == null) {
        continue;
      }
      allowed.add(route.method);
      if (route.method.equals(routeMethod)) {
        matched[0] = route;
        // the MAC covers the method the caller sent (a HEAD is answered as its GET)
        ApiAccess.BodyCheck credentials =
            access.admit(
                route.template,
                method,
                RequestMac.target(exchange.getRequestURI()),
                exchange.getRequestHeaders().getFirst("Authorization"));
        Map<String, List<String>> query =
            QueryStrings.parse(exchange.getRequestURI().getRawQuery());
        byte[] body = readBody(exchange);
        credentials.check(body);
        String ownAuthorization =
            ApiAccess.audience(route.template) == ApiAccess.Audience.OWN
                ? exchange.getRequestHeaders().getFirst("Authorization")
                : null;
        return route.handler.handle(
            new ApiRequest(routeMethod, rawPath, params, query, body, ownAuthorization));
      }
    }
    if (!allowed.isEmpty()) {
      if (allowed.contains("GET")) {
        allowed.add("HEAD");
      }
      throw new ApiException(
          405,
          "method-not-allowed",
          method + " is not allowed on " + rawPath + "; allowed: " + String.join(", ", allowed),
          Map.of("Allow", String.join(", ", allowed)));
    }
    throw ApiException.notFound("no such endpoint: " + rawPath);
  }

  /** Refuses a request whose target or header fields are beyond this server's limits. */
  private static void checkHead(HttpExchange exchange) {
    int uriChars = exchange.getRequestURI().toString().length();
    if (uriChars > MAX_URI_CHARS) {
      throw new ApiException(
          414,
          "uri-too-long",
          "the request target is "
              + uriChars
              + " characters long; at most "
              + MAX_URI_CHARS
              + " are accepted (send large inputs in a POST body)");
    }
    int fields = 0;
    long bytes = 0;
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      for (String value : header.getValue()) {
        fields++;
        bytes += header.getKey().length() + 2L + (value == null ? 0 : value.length()) + 2L;
      }
    }
    if (fields > MAX_HEADER_FIELDS || bytes > MAX_HEADER_BYTES) {
      throw new ApiException(
          431,
          "headers-too-large",
          "the request has "
              + fields
              + " header fields, "
              + bytes
              + " bytes; at most "
              + MAX_HEADER_FIELDS
              + " fields and "
              + MAX_HEADER_BYTES
              + " bytes are accepted");
    }
  }

  /** Reads at most {@link #MAX_BODY_BYTES}; a larger body is refused before it is buffered. */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (java.io.InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new ApiException(
            413, "too-large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
      }
      return body;
    }
  }

  private static ApiResponse error(
      int status, String reason, String message, Map<String, String> headers) {
    return new ApiResponse(
        status, new ApiError(status, reason, message == null ? reason : message), headers);
  }

  private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
    byte[] bytes;
    if (response.body() instanceof RawBody raw) {
      bytes = raw.bytes();
      exchange.getResponseHeaders().set("Content-Type", raw.contentType());
    } else {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      JSON.writeValue(buffer, response.body());
      buffer.write('\n');
      bytes = buffer.toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    }
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    if ("HEAD".equals(exchange.getRequestMethod())) {
      // -1: no body follows; the JDK server sends none for HEAD, and warns if told a length
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The shared JSON mapper: handlers that build bodies by hand may use it. */
  public static ObjectMapper json() {
    return JSON;
  }

  private static final class Route {
    final String method;
    final String template;
    final String[] segments;
    final ApiHandler handler;
    final RouteTimers timers;

    Route(String method, String template, ApiHandler handler) {
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("route template must start with /: " + template);
      }
      this.method = method;
      this.template = template;
      this.segments = template.substring(1).split("/", -1);
      this.handler = handler;
      this.timers = new RouteTimers(method, template);
    }

    /** The path parameters when the raw path matches, else null. */
    Map<String, String> match(String rawPath) {
      if (!rawPath.startsWith("/")) {
        return null;
      }
      String[] parts = rawPath.substring(1).split("/", -1);
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < segments.length; i++) {
        String seg = segments[i];
        boolean isParam = seg.startsWith("{") && seg.endsWith("}");
        if (isParam && seg.endsWith("*}") && i == segments.length - 1) {
          if (parts.length <= i) {
            return null;
          }
          String rest = String.join("/", Arrays.copyOfRange(parts, i, parts.length));
          if (rest.isEmpty()) {
            return null;
          }
          params.put(seg.substring(1, seg.length() - 2), QueryStrings.percentDecode(rest));
          return params;
        }
        if (parts.length <= i) {
          return null;
        }
        if (isParam) {
          if (parts[i].isEmpty()) {
            return null;
          }
          params.put(seg.substring(1, seg.length() - 1), QueryStrings.percentDecode(parts[i]));
        } else if (!seg.equals(parts[i])) {
          return null;
        }
      }
      return parts.length == segments.length ? params : null;
    }
  }
}
