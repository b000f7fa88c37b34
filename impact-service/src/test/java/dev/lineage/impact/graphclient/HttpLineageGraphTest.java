package dev.lineage.impact.graphclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lineage.access.ApiToken;
import dev.lineage.api.Closure;
import dev.lineage.api.ClosureNode;
import dev.lineage.api.GraphEdge;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.ProcessRun;
import dev.lineage.api.Receipt;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.ClusterSecret;
import dev.lineage.http.RequestMac;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a small fake of lineage-streams' contract-A endpoints. */
class HttpLineageGraphTest {
  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private volatile int status = 200;
  private volatile String body = "{}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      seen.put("method", exchange.getRequestMethod());
      seen.put("path", exchange.getRequestURI().getRawPath());
      seen.put("query", String.valueOf(exchange.getRequestURI().getRawQuery()));
      seen.put(
          "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  // generous: a functional test, on machines where other builds share the cores (no timing
  // asserted)
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

  private HttpLineageGraph client() {
    return new HttpLineageGraph(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), ANSWER_WITHIN);
  }

  @Test
  void asksTheFoldBarrierOnceForEveryTimeUpToOneMetAndNeverTakesNotYetForYes() {
    HttpLineageGraph graph = client();
    body = "{\"before\":2000,\"met\":false,\"stage\":1,\"behind\":{\"t-0\":3}}";
    assertThat(graph.foldedBefore(2000)).isFalse();
    assertThat(seen.get("path")).isEqualTo("/v1/folded");
    assertThat(seen.get("query")).isEqualTo("before=2000");

    body = "{\"before\":2000,\"met\":true,\"stage\":3,\"behind\":{}}";
    assertThat(graph.foldedBefore(2000)).isTrue();
    seen.clear();
    // met for 2000: met for every earlier time without asking
    assertThat(graph.foldedBefore(1500)).isTrue();
    assertThat(seen).isEmpty();

    // an answer for another time than asked is not taken as met
    assertThat(graph.foldedBefore(2500)).isFalse();
    assertThat(seen.get("query")).isEqualTo("before=2500");

    status = 503;
    body = "{\"status\":503,\"reason\":\"unavailable\",\"message\":\"no offsets\"}";
    assertThatThrownBy(() -> graph.foldedBefore(3000))
        .isInstanceOf(GraphUnavailableException.class);
    status = 404;
    body = "{\"status\":404,\"reason\":\"not-found\",\"message\":\"no route\"}";
    // an older lineage-streams without the endpoint: the request waits, it is not decided
    assertThatThrownBy(() -> graph.foldedBefore(3000))
        .isInstanceOf(GraphUnavailableException.class);
  }

  @Test
  void postsTheClosureQuestionAndReadsNodesEdgesAndReceipt() throws Exception {
    body =
        """
        {"starts":["source:transactions_q1"],"missing":["source:gone"],"direction":"downstream",
         "nodes":[{"id":"source:transactions_q1","kind":"SOURCE","name":"transactions_q1","depth":0,"registered":true},
                  {"id":"run:training_j1829","kind":"RUN","depth":1,"registered":true}],
         "edges":[{"from":"source:transactions_q1","to":"run:training_j1829"}],
         "receipt":{"visited":2,"truncated":false,"cutBy":null,"depthReached":1,"position":{"t-0":12}}}
        """;

    Closure c = client().downstreamClosure(List.of("source:transactions_q1", "source:gone"));

    assertThat(seen.get("method")).isEqualTo("POST");
    assertThat(seen.get("path")).isEqualTo("/v1/closure");
    assertThat(seen.get("body"))
        .isEqualTo(
            "{\"starts\":[\"source:transactions_q1\",\"source:gone\"],\"direction\":\"downstream\"}");
    assertThat(c.starts()).containsExactly("source:transactions_q1");
    assertThat(c.missing()).containsExactly("source:gone");
    assertThat(c.nodes())
        .containsExactly(
            new ClosureNode("source:transactions_q1", "SOURCE", "transactions_q1", null, 0, true),
            new ClosureNode("run:training_j1829", "RUN", null, null, 1, true));
    assertThat(c.edges())
        .containsExactly(new GraphEdge("source:transactions_q1", "run:training_j1829"));
    assertThat(c.receipt()).isEqualTo(new Receipt(2, false, null, 1, Map.of("t-0", 12L)));
    assertThat(c.receipt().positionText()).isEqualTo("{\"t-0\":12}");
  }

  @Test
  void readsANodeByItsEncodedIdAndA404IsEmpty() {
    body =
        "{\"id\":\"run:t\",\"kind\":\"RUN\",\"manifestDigest\":\"sha256:"
            + "d".repeat(64)
            + "\",\"recordCount\":null}";
    NodeDetails run = client().node("oci:ghcr.io/acme/x@sha256:" + "a".repeat(64)).orElseThrow();

    assertThat(seen.get("path"))
        .isEqualTo("/v1/nodes/oci:ghcr.io%2Facme%2Fx@sha256:" + "a".repeat(64));
    assertThat(run.manifestDigest()).isEqualTo("sha256:" + "d".repeat(64));
    assertThat(run.recordCount()).isNull();

    body = "{\"id\":\"source:s\",\"kind\":\"SOURCE\",\"attributes\":{\"recordCount\":\"1000\"}}";
    assertThat(client().node("source:s").orElseThrow().recordCount()).isEqualTo(1000L);

    status = 404;
    body = "{\"status\":404,\"reason\":\"not-found\",\"message\":\"no node\"}";
    assertThat(client().node("source:nothing")).isEmpty();
  }

  @Test
  void asksForTheRunsOfAProcessWithItsBounds() {
    body =
        "{\"process\":\"fx\",\"runs\":[{\"id\":\"run:r1\",\"version\":\"2.3\","
            + "\"startedAt\":\"2025-01-01T00:02:00Z\",\"endedAt\":\"2025-01-01T00:11:00Z\"}]}";

    List<ProcessRun> runs =
        client()
            .processRuns(
                new RunQuery(
                    "fx",
                    "2.3",
                    null,
                    Instant.parse("2025-01-01T00:00:00Z"),
                    Instant.parse("2025-04-01T00:00:00Z")));

    assertThat(seen.get("path")).isEqualTo("/v1/processes/fx/runs");
    assertThat(seen.get("query"))
        .isEqualTo("minVersion=2.3&from=2025-01-01T00:00:00Z&to=2025-04-01T00:00:00Z");
    assertThat(runs)
        .containsExactly(
            ProcessRun.of(
                "run:r1",
                "2.3",
                Instant.parse("2025-01-01T00:02:00Z"),
                Instant.parse("2025-01-01T00:11:00Z")));
  }

  @Test
  void a503IsUnavailableAndA400IsARefusal() {
    status = 503;
    body = "{\"status\":503,\"reason\":\"unavailable\",\"message\":\"rebalancing\"}";
    assertThatThrownBy(() -> client().downstreamClosure(List.of("source:s")))
        .isInstanceOf(GraphUnavailableException.class)
        .hasMessageContaining("503")
        .hasMessageContaining("rebalancing");

    status = 400;
    body = "{\"status\":400,\"reason\":\"bad-request\",\"message\":\"not a node id\"}";
    assertThatThrownBy(() -> client().downstreamClosure(List.of("nonsense")))
        .isInstanceOf(GraphRequestException.class)
        .hasMessageContaining("not a node id");
  }

  @Test
  void anUnreachableServerIsUnavailable() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    HttpLineageGraph nobody =
        new HttpLineageGraph(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(1));

    assertThatThrownBy(() -> nobody.downstreamClosure(List.of("source:s")))
        .isInstanceOf(GraphUnavailableException.class);
  }

  @Test
  void anInstanceThatIsGoneHandsTheQuestionToTheNextOneNamed() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    body =
        """
        {"starts":["source:s"],"missing":[],"direction":"downstream","nodes":[],"edges":[],
         "receipt":{"visited":1,"truncated":false,"cutBy":null,"depthReached":0,"position":{}}}
        """;
    URI live = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    HttpLineageGraph graph =
        new HttpLineageGraph(
            List.of(URI.create("http://127.0.0.1:" + port), live),
            Duration.ofSeconds(1),
            Optional.empty());

    assertThat(graph.downstreamClosure(List.of("source:s")).receipt().visited()).isEqualTo(1);
    assertThat(graph.base()).isEqualTo(live);
    assertThat(seen).containsEntry("path", "/v1/closure");
  }

  @Test
  void a401IsUnavailableSoTheRequestWaitsForTheCredentialsToBeFixed() {
    status = 401;
    body = "{\"status\":401,\"reason\":\"unauthorized\",\"message\":\"token wanted\"}";
    assertThatThrownBy(() -> client().downstreamClosure(List.of("source:s")))
        .isInstanceOf(GraphUnavailableException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("token wanted")
        .hasMessageContaining("cluster secret");
  }

  /**
   * Against a lineage-streams read API that requires a bearer token: the impact service holds no
   * token, only the deployment's cluster secret, and its MAC on every call is accepted instead.
   */
  @Test
  void withTheClusterSecretEveryCallPassesATokenProtectedReadApi() throws Exception {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    ClusterSecret secret = ClusterSecret.of(bytes);
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "an-operator-token-0123456789");
    ApiServer api =
        ApiServer.bind(
            "127.0.0.1",
            0,
            ApiAccess.of(Optional.of(secret), Optional.of(ApiToken.read(tokenFile))));
    try {
      api.route(
          "POST",
          "/v1/closure",
          r -> ApiResponse.ok(Map.of("starts", List.of("source:s"), "nodes", List.of())));
      api.route("GET", "/v1/nodes/{id*}", r -> ApiResponse.ok(Map.of("id", r.pathParam("id"))));
      api.route("GET", "/v1/processes/{name}/runs", r -> ApiResponse.ok(Map.of("runs", List.of())));
      api.start();
      URI base = URI.create(api.baseUrl());
      HttpLineageGraph member =
          new HttpLineageGraph(base, ANSWER_WITHIN, Optional.of(new RequestMac(secret)));

      assertThat(member.downstreamClosure(List.of("source:s")).starts())
          .containsExactly("source:s");
      assertThat(member.node("source:s")).isPresent();
      assertThat(
              member.processRuns(
                  new RunQuery(
                      "fx", "1", "2", Instant.EPOCH, Instant.parse("2025-01-01T00:00:00Z"))))
          .isEmpty();
      assertThatThrownBy(() -> new HttpLineageGraph(base, ANSWER_WITHIN).node("source:s"))
          .isInstanceOf(GraphUnavailableException.class)
          .hasMessageContaining("401");
    } finally {
      api.close();
    }
  }
}
