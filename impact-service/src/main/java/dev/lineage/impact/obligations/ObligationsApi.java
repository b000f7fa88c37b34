package dev.lineage.impact.obligations;

import dev.lineage.api.ApiError;
import dev.lineage.api.Obligations;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.RequestMac;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/obligations?request=&model=&overdue=} (issue 14): the obligations of one request
 * ({@code request}: asked of the instance owning its partition, 404 when no input of it was ever
 * seen), or of every request, filtered by model and overdue (each instance answers for its own
 * partitions; the one asked gathers the others' answers). OPEN and OVERDUE are judged by the
 * service's clock at the time of the answer, so every reader sees what the deploy gate sees. A
 * forwarded call is answered locally, never forwarded again; a rebalance or a silent peer is a 503
 * with {@code Retry-After}.
 */
public final class ObligationsApi {
  static final String FORWARDED = "forwarded";

  private final Supplier<KafkaStreams> streams;
  private final HostInfo self;
  private final Optional<RequestMac> mac;
  private final Clock clock;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  public ObligationsApi(
      Supplier<KafkaStreams> streams, HostInfo self, Optional<RequestMac> mac, Clock clock) {
    this.streams = streams;
    this.self = self;
    this.mac = mac;
    this.clock = clock;
  }

  public void mount(ApiServer server) {
    server.route("GET", "/v1/obligations", this::obligations);
  }

  ApiResponse obligations(ApiRequest request) throws InterruptedException {
    KafkaStreams s = running();
    Instant now = clock.instant();
    ObligationViews.Filter filter =
        new ObligationViews.Filter(
            request.queryParam("model").filter(m -> !m.isBlank()),
            request.booleanQueryParam("overdue").orElse(false));
    boolean forwarded = request.queryParam(FORWARDED).isPresent();
    Optional<String> id = request.queryParam("request").filter(r -> !r.isBlank());
    if (id.isPresent()) {
      return oneRequest(s, id.get(), filter, now, request, forwarded);
    }
    List<Obligations.Request> found = new ArrayList<>(local(s, filter, now));
    if (!forwarded) {
      for (StreamsMetadata peer : s.streamsMetadataForStore(ObligationStores.STATE)) {
        if (!peer.hostInfo().equals(self)) {
          found.addAll(ask(peer.hostInfo(), request).requests());
        }
      }
    }
    found.sort(Comparator.comparing(Obligations.Request::requestId));
    return ApiResponse.ok(new Obligations(now.toString(), found));
  }

  private ApiResponse oneRequest(
      KafkaStreams s,
      String id,
      ObligationViews.Filter filter,
      Instant now,
      ApiRequest request,
      boolean forwarded)
      throws InterruptedException {
    KeyQueryMetadata owner =
        s.queryMetadataForKey(ObligationStores.STATE, id, Serdes.String().serializer());
    if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
      throw ApiException.unavailable("the owner of request " + id + " is not known yet", 1);
    }
    if (!owner.activeHost().equals(self) && !HostInfo.unavailable().equals(self)) {
      if (forwarded) {
        throw ApiException.unavailable("request " + id + " moved to another instance", 1);
      }
      return ApiResponse.ok(ask(owner.activeHost(), request));
    }
    ObligationState state;
    try {
      ReadOnlyKeyValueStore<String, ObligationState> store =
          s.store(
              StoreQueryParameters.fromNameAndType(
                      ObligationStores.STATE,
                      QueryableStoreTypes.<String, ObligationState>keyValueStore())
                  .withPartition(owner.partition()));
      state = store.get(id);
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the obligation stores are moving between instances", 1);
    }
    if (state == null) {
      throw ApiException.notFound("nothing is known of request " + id);
    }
    return ApiResponse.ok(
        new Obligations(
            now.toString(), ObligationViews.request(state, now, filter).stream().toList()));
  }

  private List<Obligations.Request> local(
      KafkaStreams s, ObligationViews.Filter filter, Instant now) {
    List<Obligations.Request> found = new ArrayList<>();
    try {
      ReadOnlyKeyValueStore<String, ObligationState> store =
          s.store(
              StoreQueryParameters.fromNameAndType(
                  ObligationStores.STATE,
                  QueryableStoreTypes.<String, ObligationState>keyValueStore()));
      try (KeyValueIterator<String, ObligationState> all = store.all()) {
        all.forEachRemaining(
            kv -> ObligationViews.request(kv.value, now, filter).ifPresent(found::add));
      }
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the obligation stores are moving between instances", 1);
    }
    return found;
  }

  private KafkaStreams running() {
    KafkaStreams s = streams.get();
    if (s == null || s.state() != KafkaStreams.State.RUNNING) {
      throw ApiException.unavailable(
          "impact-service is " + (s == null ? "starting" : s.state()) + "; try again shortly", 1);
    }
    return s;
  }

  /** The peer's own answer to the same query, marked forwarded. */
  private Obligations ask(HostInfo peer, ApiRequest request) throws InterruptedException {
    Map<String, String> query = new LinkedHashMap<>();
    request.queryParam("request").ifPresent(v -> query.put("request", v));
    request.queryParam("model").ifPresent(v -> query.put("model", v));
    request.queryParam("overdue").ifPresent(v -> query.put("overdue", v));
    query.put(FORWARDED, "true");
    StringBuilder q = new StringBuilder();
    query.forEach(
        (k, v) ->
            q.append(q.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + "/v1/obligations" + q);
    HttpRequest.Builder call = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    mac.ifPresent(m -> m.sign(call, "GET", uri, new byte[0]));
    HttpResponse<String> response;
    try {
      response = client.send(call.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApiException.unavailable(
          "instance " + peer.host() + ":" + peer.port() + " did not answer", 1);
    }
    try {
      if (response.statusCode() == 200) {
        return LineageApiClient.read(response.body(), Obligations.class);
      }
      ApiError error = LineageApiClient.read(response.body(), ApiError.class);
      throw new ApiException(response.statusCode(), error.reason(), error.message());
    } catch (IOException e) {
      throw ApiException.unavailable(
          "instance " + peer.host() + ":" + peer.port() + " sent an unreadable answer", 1);
    }
  }
}
