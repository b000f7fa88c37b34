package dev.lineage.api.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.lineage.api.ApiError;
import dev.lineage.api.Closure;
import dev.lineage.api.ClosureQuery;
import dev.lineage.api.ColumnLineage;
import dev.lineage.api.Folded;
import dev.lineage.api.Lineage;
import dev.lineage.api.LineageIngested;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.Paths;
import dev.lineage.api.ProcessRuns;
import dev.lineage.api.RecordListContent;
import dev.lineage.signing.Signer;
import dev.lineage.vault.FetchCredential;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one client of the Lineage HTTP API: the impact service, the command line, the demo and the
 * benchmarks all ask through it, and read its answers into the records of {@code dev.lineage.api}
 * that the server writes.
 *
 * <p>While the server moves state between instances it answers 503 with {@code Retry-After}; the
 * client comes back as told (each wait capped), a bounded number of times, and only then throws the
 * 503. Any other status than 200 is an {@link ApiErrorException} with the server's own reason and
 * message; no answer at all is an {@link UnreachableException}; an answer that is not this API's
 * JSON is an {@link UnreadableAnswerException}.
 *
 * <p>Blocking and synchronous: every call is bounded by the request timeout.
 */
public final class LineageApiClient {
  /** How the client waits before coming back; tests record the waits instead of sleeping. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  /**
   * Adds credentials to a request: a bearer token, or a member's MAC over the method, target and
   * body (what instances of one deployment sign their calls with).
   */
  @FunctionalInterface
  public interface RequestSigner {
    void sign(HttpRequest.Builder request, String method, URI uri, byte[] body);

    /** Sends {@code authorization} (e.g. {@code Bearer ...}) as the Authorization header. */
    static RequestSigner authorization(String authorization) {
      Objects.requireNonNull(authorization, "authorization");
      return (request, method, uri, body) -> request.header("Authorization", authorization);
    }
  }

  /** One answer: the body exactly as the server sent it, and the same read into its record. */
  public record Answer<T>(String body, T value) {}

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** No single wait longer than this, whatever {@code Retry-After} says. */
  public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(10);

  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  // Fields a later server adds are skipped; a number or boolean where the contract has a string is
  // refused rather than read as its text.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private final List<URI> bases;
  private final AtomicInteger current = new AtomicInteger();
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration maxRetryWait;
  private final Pause pause;
  private final Optional<RequestSigner> signer;
  private final HttpClient http;

  private LineageApiClient(Builder b) {
    this.bases = List.copyOf(b.bases);
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.maxRetryWait = b.maxRetryWait;
    this.pause = b.pause;
    this.signer = Optional.ofNullable(b.signer);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(b.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A client of the server at {@code base} ({@code http(s)://host[:port][/prefix]}). */
  public static Builder builder(URI base) {
    return new Builder(List.of(Objects.requireNonNull(base, "base")));
  }

  /**
   * A client of any of these servers, which must answer alike (instances of one lineage-streams
   * application): it asks the one that answered last, and moves on to the next when that one cannot
   * be reached or answers 503, so one instance going away loses no call.
   */
  public static Builder builder(List<URI> bases) {
    return new Builder(bases);
  }

  /** The URL the client asks now, without a trailing slash. */
  public URI base() {
    return bases.get(current.get());
  }

  /** Every URL the client may ask, in the order it tries them. */
  public List<URI> bases() {
    return bases;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@code POST /v1/closure}. */
  public Closure closure(ClosureQuery query) {
    return post("/v1/closure", query, Closure.class).value();
  }

  /**
   * {@code GET /v1/nodes/{id}}; a node the server does not know is a 404 {@link ApiErrorException}.
   */
  public NodeDetails node(String id, String position) {
    return get("/v1/nodes/" + idPath(id), position(position), NodeDetails.class).value();
  }

  /**
   * {@code GET /v1/folded?before=T} on lineage-streams: whether its fold has taken in everything
   * appended to its input topics before the broker time {@code before} (epoch ms).
   */
  public Folded folded(long before) {
    return get("/v1/folded", Map.of("before", Long.toString(before)), Folded.class).value();
  }

  /** {@code GET /v1/processes/{name}/runs} with these parameters (null values left out). */
  public ProcessRuns processRuns(String process, Map<String, String> parameters) {
    return get("/v1/processes/" + pathSegment(process) + "/runs", parameters, ProcessRuns.class)
        .value();
  }

  /** {@code GET /v1/lineage/{id}} with these parameters (null values left out). */
  public Answer<Lineage> lineage(String id, Map<String, String> parameters) {
    return get("/v1/lineage/" + idPath(id), parameters, Lineage.class);
  }

  /** {@code GET /v1/paths} with these parameters ({@code from}, {@code to}, ...). */
  public Answer<Paths> paths(Map<String, String> parameters) {
    return get("/v1/paths", parameters, Paths.class);
  }

  /**
   * GETs {@code path} (already escaped, starting with {@code /}) with these query parameters (null
   * values left out) and reads the answer into {@code type}.
   */
  public <T> Answer<T> get(String path, Map<String, String> query, Class<T> type) {
    String tail = path + queryString(query);
    return exchange(
        base -> {
          URI uri = URI.create(base + tail);
          HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
          signer.ifPresent(s -> s.sign(request, "GET", uri, new byte[0]));
          return request;
        },
        "GET " + path,
        type);
  }

  /** POSTs {@code body} written as JSON to {@code path} and reads the answer into {@code type}. */
  public <T> Answer<T> post(String path, Object body, Class<T> type) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the body of " + path + " as JSON", e);
    }
    return exchange(
        base -> {
          URI uri = URI.create(base + path);
          HttpRequest.Builder request =
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
          signer.ifPresent(s -> s.sign(request, "POST", uri, bytes));
          return request;
        },
        "POST " + path,
        type);
  }

  /**
   * {@code GET /v1/record-lists/{request}} on the impact service: the record list of an open
   * deletion request, asked with a {@link FetchCredential} signed by {@code key} now (the client's
   * own signer is not used: the list is not for readers). A 410 ({@code record-list-erased}) means
   * the list is gone for good; 403 means the key lacks the role.
   */
  public RecordListContent recordList(String requestId, Signer key) {
    String path = "/v1/record-lists/" + pathSegment(requestId);
    return exchange(
            base ->
                HttpRequest.newBuilder(URI.create(base + path))
                    .GET()
                    .header(
                        "Authorization",
                        FetchCredential.authorization(key, requestId, System.currentTimeMillis())),
            "GET " + path,
            RecordListContent.class)
        .value();
  }

  /** {@code GET /v1/columns}: what one column of a dataset derives from, upstream. */
  public ColumnLineage columns(String dataset, String column) {
    return get(
            "/v1/columns",
            Map.of("dataset", dataset, "column", column, "direction", "upstream"),
            ColumnLineage.class)
        .value();
  }

  /**
   * Sends OpenLineage events to {@code POST /api/v1/lineage} exactly as given (one event, or a JSON
   * array of events: the bytes are what the gateway attests, so they are never re-serialized). The
   * producer's bearer token comes from the builder's {@link Builder#signer} ({@code
   * RequestSigner.authorization("Bearer " + token)}).
   */
  public Answer<LineageIngested> sendOpenLineage(byte[] events) {
    byte[] bytes = events.clone();
    return exchange(
        base -> {
          URI uri = URI.create(base + "/api/v1/lineage");
          HttpRequest.Builder request =
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
          signer.ifPresent(s -> s.sign(request, "POST", uri, bytes));
          return request;
        },
        "POST /api/v1/lineage",
        LineageIngested.class);
  }

  /**
   * Asks the current server; one that cannot be reached or answers 503 hands the question to the
   * next (no wait) until every server was asked once; when all answered 503 the round starts again
   * after the last one's {@code Retry-After}, up to {@code maxAttempts} rounds. Any other answer is
   * final: a 4xx is the same from every instance.
   */
  private <T> Answer<T> exchange(
      Function<URI, HttpRequest.Builder> request, String what, Class<T> type) {
    int round = 1;
    int askedThisRound = 0;
    while (true) {
      int index = current.get();
      URI base = bases.get(index);
      HttpResponse<String> response;
      try {
        response =
            send(
                request
                    .apply(base)
                    .timeout(requestTimeout)
                    .header("Accept", "application/json")
                    .build(),
                what,
                base);
      } catch (UnreachableException e) {
        if (++askedThisRound < bases.size()) {
          current.compareAndSet(index, (index + 1) % bases.size());
          continue;
        }
        throw e;
      }
      int status = response.statusCode();
      if (status == 503) {
        if (++askedThisRound < bases.size()) {
          current.compareAndSet(index, (index + 1) % bases.size());
          continue;
        }
        if (round < maxAttempts) {
          waitBeforeRetry(response, base);
          round++;
          askedThisRound = 0;
          current.compareAndSet(index, (index + 1) % bases.size());
          continue;
        }
      }
      if (status == 200) {
        return new Answer<>(response.body(), read(response, what, type));
      }
      ApiError error = read(response, what, ApiError.class);
      if (error.reason() == null && error.message() == null) {
        throw unreadable(response, what, null);
      }
      throw new ApiErrorException(
          what,
          new ApiError(
              status,
              error.reason() == null ? "http-" + status : error.reason(),
              error.message() == null ? "HTTP " + status : error.message()));
    }
  }

  private HttpResponse<String> send(HttpRequest request, String what, URI base) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UnreachableException(
          "the Lineage server at " + base + " did not answer " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LineageApiException("interrupted while waiting for " + base, e);
    }
  }

  private void waitBeforeRetry(HttpResponse<String> response, URI base) {
    Duration wait =
        retryAfter(response.headers().firstValue("Retry-After").orElse(null), maxRetryWait);
    try {
      pause.pause(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LineageApiException("interrupted while waiting for " + base, e);
    }
  }

  private <T> T read(HttpResponse<String> response, String what, Class<T> type) {
    String body = response.body();
    if (body != null && body.stripLeading().startsWith("{")) {
      try {
        return JSON.readValue(body, type);
      } catch (JacksonException e) {
        throw unreadable(response, what, e);
      }
    }
    throw unreadable(response, what, null);
  }

  /**
   * Reads a body of this API into its record, as the client reads answers: for a body that came
   * another way (a file, a test).
   *
   * @throws JacksonException when the text is not JSON of that record's form; its path says where
   */
  public static <T> T read(String json, Class<T> type) throws JacksonException {
    return JSON.readValue(json, type);
  }

  private UnreadableAnswerException unreadable(
      HttpResponse<String> response, String what, Throwable cause) {
    String contentType = response.headers().firstValue("Content-Type").orElse(null);
    URI asked = response.request().uri();
    return new UnreadableAnswerException(
        "the server at "
            + asked.getScheme()
            + "://"
            + asked.getRawAuthority()
            + " did not answer "
            + what
            + " with Lineage JSON (HTTP "
            + response.statusCode()
            + ", "
            + (contentType == null ? "no content type" : contentType)
            + ")",
        response.statusCode(),
        contentType,
        cause);
  }

  /**
   * The wait a {@code Retry-After} header asks for, in whole seconds (the form this API sends),
   * capped at {@code max}; one second when absent or in a form not understood.
   */
  public static Duration retryAfter(String header, Duration max) {
    if (header == null || !header.strip().matches("[0-9]{1,9}")) {
      return Duration.ofSeconds(1);
    }
    Duration asked = Duration.ofSeconds(Long.parseLong(header.strip()));
    return asked.compareTo(max) > 0 ? max : asked;
  }

  /** The position bound parameter ({@code ?position=}) of a receipt's position; none when null. */
  public static Map<String, String> position(String position) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("position", position);
    return query;
  }

  private static String queryString(Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(pathSegment(k) + "=" + pathSegment(v));
          }
        });
    return q.toString();
  }

  /**
   * Escapes a node id for a path: everything but unreserved characters and {@code : @ /} (which ids
   * contain and the server's {@code {id*}} routes take whole) is percent-encoded as UTF-8.
   */
  public static String idPath(String id) {
    return escape(id, "-._~:@/");
  }

  /**
   * Escapes one path segment: everything but unreserved characters and {@code : @} is
   * percent-encoded as UTF-8, so ids like {@code oci:repo/x@sha256:...} stay one segment.
   */
  public static String pathSegment(String text) {
    return escape(text, "-._~:@");
  }

  private static String escape(String text, String keep) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || keep.indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /** How to reach the server and how patiently. */
  public static final class Builder {
    private final List<URI> bases;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration maxRetryWait = DEFAULT_MAX_RETRY_WAIT;
    private Pause pause = d -> Thread.sleep(d.toMillis());
    private RequestSigner signer;

    private Builder(List<URI> bases) {
      if (Objects.requireNonNull(bases, "bases").isEmpty()) {
        throw new IllegalArgumentException("at least one server");
      }
      List<URI> trimmed = new ArrayList<>(bases.size());
      for (URI base : bases) {
        String text = Objects.requireNonNull(base, "base").toString();
        while (text.endsWith("/")) {
          text = text.substring(0, text.length() - 1);
        }
        trimmed.add(URI.create(text));
      }
      this.bases = trimmed;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How many times a 503 is asked again, the first ask included; 1 never comes back. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("at least one attempt, got " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder maxRetryWait(Duration wait) {
      this.maxRetryWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    public Builder pause(Pause pause) {
      this.pause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    /** Signs every request; null sends them as they are. */
    public Builder signer(RequestSigner signer) {
      this.signer = signer;
      return this;
    }

    public LineageApiClient build() {
      return new LineageApiClient(this);
    }
  }
}
