package dev.lineage.impact.graphclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.http.RequestMac;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@link LineageGraph} over lineage-streams' HTTP API (contract A): {@code POST /v1/closure},
 * {@code GET /v1/nodes/{id}}, {@code GET /v1/processes/{name}/runs}. Any instance answers (it
 * routes to the owners), so one base URI is enough.
 *
 * <p>Every call is bounded by the timeout, because it runs on a stream thread: a slow or absent
 * lineage-streams must cost seconds, not the poll interval. Blocking and synchronous on purpose:
 * the analysis needs each answer before the next question.
 *
 * <p>With the deployment's cluster secret every call carries a member's MAC, which lineage-streams
 * accepts in place of the bearer token its read API may require: the impact service needs no token
 * of its own.
 */
public final class HttpLineageGraph implements LineageGraph {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient client;
  private final Optional<RequestMac> mac;

  public HttpLineageGraph(URI base, Duration timeout) {
    this(base, timeout, Optional.empty());
  }

  /**
   * @param mac signs every call with the cluster secret; empty sends them unsigned
   */
  public HttpLineageGraph(URI base, Duration timeout, Optional<RequestMac> mac) {
    this.mac = Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(base, "base");
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  public URI base() {
    return base;
  }

  @Override
  public Closure downstreamClosure(List<String> starts) {
    ObjectNode body = JSON.createObjectNode();
    starts.forEach(body.putArray("starts")::add);
    body.put("direction", "downstream");
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a closure request", e);
    }
    URI uri = base.resolve("/v1/closure");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    mac.ifPresent(m -> m.sign(request, "POST", uri, bytes));
    JsonNode json = send(request.build(), false).orElseThrow();
    return closure(json);
  }

  @Override
  public Optional<NodeDetails> node(String id) {
    HttpRequest request = get(base.resolve("/v1/nodes/" + pathSegment(id)));
    return send(request, true).map(HttpLineageGraph::details);
  }

  @Override
  public List<ProcessRun> processRuns(RunQuery query) {
    StringJoiner params = new StringJoiner("&", "?", "").setEmptyValue("");
    if (query.minVersion() != null) {
      params.add("minVersion=" + pathSegment(query.minVersion()));
    }
    if (query.maxVersion() != null) {
      params.add("maxVersion=" + pathSegment(query.maxVersion()));
    }
    if (query.from() != null) {
      params.add("from=" + pathSegment(query.from().toString()));
    }
    if (query.to() != null) {
      params.add("to=" + pathSegment(query.to().toString()));
    }
    HttpRequest request =
        get(base.resolve("/v1/processes/" + pathSegment(query.processName()) + "/runs" + params));
    JsonNode json = send(request, false).orElseThrow();
    List<ProcessRun> runs = new ArrayList<>();
    for (JsonNode r : json.path("runs")) {
      runs.add(
          new ProcessRun(
              r.path("id").asText(),
              text(r, "version"),
              instant(r, "startedAt"),
              instant(r, "endedAt")));
    }
    return runs;
  }

  private HttpRequest get(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    mac.ifPresent(m -> m.sign(request, "GET", uri, new byte[0]));
    return request.build();
  }

  /**
   * The answer's JSON; empty for a 404 when {@code notFoundIsEmpty}. Anything that says "not now"
   * is a {@link GraphUnavailableException}; a refused question is a {@link GraphRequestException}.
   */
  private Optional<JsonNode> send(HttpRequest request, boolean notFoundIsEmpty) {
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new GraphUnavailableException(
          "lineage-streams at " + base + " did not answer " + what(request) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GraphUnavailableException("interrupted while asking lineage-streams", e);
    }
    int status = response.statusCode();
    if (status == 200) {
      try {
        return Optional.of(JSON.readTree(response.body()));
      } catch (IOException e) {
        throw new GraphUnavailableException(
            "lineage-streams sent an unreadable answer to " + what(request), e);
      }
    }
    if (status == 404 && notFoundIsEmpty) {
      return Optional.empty();
    }
    String reason = reason(response.body());
    if (status == 401 || status == 403) {
      // credentials are the deployment's to fix (a secret rolled out, a token set): the request
      // waits for that instead of failing
      throw new GraphUnavailableException(
          "lineage-streams refused "
              + what(request)
              + " ("
              + status
              + "): "
              + reason
              + (mac.isEmpty()
                  ? "; give the impact service the deployment's cluster secret"
                  : "; do both services hold the same cluster secret?"));
    }
    if (status == 404 || status == 408 || status == 429 || status >= 500) {
      // a 404 for the endpoint itself means an older lineage-streams: an operator can fix it, so
      // the request waits instead of being answered wrongly
      throw new GraphUnavailableException(
          "lineage-streams answered " + status + " to " + what(request) + ": " + reason);
    }
    throw new GraphRequestException(
        status, "lineage-streams refused " + what(request) + " (" + status + "): " + reason);
  }

  private static String what(HttpRequest request) {
    return request.method() + " " + request.uri().getRawPath();
  }

  private static String reason(byte[] body) {
    try {
      JsonNode json = JSON.readTree(body);
      JsonNode message = json.path("message");
      return message.isMissingNode() ? json.path("reason").asText("") : message.asText();
    } catch (IOException e) {
      return "(no JSON reason)";
    }
  }

  static Closure closure(JsonNode json) {
    List<String> starts = new ArrayList<>();
    json.path("starts").forEach(s -> starts.add(s.asText()));
    List<String> missing = new ArrayList<>();
    json.path("missing").forEach(s -> missing.add(s.asText()));
    List<ClosureNode> nodes = new ArrayList<>();
    for (JsonNode n : json.path("nodes")) {
      nodes.add(
          new ClosureNode(
              n.path("id").asText(),
              n.path("kind").asText(null),
              text(n, "name"),
              text(n, "version"),
              n.path("depth").asInt(0),
              n.path("registered").asBoolean(false)));
    }
    List<ClosureEdge> edges = new ArrayList<>();
    for (JsonNode e : json.path("edges")) {
      edges.add(new ClosureEdge(e.path("from").asText(), e.path("to").asText()));
    }
    JsonNode r = json.path("receipt");
    JsonNode position = r.path("position");
    ClosureReceipt receipt =
        new ClosureReceipt(
            r.path("visited").asLong(nodes.size()),
            r.path("truncated").asBoolean(false),
            text(r, "cutBy"),
            r.path("depthReached").asInt(0),
            position.isMissingNode() || position.isNull() ? null : position.toString());
    return new Closure(starts, missing, nodes, edges, receipt);
  }

  /**
   * Contract A.1 puts {@code recordCount} and {@code manifestDigest} at the top level; older
   * lineage-streams builds had them among the attributes only ({@code recordCount}, {@code
   * manifest}), which is read as a fallback.
   */
  static NodeDetails details(JsonNode n) {
    JsonNode attributes = n.path("attributes");
    Long recordCount = null;
    if (n.path("recordCount").canConvertToLong()) {
      recordCount = n.path("recordCount").asLong();
    } else if (attributes.path("recordCount").isTextual()) {
      try {
        recordCount = Long.parseLong(attributes.path("recordCount").asText());
      } catch (NumberFormatException e) {
        recordCount = null;
      }
    }
    String manifest = text(n, "manifestDigest");
    if (manifest == null) {
      manifest = text(attributes, "manifest");
    }
    return new NodeDetails(
        n.path("id").asText(),
        text(n, "kind"),
        text(n, "name"),
        text(n, "version"),
        recordCount,
        manifest);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  private static Instant instant(JsonNode n, String field) {
    String v = text(n, field);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new GraphUnavailableException("lineage-streams sent a time that does not parse: " + v);
    }
  }

  /**
   * Percent-encodes everything but RFC 3986 unreserved characters and {@code :} {@code @}: ids like
   * {@code oci:repo/x@sha256:...} stay one path parameter.
   */
  static String pathSegment(String text) {
    StringBuilder b = new StringBuilder();
    for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == ':'
          || c == '@') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
