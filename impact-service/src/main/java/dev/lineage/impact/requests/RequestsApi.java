package dev.lineage.impact.requests;

import dev.lineage.api.ApiError;
import dev.lineage.api.Receipt;
import dev.lineage.api.RequestAnswer;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.RawBody;
import dev.lineage.http.RequestMac;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/requests/{id}}: where a deletion request or bug report stands (contract C). The
 * status store is partitioned by request id, so any instance answers by asking the one that owns
 * the id's partition ({@code queryMetadataForKey}, {@code application.server}); a forwarded call is
 * answered locally or refused, never forwarded again. While the group rebalances, or the owner does
 * not answer, the answer is 503 with {@code Retry-After}. A forwarded call carries this instance's
 * MAC, which the owner accepts in place of the reader's bearer token.
 */
public final class RequestsApi {
  /** Marks a call already forwarded once: the receiver answers from its own store or says 503. */
  static final String FORWARDED = "forwarded";

  private final Supplier<KafkaStreams> streams;
  private final HostInfo self;
  private final Optional<RequestMac> mac;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  /**
   * @param mac signs forwarded calls; empty forwards them unsigned
   */
  public RequestsApi(Supplier<KafkaStreams> streams, HostInfo self, Optional<RequestMac> mac) {
    this.streams = streams;
    this.self = self;
    this.mac = mac;
  }

  public void mount(ApiServer server) {
    server.route("GET", "/v1/requests/{id*}", this::request);
  }

  ApiResponse request(ApiRequest request) throws InterruptedException {
    String id = request.pathParam("id");
    KafkaStreams s = streams.get();
    if (s == null || s.state() != KafkaStreams.State.RUNNING) {
      throw ApiException.unavailable(
          "impact-service is " + (s == null ? "starting" : s.state()) + "; try again shortly", 1);
    }
    KeyQueryMetadata owner =
        s.queryMetadataForKey(RequestStores.STATUS, id, Serdes.String().serializer());
    if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
      throw ApiException.unavailable("the owner of request " + id + " is not known yet", 1);
    }
    if (owner.activeHost().equals(self)) {
      return local(s, id, owner.partition());
    }
    if (request.queryParam(FORWARDED).isPresent()) {
      throw ApiException.unavailable("request " + id + " moved to another instance", 1);
    }
    return forward(owner.activeHost(), request.path());
  }

  private ApiResponse local(KafkaStreams s, String id, int partition) {
    RequestStatus status;
    PendingRequest pending;
    try {
      ReadOnlyKeyValueStore<String, RequestStatus> statuses =
          s.store(
              StoreQueryParameters.fromNameAndType(
                      RequestStores.STATUS,
                      QueryableStoreTypes.<String, RequestStatus>keyValueStore())
                  .withPartition(partition));
      status = statuses.get(id);
      ReadOnlyKeyValueStore<String, PendingRequest> pendings =
          s.store(
              StoreQueryParameters.fromNameAndType(
                      RequestStores.PENDING,
                      QueryableStoreTypes.<String, PendingRequest>keyValueStore())
                  .withPartition(partition));
      pending = status != null && status.status() == RequestState.PENDING ? pendings.get(id) : null;
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the request stores are moving between instances", 1);
    }
    if (status == null) {
      throw ApiException.notFound("no request " + id + " has been accepted");
    }
    return ApiResponse.ok(json(status, pending));
  }

  static RequestAnswer json(RequestStatus status, PendingRequest pending) {
    Map<String, RequestAnswer.Decision> decisions = new TreeMap<>();
    status
        .decisions()
        .forEach((k, d) -> decisions.put(k, new RequestAnswer.Decision(d.action(), d.rule())));
    return new RequestAnswer(
        status.requestId(),
        status.cause(),
        status.status().name(),
        status.countsByKind(),
        status.models(),
        status.predictions(),
        status.triggers(),
        receipt(status.receipt()),
        decisions.isEmpty() ? null : decisions,
        status.detail(),
        pending == null ? null : pending.attempts());
  }

  /**
   * The receipt as lineage-streams' receipts read: its {@code position} an object of partition
   * offsets. The store keeps it as the JSON text the report carries; the answer parses it back.
   */
  private static RequestAnswer.RequestReceipt receipt(RequestStatus.Receipt r) {
    if (r == null) {
      return null;
    }
    return new RequestAnswer.RequestReceipt(
        r.visited(),
        r.truncated(),
        r.cutBy(),
        r.depthReached(),
        position(r.position()),
        r.pathsCut(),
        r.edgesByTrust(),
        r.foldedBefore() == null ? null : Instant.ofEpochMilli(r.foldedBefore()).toString());
  }

  private static Object position(String text) {
    if (text == null) {
      return null;
    }
    try {
      Receipt parsed = LineageApiClient.read("{\"position\":" + text + "}", Receipt.class);
      return parsed.position() == null ? text : parsed.position();
    } catch (IOException e) {
      // not written by lineage-streams as an object: shown as it was stored rather than lost
      return text;
    }
  }

  private ApiResponse forward(HostInfo owner, String rawPath) throws InterruptedException {
    URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + rawPath + "?" + FORWARDED);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    mac.ifPresent(m -> m.sign(request, "GET", uri, new byte[0]));
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw ApiException.unavailable(
          "instance " + owner.host() + ":" + owner.port() + " did not answer", 1);
    }
    // the owner's answer is passed on as it was written, once it reads as one of this API's
    try {
      Class<?> form = response.statusCode() == 200 ? RequestAnswer.class : ApiError.class;
      LineageApiClient.read(new String(response.body(), StandardCharsets.UTF_8), form);
    } catch (IOException e) {
      throw ApiException.unavailable(
          "instance " + owner.host() + ":" + owner.port() + " sent an unreadable answer", 1);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().firstValue("Retry-After").ifPresent(v -> headers.put("Retry-After", v));
    return new ApiResponse(
        response.statusCode(),
        new RawBody("application/json; charset=utf-8", response.body()),
        headers);
  }
}
