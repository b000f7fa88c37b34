package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.governance.DeploymentApi;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiServer;
import dev.lineage.http.ClusterSecret;
import dev.lineage.http.RequestMac;
import dev.lineage.id.NodeId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints instances ask each other, mounted as lineage-streams mounts them: none answers a
 * caller that is not a member, and none takes a larger request from a member than the public API
 * takes from a reader. The graph behind them is "unavailable", so a call that passes both checks
 * ends in a 503, never in data.
 */
class InternalApiTest {
  private static final String MODEL = "sha256:" + "ab".repeat(32);

  /** Every internal endpoint: method, path with query, body. */
  private static final List<String[]> ENDPOINTS =
      List.of(
          new String[] {"POST", "/v1/internal/graph/nodes", "{\"ids\":[\"source:a\"]}"},
          new String[] {
            "POST",
            "/v1/internal/graph/neighbors",
            "{\"ids\":[\"source:a\"],\"direction\":\"downstream\"}"
          },
          new String[] {"POST", "/v1/internal/graph/equivalences", "{\"ids\":[\"run:r1\"]}"},
          new String[] {"GET", "/v1/internal/graph/names?name=model_m92", ""},
          new String[] {"GET", "/v1/internal/graph/process-runs?name=extract", ""},
          new String[] {"GET", "/v1/internal/approvals/" + MODEL, ""});

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ClusterSecret secret = secret(7);
  private ApiServer server;

  private static ClusterSecret secret(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return ClusterSecret.of(bytes);
  }

  private static <T> T unavailable() {
    throw ApiException.unavailable("test: no graph", 1);
  }

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.bind("127.0.0.1", 0, ApiAccess.of(Optional.of(secret), Optional.empty()));
    new InternalGraphApi(InternalApiTest::unavailable).mount(server);
    new DeploymentApi(
            InternalApiTest::unavailable,
            InternalApiTest::unavailable,
            InternalApiTest::unavailable)
        .mount(server);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> call(String method, String target, byte[] body, String auth)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + target))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (auth != null) {
      r.header("Authorization", auth);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signed(String method, String target, byte[] body) throws Exception {
    return call(method, target, body, new RequestMac(secret).authorization(method, target, body));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return ApiServer.json().readTree(r.body());
  }

  @Test
  void everyInternalEndpointRefusesAnUnauthenticatedCaller() throws Exception {
    for (String[] e : ENDPOINTS) {
      HttpResponse<String> r = call(e[0], e[1], e[2].getBytes(), null);
      assertThat(r.statusCode()).as(e[0] + " " + e[1] + ": " + r.body()).isEqualTo(401);
      assertThat(json(r).get("reason").asText()).isEqualTo("unauthorized");
      assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Lineage-HMAC");
    }
  }

  @Test
  void everyInternalEndpointRefusesAWrongMacOrAStaleOne() throws Exception {
    RequestMac stranger = new RequestMac(secret(8));
    long longAgo = System.currentTimeMillis() - 5 * 60_000;
    RequestMac stale = new RequestMac(secret, () -> longAgo);
    for (String[] e : ENDPOINTS) {
      byte[] body = e[2].getBytes();
      HttpResponse<String> wrong = call(e[0], e[1], body, stranger.authorization(e[0], e[1], body));
      assertThat(wrong.statusCode()).as(e[1]).isEqualTo(401);
      assertThat(json(wrong).get("reason").asText()).isEqualTo("bad-mac");
      HttpResponse<String> old = call(e[0], e[1], body, stale.authorization(e[0], e[1], body));
      assertThat(old.statusCode()).as(e[1]).isEqualTo(401);
      assertThat(json(old).get("reason").asText()).isEqualTo("stale-request");
    }
  }

  @Test
  void aMembersCallPassesTheChecksAndReachesTheGraph() throws Exception {
    for (String[] e : ENDPOINTS) {
      HttpResponse<String> r = signed(e[0], e[1], e[2].getBytes());
      assertThat(r.statusCode()).as(e[0] + " " + e[1] + ": " + r.body()).isEqualTo(503);
    }
  }

  @Test
  void aBatchOfMoreIdsThanThePublicApiTakesIsTooLarge() throws Exception {
    String over = batch(InternalGraphApi.MAX_IDS + 1);
    String atLimit = batch(InternalGraphApi.MAX_IDS);
    for (String path :
        List.of(
            "/v1/internal/graph/nodes",
            "/v1/internal/graph/neighbors",
            "/v1/internal/graph/equivalences")) {
      HttpResponse<String> r = signed("POST", path, over.getBytes());
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(413);
      assertThat(json(r).get("reason").asText()).isEqualTo("too-large");
      assertThat(json(r).get("message").asText()).contains("10000");
      assertThat(signed("POST", path, atLimit.getBytes()).statusCode())
          .as("the limit itself is accepted")
          .isEqualTo(503);
    }
    assertThat(InternalGraphApi.MAX_IDS).isEqualTo(ClosureRequest.MAX_STARTS);
  }

  private static String batch(int n) throws Exception {
    List<String> ids = IntStream.range(0, n).mapToObj(i -> "source:s" + i).toList();
    return ApiServer.json().writeValueAsString(new RemoteGraph.Batch(ids, "downstream"));
  }

  @Test
  void aWideHopIsSentInRequestsTheOwnerAccepts() throws Exception {
    List<String> ids = IntStream.range(0, 25_001).mapToObj(i -> "source:s" + i).toList();

    List<List<String>> chunks = ClusterGraph.chunks(ids, ClusterGraph.MAX_IDS_PER_REQUEST);

    assertThat(chunks).extracting(List::size).containsExactly(10_000, 10_000, 5_001);
    assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(ids);
    assertThat(ClusterGraph.MAX_IDS_PER_REQUEST).isLessThanOrEqualTo(InternalGraphApi.MAX_IDS);
    // a full request fits the byte limit even if every id had the longest legal form
    String longest =
        "name:" + "n".repeat(NodeId.MAX_NAME_LENGTH) + "@" + "v".repeat(NodeId.MAX_VERSION_LENGTH);
    assertThat(NodeId.parse(longest).toString()).isEqualTo(longest);
    List<String> full = new ArrayList<>();
    for (int i = 0; i < ClusterGraph.MAX_IDS_PER_REQUEST; i++) {
      full.add(longest);
    }
    assertThat(ApiServer.json().writeValueAsBytes(new RemoteGraph.Batch(full, "upstream")).length)
        .isLessThan(ApiServer.MAX_BODY_BYTES);
  }
}
