package dev.lineage.query;

import dev.lineage.api.ColumnLink;
import dev.lineage.graph.EquivalenceRecord;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiServer;
import dev.lineage.http.RequestMac;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance for what it holds: one request per instance per hop, whatever the number of
 * ids. A failure is never swallowed: an instance that does not answer makes the whole answer a 503,
 * for the caller to retry once the group has settled. Every request carries this instance's proof
 * of membership, when it has a cluster secret.
 */
public final class RemoteGraph {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();
  private final Optional<RequestMac> mac;

  /**
   * @param mac signs every request; empty sends them unsigned, which owners refuse (401)
   */
  public RemoteGraph(Optional<RequestMac> mac) {
    this.mac = mac;
  }

  /**
   * What goes with every request of one answer: the position bound the owner must reach, and where
   * to report the position each owner says its answer reflects.
   */
  public record Hop(Supplier<PositionBound> bound, Consumer<Map<String, Long>> positions) {}

  /** The batch body of the internal endpoints. */
  /**
   * One internal request's ids; {@code trust} is {@code signed} to follow only producer-signed
   * edges, null for every edge.
   */
  public record Batch(List<String> ids, String direction, String trust) {
    public Batch(List<String> ids, String direction) {
      this(ids, direction, null);
    }
  }

  public CompletableFuture<Map<String, List<String>>> neighbors(
      HostInfo host, Collection<String> ids, Direction direction, Hop hop) {
    return post(
            host,
            InternalGraphApi.NEIGHBORS,
            new Batch(List.copyOf(ids), direction.lowerCase()),
            hop,
            InternalAnswers.Neighbors.class)
        .thenApply(InternalAnswers.Neighbors::neighbors);
  }

  /** As {@link #neighbors}, following only edges some producer signed. */
  public CompletableFuture<Map<String, List<String>>> signedNeighbors(
      HostInfo host, Collection<String> ids, Direction direction, Hop hop) {
    return post(
            host,
            InternalGraphApi.NEIGHBORS,
            new Batch(List.copyOf(ids), direction.lowerCase(), "signed"),
            hop,
            InternalAnswers.Neighbors.class)
        .thenApply(InternalAnswers.Neighbors::neighbors);
  }

  /** The column-level edges into columns whose datasets {@code host} owns. */
  public CompletableFuture<Map<ColumnRef, List<ColumnLink>>> columnInputs(
      HostInfo host, List<ColumnRef> columns, Hop hop) {
    return post(
            host,
            InternalGraphApi.COLUMNS,
            new ColumnBatch(List.copyOf(columns)),
            hop,
            InternalAnswers.Columns.class)
        .thenApply(
            answer -> {
              Map<ColumnRef, List<ColumnLink>> out = new LinkedHashMap<>();
              for (int i = 0; i < answer.columns().size(); i++) {
                out.put(answer.columns().get(i), answer.links().get(i));
              }
              return out;
            });
  }

  /** The columns of one internal request. */
  public record ColumnBatch(List<ColumnRef> columns) {}

  public CompletableFuture<Map<String, GraphNode>> nodes(
      HostInfo host, Collection<String> ids, Hop hop) {
    return post(
            host,
            InternalGraphApi.NODES,
            new Batch(List.copyOf(ids), null),
            hop,
            InternalAnswers.Nodes.class)
        .thenApply(InternalAnswers.Nodes::nodes);
  }

  public CompletableFuture<Map<String, List<EquivalenceRecord>>> equivalences(
      HostInfo host, Collection<String> runIds, Hop hop) {
    return post(
            host,
            InternalGraphApi.EQUIVALENCES,
            new Batch(List.copyOf(runIds), null),
            hop,
            InternalAnswers.Equivalences.class)
        .thenApply(InternalAnswers.Equivalences::equivalences);
  }

  public Optional<String> resolveName(
      HostInfo host, String name, Optional<String> version, Hop hop) {
    String query =
        "?name="
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + version
                .map(v -> "&version=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                .orElse("");
    HttpRequest request = get(uri(host, InternalGraphApi.NAMES + query + bound(hop, "&")));
    InternalAnswers.Name answer = send(host, request, hop, InternalAnswers.Name.class).join();
    if (answer.contested() != null && !answer.contested().isEmpty()) {
      throw ContestedName.error(name, answer.contested());
    }
    return Optional.ofNullable(answer.id());
  }

  public List<RunEntry> processRuns(HostInfo host, String process, RunsQuery query, Hop hop) {
    StringBuilder q = new StringBuilder("?name=").append(encode(process));
    query.asParameters().forEach((k, v) -> q.append('&').append(k).append('=').append(encode(v)));
    HttpRequest request = get(uri(host, InternalGraphApi.PROCESS_RUNS + q + bound(hop, "&")));
    return send(host, request, hop, InternalAnswers.Runs.class).join().runs();
  }

  /** The bound as a query parameter, forwarded so the owner checks its own partitions. */
  private static String bound(Hop hop, String separator) {
    PositionBound bound = hop.bound().get();
    return bound.isEmpty() ? "" : separator + "position=" + encode(bound.format());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private <T> CompletableFuture<T> post(
      HostInfo host, String path, Object batch, Hop hop, Class<T> answer) {
    byte[] body;
    try {
      body = ApiServer.json().writeValueAsBytes(batch);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a batch", e);
    }
    URI uri = uri(host, path + bound(hop, "?"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    mac.ifPresent(m -> m.sign(request, "POST", uri, body));
    return send(host, request.build(), hop, answer);
  }

  private HttpRequest get(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    mac.ifPresent(m -> m.sign(request, "GET", uri, new byte[0]));
    return request.build();
  }

  /**
   * The owner's answer read into its record; the position it reports goes to the hop. Any failure
   * is a 503 for the caller to retry once the group has settled.
   */
  private <T> CompletableFuture<T> send(
      HostInfo host, HttpRequest request, Hop hop, Class<T> answer) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw ApiException.unavailable(
                    "instance " + host.host() + ":" + host.port() + " did not answer", 1);
              }
              if (response.statusCode() == 401) {
                // a secret being rolled out answers 401 until every instance has it: come back
                throw ApiException.unavailable(
                    "instance "
                        + host.host()
                        + ":"
                        + host.port()
                        + " refused this instance's call ("
                        + ApiAccess.refusal(401, response.body())
                        + ")",
                    1);
              }
              if (response.statusCode() != 200) {
                throw ApiException.unavailable(
                    "instance "
                        + host.host()
                        + ":"
                        + host.port()
                        + " answered "
                        + response.statusCode(),
                    1);
              }
              try {
                T read = ApiServer.json().readValue(response.body(), answer);
                if (read instanceof InternalAnswers.Positioned p && p.position() != null) {
                  hop.positions().accept(p.position());
                }
                return read;
              } catch (IOException e) {
                throw ApiException.unavailable(
                    "instance " + host.host() + ":" + host.port() + " sent an unreadable answer",
                    1);
              }
            });
  }

  private static URI uri(HostInfo host, String pathAndQuery) {
    return URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
  }
}
