package dev.lineage.translog;

import dev.lineage.http.ApiException;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.RawBody;
import dev.lineage.http.RequestMac;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Finds the instance holding the log topic's one partition (its stores are there) as queries find a
 * key's owner ({@code queryMetadataForKey}), and asks it the internal mirror of a log request,
 * signed with the cluster secret like every call between instances. Its answer, status, body and
 * caching headers, is passed on as it is: tiles, checkpoints and proofs are verifiable by whoever
 * reads them, so passing them on adds no trust.
 */
public final class LogOwner implements LogApi.Owner {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Supplier<KafkaStreams> streams;
  private final HostInfo self;
  private final Optional<RequestMac> mac;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  /**
   * @param streams the running Streams client (throws a 503 {@link ApiException} while there is
   *     none)
   * @param self this instance's advertised endpoint
   * @param mac signs the call; without a cluster secret no instance answers internal calls
   */
  public LogOwner(Supplier<KafkaStreams> streams, HostInfo self, Optional<RequestMac> mac) {
    this.streams = streams;
    this.self = self;
    this.mac = mac;
  }

  @Override
  public Optional<ApiResponse> ask(String internalPathAndQuery) {
    Optional<HostInfo> owner = owner();
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    HostInfo host = owner.get();
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + internalPathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    mac.ifPresent(m -> m.sign(request, "GET", uri, new byte[0]));
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw ApiException.unavailable(
          "the log's instance " + host.host() + ":" + host.port() + " did not answer", 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted asking the log's instance", 1);
    }
    if (response.statusCode() == 401) {
      throw ApiException.unavailable(
          "the log's instance "
              + host.host()
              + ":"
              + host.port()
              + " refused this instance's call (is the cluster secret the same?)",
          1);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h : new String[] {"Cache-Control", "Retry-After"}) {
      response.headers().firstValue(h).ifPresent(v -> headers.put(h, v));
    }
    String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
    return Optional.of(
        new ApiResponse(response.statusCode(), new RawBody(type, response.body()), headers));
  }

  /** The active host of the log's partition when it is another instance; else empty. */
  private Optional<HostInfo> owner() {
    KafkaStreams s;
    try {
      s = streams.get();
    } catch (ApiException e) {
      return Optional.empty();
    }
    KeyQueryMetadata meta;
    try {
      meta =
          s.queryMetadataForKey(LogStores.HEAD, LogStores.HEAD_KEY, Serdes.String().serializer());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return Optional.empty();
    }
    HostInfo host = meta.activeHost();
    if (host == null || host.equals(self) || host.equals(HostInfo.unavailable())) {
      return Optional.empty();
    }
    return Optional.of(host);
  }
}
