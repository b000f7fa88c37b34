package dev.lineage.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lineage.api.ApiError;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
   * What the HTTP server itself reads of a request head before it gives up (with a bare 431). It is
   * above this server's own limits so that a long URL or many headers reach {@link #dispatch} and
   * get a 414 or 431 in JSON; only a head larger than this is cut off before (it bounds what a
   * connection buffers).
   */
  static final int MAX_HEAD_BYTES = 2 * 1024 * 1024;

  /** Request threads: each runs one request's handler to its end (handlers may block). */
  static final int MAX_THREADS = 64;

  private static final byte[] NO_BODY = new byte[0];

  /** Bodies are batches of ids between instances: generous, but bounded. */
  public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final String host;
  private final ApiAccess access;
  // copied on write: requests read it without a lock
  private volatile Route[] routes = new Route[0];
  // null until timeWith: requests are not timed
  private volatile MeterRegistry meters;
  private final RouteTimers unmatched = new RouteTimers("-", RouteTimers.UNMATCHED);

  private ApiServer(Server server, ServerConnector connector, String host, ApiAccess access) {
    this.server = server;
    this.connector = connector;
    this.host = host;
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
    // Jetty rather than the JDK's HttpServer: the JDK server hands every request from its one
    // dispatcher thread to a worker and back (two thread wake-ups per answer, and a third to
    // re-register a kept-alive connection), which on a loaded two-core machine was most of a small
    // answer's time and all of its tail; Jetty's selector thread runs the request itself and lets
    // a spare thread take over selecting (docs/benchmarks.md, issue 19).
    // idle threads are kept for ten minutes: a call after a quiet minute finds its thread ready
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8, 600_000);
    threads.setName("lineage-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setRequestHeaderSize(MAX_HEAD_BYTES);
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    // ids go in paths as they are (encoded slashes, colons); this server decodes and checks them
    config.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector =
        new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(host);
    connector.setPort(port);
    connector.setAcceptQueueSize(64);
    server.addConnector(connector);
    ApiServer api = new ApiServer(server, connector, host, access);
    server.setHandler(api.new JettyHandler());
    try {
      connector.open();
    } catch (IOException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof BindException bind) {
          throw bind;
        }
      }
      throw e;
    }
    return api;
  }

  /**
   * Adds a route. A template is a path of literal segments and {@code {name}} parameters; a last
   * parameter written {@code {name*}} takes the rest of the path, for ids that contain slashes.
   */
  public synchronized ApiServer route(String method, String template, ApiHandler handler) {
    Route[] grown = Arrays.copyOf(routes, routes.length + 1);
    grown[routes.length] = new Route(method, template, handler);
    routes = grown;
    return this;
  }

  public void start() {
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP server did not start", e);
    }
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
    return connector.getLocalPort();
  }

  public String baseUrl() {
    return "http://" + host + ":" + port();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("the HTTP server did not stop cleanly", e);
    } finally {
      connector.close();
    }
  }

  /** Every request, on the thread Jetty runs it on: routed, admitted, answered. */
  private final class JettyHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long started = System.nanoTime();
      Exchange exchange = new Exchange(request);
      // the route the request matched, set by handle: what its time is recorded under
      Route[] matched = new Route[1];
      ApiResponse answer = dispatch(exchange, matched);
      write(exchange, answer, response, callback);
      MeterRegistry registry = meters;
      if (registry != null) {
        (matched[0] == null ? unmatched : matched[0].timers)
            .record(registry, answer.status(), System.nanoTime() - started);
      }
      return true;
    }
  }

  /** One request as the routing below reads it. */
  private static final class Exchange {
    final Request request;
    final String method;
    final String rawPath;
    final String rawQuery;

    Exchange(Request request) {
      this.request = request;
      this.method = request.getMethod();
      HttpURI uri = request.getHttpURI();
      String path = uri.getPath();
      this.rawPath = path == null || path.isEmpty() ? "/" : path;
      this.rawQuery = uri.getQuery();
    }

    /** The request target as sent: what a {@link RequestMac} covers. */
    String target() {
      return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    String header(String name) {
      return request.getHeaders().get(name);
    }

    String method() {
      return method;
    }
  }

  /** Routes and answers one request; every failure becomes a status and a JSON reason here. */
  private ApiResponse dispatch(Exchange exchange, Route[] matched) {
    try {
      return handle(exchange, matched);
    } catch (ApiException e) {
      return error(e.status(), e.reason(), e.getMessage(), e.headers());
    } catch (IllegalArgumentException e) {
      // Validation of ids and parameters throws this: the caller sent something malformed.
      return error(400, "bad-request", e.getMessage(), Map.of());
    } catch (Exception e) {
      log.error("request {} {} failed", exchange.method(), exchange.rawPath, e);
      return error(500, "internal-error", "the server failed to answer; see its log", Map.of());
    }
  }

  private ApiResponse handle(Exchange exchange, Route[] matched) throws Exception {
    checkHead(exchange);
    String method = exchange.method();
    // HEAD is GET without the body (write() leaves it out): health checks probe with it.
    String routeMethod = "HEAD".equals(method) ? "GET" : method;
    String rawPath = exchange.rawPath;
    String[] parts = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : null;
    Set<String> allowed = null;
    for (Route route : routes) {
      Map<String, String> params = parts == null ? null : route.match(parts);
      if (params == null) {
        continue;
      }
      if (allowed == null) {
        allowed = new TreeSet<>();
      }
      allowed.add(route.method);
      if (route.method.equals(routeMethod)) {
        matched[0] = route;
        // the MAC covers the method the caller sent (a HEAD is answered as its GET)
        ApiAccess.BodyCheck credentials =
            access.admit(
                route.template, method, exchange.target(), exchange.header("Authorization"));
        Map<String, List<String>> query = QueryStrings.parse(exchange.rawQuery);
        byte[] body = readBody(exchange);
        credentials.check(body);
        String ownAuthorization =
            ApiAccess.audience(route.template) == ApiAccess.Audience.OWN
                ? exchange.header("Authorization")
                : null;
        return route.handler.handle(
            new ApiRequest(routeMethod, rawPath, params, query, body, ownAuthorization));
      }
    }
    if (allowed != null) {
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
  private static void checkHead(Exchange exchange) {
    int uriChars =
        exchange.rawPath.length()
            + (exchange.rawQuery == null ? 0 : exchange.rawQuery.length() + 1);
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
    for (HttpField header : exchange.request.getHeaders()) {
      String value = header.getValue();
      fields++;
      bytes += header.getName().length() + 2L + (value == null ? 0 : value.length()) + 2L;
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
  private static byte[] readBody(Exchange exchange) throws IOException {
    long declared = exchange.request.getLength();
    if (declared > MAX_BODY_BYTES) {
      throw new ApiException(
          413, "too-large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
    }
    if (declared == 0
        || declared < 0 && !exchange.request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      return NO_BODY; // a GET: no body, no stream to open
    }
    try (InputStream in = Request.asInputStream(exchange.request)) {
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

  private static void write(
      Exchange exchange, ApiResponse answer, Response response, Callback callback) {
    byte[] bytes;
    String contentType;
    try {
      if (answer.body() instanceof RawBody raw) {
        bytes = raw.bytes();
        contentType = raw.contentType();
      } else {
        byte[] json = JSON.writeValueAsBytes(answer.body());
        bytes = Arrays.copyOf(json, json.length + 1);
        bytes[json.length] = '\n';
        contentType = "application/json; charset=utf-8";
      }
    } catch (IOException | RuntimeException e) {
      log.error("answer to {} {} could not be written", exchange.method(), exchange.rawPath, e);
      Response.writeError(exchange.request, response, callback, 500);
      return;
    }
    response.setStatus(answer.status());
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, contentType);
    answer.headers().forEach(headers::put);
    headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
    if ("HEAD".equals(exchange.method())) {
      // the length a GET would have; no body follows
      response.write(true, null, callback);
      return;
    }
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** The shared JSON mapper: handlers that build bodies by hand may use it. */
  public static ObjectMapper json() {
    return JSON;
  }

  private static final class Route {
    final String method;
    final String template;
    final String[] segments;
    final boolean greedy;
    final ApiHandler handler;
    final RouteTimers timers;

    Route(String method, String template, ApiHandler handler) {
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("route template must start with /: " + template);
      }
      this.method = method;
      this.template = template;
      this.segments = template.substring(1).split("/", -1);
      this.greedy = segments[segments.length - 1].endsWith("*}");
      this.handler = handler;
      this.timers = new RouteTimers(method, template);
    }

    /** The path parameters when the raw path's segments (after its first /) match, else null. */
    Map<String, String> match(String[] parts) {
      if (parts.length < segments.length - 1
          || (parts.length > segments.length && !greedy)
          || !segments[0].equals(parts[0]) && !segments[0].startsWith("{")) {
        return null;
      }
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
