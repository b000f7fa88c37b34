package dev.lineage.governance;

import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiServer;
import dev.lineage.http.RequestMac;
import dev.lineage.query.PartitionOwners;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The approvals store as one instance reaches it, for one request: a model digest's decisions live
 * in the partition of the {@value ApprovalStores#REPARTITION} topic its digest hashes to, owned by
 * one instance; this one reads them locally or asks the owner ({@code GET
 * /v1/internal/approvals/{model}}). While the group is unsettled, or the owner does not answer, the
 * answer is a 503 with {@code Retry-After}.
 */
public final class ClusterApprovals implements ApprovalLookup {
  /**
   * The body of the internal endpoint: the decisions the answering instance holds for one model,
   * written by {@link DeploymentApi} and read back here.
   */
  public record LocalApprovals(List<ApprovalRecord> approvals) {}

  static final String INTERNAL = "/v1/internal/approvals/";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** One HTTP client for every request of the instance, signing each when it has a secret. */
  public static final class Remote {
    private final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private final Optional<RequestMac> mac;

    /**
     * @param mac signs every request; empty sends them unsigned, which owners refuse (401)
     */
    public Remote(Optional<RequestMac> mac) {
      this.mac = mac;
    }

    List<ApprovalRecord> fetch(HostInfo host, String model) {
      String where = "instance " + host.host() + ":" + host.port();
      URI uri = URI.create("http://" + host.host() + ":" + host.port() + INTERNAL + model);
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
      mac.ifPresent(m -> m.sign(request, "GET", uri, new byte[0]));
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        throw ApiException.unavailable(where + " did not answer", 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiException.unavailable("interrupted", 1);
      }
      if (response.statusCode() == 401) {
        // a secret being rolled out answers 401 until every instance has it: come back
        throw ApiException.unavailable(
            where
                + " refused this instance's call ("
                + ApiAccess.refusal(401, response.body())
                + ")",
            1);
      }
      if (response.statusCode() != 200) {
        throw ApiException.unavailable(where + " answered " + response.statusCode(), 1);
      }
      try {
        LocalApprovals answer = ApiServer.json().readValue(response.body(), LocalApprovals.class);
        return answer.approvals() == null ? List.of() : answer.approvals();
      } catch (IOException e) {
        throw ApiException.unavailable(where + " sent an unreadable answer", 1);
      }
    }
  }

  private final KafkaStreams streams;
  private final HostInfo self;
  private final PartitionOwners owners;
  private final Remote remote;

  private ClusterApprovals(
      KafkaStreams streams, HostInfo self, PartitionOwners owners, Remote remote) {
    this.streams = streams;
    this.self = self;
    this.owners = owners;
    this.remote = remote;
  }

  /**
   * The approvals for one request.
   *
   * @param repartitionTopic the full name of the approvals' repartition topic
   * @param partitions how many partitions it has
   */
  public static ClusterApprovals snapshot(
      KafkaStreams streams, HostInfo self, String repartitionTopic, int partitions, Remote remote) {
    if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
      throw ApiException.unavailable("lineage-streams is not running yet; try again shortly", 1);
    }
    return new ClusterApprovals(
        streams,
        self,
        PartitionOwners.of(streams, repartitionTopic, partitions, "the approvals"),
        remote);
  }

  /** The instance holding a model's decisions now. */
  HostInfo owner(String model) {
    return owners.ofKey(model);
  }

  @Override
  public List<ApprovalRecord> forModel(String modelDigest) {
    HostInfo owner = owner(modelDigest);
    return owner.equals(self) ? local(modelDigest) : remote.fetch(owner, modelDigest);
  }

  /** For another instance: only when the model's partition is held here now. */
  @Override
  public List<ApprovalRecord> localFor(String modelDigest) {
    if (!owner(modelDigest).equals(self)) {
      throw ApiException.unavailable(
          "ownership moved: " + modelDigest + " is no longer held here", 1);
    }
    return local(modelDigest);
  }

  private List<ApprovalRecord> local(String modelDigest) {
    ReadOnlyKeyValueStore<String, ApprovalRecord> store;
    try {
      store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  ApprovalStores.STORE,
                  QueryableStoreTypes.<String, ApprovalRecord>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the approvals store is moving between instances", 1);
    }
    return scan(store, modelDigest);
  }

  /** Every decision on one model in a store (or a store's local partitions). */
  public static List<ApprovalRecord> scan(
      ReadOnlyKeyValueStore<String, ApprovalRecord> store, String modelDigest) {
    List<ApprovalRecord> out = new ArrayList<>();
    try (KeyValueIterator<String, ApprovalRecord> it =
        store.prefixScan(ApprovalStores.prefix(modelDigest), Serdes.String().serializer())) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }
}
