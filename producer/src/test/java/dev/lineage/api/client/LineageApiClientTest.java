package dev.lineage.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lineage.api.ClosureQuery;
import dev.lineage.api.NodeDetails;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one client against a real JDK HttpServer standing in for lineage-streams. */
class LineageApiClientTest {
  /** One scripted answer: status, headers, body. */
  private record Reply(int status, Map<String, String> headers, String body) {}

  private HttpServer server;
  private final List<Reply> script = new CopyOnWriteArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.createContext(
        "/slow",
        exchange -> {
          try (exchange) {
            release.await(10, TimeUnit.SECONDS);
            exchange.sendResponseHeaders(200, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      seen.add(
          exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI().getRawPath()
              + (exchange.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + exchange.getRequestURI().getRawQuery())
              + " "
              + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      Reply reply = script.size() > 1 ? script.remove(0) : script.get(0);
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private LineageApiClient.Builder client() {
    return LineageApiClient.builder(base())
        .requestTimeout(Duration.ofSeconds(5))
        .pause(pauses::add);
  }

  @Test
  void a200IsReadIntoItsRecordAndTheBodyIsKeptAsSent() {
    String body =
        "{\"id\":\"run:r1\",\"kind\":\"RUN\",\"registered\":true,\"processName\":\"fx\","
            + "\"startedAt\":\"2025-01-01T00:00:00Z\",\"position\":{\"graph-ops-0\":4},"
            + "\"aFieldOfALaterServer\":1}";
    script.add(new Reply(200, Map.of(), body));

    LineageApiClient.Answer<NodeDetails> answer =
        client().build().get("/v1/nodes/run:r1", Map.of(), NodeDetails.class);

    assertThat(answer.body()).isEqualTo(body);
    assertThat(answer.value().processName()).isEqualTo("fx");
    assertThat(answer.value().startedAt()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(answer.value().position()).containsEntry("graph-ops-0", 4L);
    assertThat(seen).containsExactly("GET /v1/nodes/run:r1 ");
  }

  @Test
  void a503IsAskedAgainAfterItsRetryAfterThenThe200IsTheAnswer() {
    script.add(
        new Reply(
            503,
            Map.of("Retry-After", "2"),
            "{\"status\":503,\"reason\":\"unavailable\",\"message\":\"rebalancing\"}"));
    script.add(
        new Reply(
            503,
            Map.of("Retry-After", "3600"),
            "{\"status\":503,\"reason\":\"unavailable\",\"message\":\"rebalancing\"}"));
    script.add(
        new Reply(
            200,
            Map.of(),
            "{\"starts\":[\"source:s\"],\"missing\":[],\"direction\":\"downstream\",\"nodes\":[],"
                + "\"edges\":[],\"receipt\":{\"visited\":1,\"truncated\":false,\"cutBy\":null,"
                + "\"depthReached\":0,\"position\":{}}}"));

    var closure = client().build().closure(ClosureQuery.downstream(List.of("source:s")));

    assertThat(closure.starts()).containsExactly("source:s");
    assertThat(closure.receipt().visited()).isEqualTo(1);
    // the second wait is capped: a person or a stream thread is waiting
    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(2), LineageApiClient.DEFAULT_MAX_RETRY_WAIT);
    assertThat(seen)
        .hasSize(3)
        .allSatisfy(
            s ->
                assertThat(s)
                    .isEqualTo(
                        "POST /v1/closure {\"starts\":[\"source:s\"],\"direction\":\"downstream\"}"));
  }

  @Test
  void a503BeyondTheAttemptsIsThrownWithTheServersReason() {
    script.add(
        new Reply(
            503, Map.of(), "{\"status\":503,\"reason\":\"unavailable\",\"message\":\"wait\"}"));

    assertThatThrownBy(() -> client().maxAttempts(3).build().node("source:s", null))
        .isInstanceOfSatisfying(
            ApiErrorException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.reason()).isEqualTo("unavailable");
            });
    assertThat(seen).hasSize(3);
    // no Retry-After: one second
    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void a4xxWithAJsonReasonIsATypedExceptionAndIsNotAskedAgain() {
    script.add(
        new Reply(
            400,
            Map.of(),
            "{\"status\":400,\"reason\":\"bad-request\",\"message\":\"depth must be 0 or more\"}"));

    assertThatThrownBy(
            () -> client().build().lineage("source:s", Map.of("depth", "-1", "kinds", "a b")))
        .isInstanceOfSatisfying(
            ApiErrorException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("bad-request");
              assertThat(e.getMessage()).isEqualTo("depth must be 0 or more");
              assertThat(e.request()).isEqualTo("GET /v1/lineage/source:s");
            });
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).startsWith("GET /v1/lineage/source:s?");
    assertThat(pauses).isEmpty();
  }

  @Test
  void anAnswerThatIsNotLineageJsonIsUnreadableWithItsStatus() {
    script.add(new Reply(404, Map.of(), "<html>no</html>"));

    assertThatThrownBy(() -> client().build().node("source:s", null))
        .isInstanceOfSatisfying(
            UnreadableAnswerException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void theSignerSignsTheMethodTargetAndBodyOfEveryRequest() {
    script.add(new Reply(200, Map.of(), "{\"process\":\"fx\",\"runs\":[]}"));
    List<String> signed = new ArrayList<>();
    LineageApiClient client =
        client()
            .signer(
                (request, method, uri, body) -> {
                  signed.add(method + " " + uri.getRawPath() + " " + body.length);
                  request.header("Authorization", "Test " + method);
                })
            .build();

    client.processRuns("fx", Map.of());
    client.closure(ClosureQuery.downstream(List.of("source:s")));

    assertThat(signed).containsExactly("GET /v1/processes/fx/runs 0", "POST /v1/closure 48");
    assertThat(authorizations).containsExactly("Test GET", "Test POST");
  }

  @Test
  void theBearerTokenIsSentAsAuthorization() {
    script.add(new Reply(200, Map.of(), "{\"process\":\"fx\",\"runs\":[]}"));

    client()
        .signer(LineageApiClient.RequestSigner.authorization("Bearer t0k3n"))
        .build()
        .processRuns("fx", Map.of());

    assertThat(authorizations).containsExactly("Bearer t0k3n");
  }

  @Test
  void anAnswerSlowerThanTheRequestTimeoutIsUnreachable() {
    LineageApiClient client =
        LineageApiClient.builder(base()).requestTimeout(Duration.ofMillis(300)).build();

    assertThatThrownBy(() -> client.get("/slow", Map.of(), NodeDetails.class))
        .isInstanceOfSatisfying(
            UnreachableException.class,
            e -> assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class));
  }

  @Test
  void aServerNobodyRunsIsUnreachable() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    LineageApiClient client =
        LineageApiClient.builder(URI.create("http://127.0.0.1:" + port)).build();

    assertThatThrownBy(() -> client.node("source:s", null))
        .isInstanceOf(UnreachableException.class);
  }

  @Test
  void idsKeepTheirSlashesAndSegmentsDoNot() {
    String id = "oci:ghcr.io/acme/x@sha256:" + "a".repeat(64);
    assertThat(LineageApiClient.idPath(id)).isEqualTo(id);
    assertThat(LineageApiClient.pathSegment(id))
        .isEqualTo("oci:ghcr.io%2Facme%2Fx@sha256:" + "a".repeat(64));
    assertThat(LineageApiClient.pathSegment("a b+c")).isEqualTo("a%20b%2Bc");
  }

  @Test
  void retryAfterIsCappedAndDefaultsToOneSecond() {
    Duration max = Duration.ofSeconds(10);
    assertThat(LineageApiClient.retryAfter("2", max)).isEqualTo(Duration.ofSeconds(2));
    assertThat(LineageApiClient.retryAfter("0", max)).isEqualTo(Duration.ZERO);
    assertThat(LineageApiClient.retryAfter("3600", max)).isEqualTo(max);
    assertThat(LineageApiClient.retryAfter(null, max)).isEqualTo(Duration.ofSeconds(1));
    assertThat(LineageApiClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", max))
        .isEqualTo(Duration.ofSeconds(1));
  }

  /** A second instance: answers every call with {@code status} and {@code body}, counting them. */
  private record Other(HttpServer server, List<String> seen) implements AutoCloseable {
    static Other answering(int status, String body) throws IOException {
      List<String> seen = new CopyOnWriteArrayList<>();
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext(
          "/",
          exchange -> {
            try (exchange) {
              seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
              byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.getResponseHeaders().set("Retry-After", "1");
              exchange.sendResponseHeaders(status, bytes.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
              }
            }
          });
      s.start();
      return new Other(s, seen);
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static final String NODE =
      "{\"id\":\"run:r1\",\"kind\":\"RUN\",\"registered\":true,\"position\":{}}";
  private static final String UNAVAILABLE =
      "{\"status\":503,\"reason\":\"unavailable\",\"message\":\"rebalancing\"}";

  @Test
  void anInstanceNobodyRunsHandsTheCallToTheNextAndTheClientStaysThere() throws IOException {
    URI gone;
    try (ServerSocket socket = new ServerSocket(0)) {
      gone = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    script.add(new Reply(200, Map.of(), NODE));
    LineageApiClient api =
        LineageApiClient.builder(List.of(gone, base()))
            .requestTimeout(Duration.ofSeconds(5))
            .pause(pauses::add)
            .build();

    assertThat(api.node("run:r1", null).id()).isEqualTo("run:r1");
    assertThat(api.base()).isEqualTo(URI.create(base().toString().replaceAll("/$", "")));
    assertThat(api.node("run:r1", null).id()).isEqualTo("run:r1");
    assertThat(seen).hasSize(2);
    assertThat(pauses).isEmpty();
  }

  @Test
  void a503FromOneInstanceIsAskedOfTheNextAtOnce() throws IOException {
    try (Other busy = Other.answering(503, UNAVAILABLE)) {
      script.add(new Reply(200, Map.of(), NODE));
      LineageApiClient api =
          LineageApiClient.builder(List.of(busy.base(), base()))
              .requestTimeout(Duration.ofSeconds(5))
              .maxAttempts(1)
              .pause(pauses::add)
              .build();

      assertThat(api.node("run:r1", null).id()).isEqualTo("run:r1");
      assertThat(busy.seen()).containsExactly("GET /v1/nodes/run:r1");
      assertThat(seen).hasSize(1);
      assertThat(pauses).as("the next instance is asked without waiting").isEmpty();
    }
  }

  @Test
  void whenEveryInstanceAnswers503TheRoundWaitsThenStartsAgainUpToTheAttempts() throws IOException {
    try (Other busy = Other.answering(503, UNAVAILABLE)) {
      script.add(new Reply(503, Map.of("Retry-After", "1"), UNAVAILABLE));
      LineageApiClient api =
          LineageApiClient.builder(List.of(base(), busy.base()))
              .requestTimeout(Duration.ofSeconds(5))
              .maxAttempts(2)
              .pause(pauses::add)
              .build();

      assertThatThrownBy(() -> api.node("run:r1", null))
          .isInstanceOf(ApiErrorException.class)
          .hasMessageContaining("rebalancing");
      assertThat(seen).hasSize(2);
      assertThat(busy.seen()).hasSize(2);
      assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    }
  }

  @Test
  void aRefusalIsTheAnswerOfEveryInstanceAndIsNotAskedOfTheNext() throws IOException {
    try (Other other = Other.answering(200, NODE)) {
      script.add(
          new Reply(
              404,
              Map.of(),
              "{\"status\":404,\"reason\":\"not-found\",\"message\":\"no node run:r1\"}"));
      LineageApiClient api =
          LineageApiClient.builder(List.of(base(), other.base()))
              .requestTimeout(Duration.ofSeconds(5))
              .pause(pauses::add)
              .build();

      assertThatThrownBy(() -> api.node("run:r1", null))
          .isInstanceOf(ApiErrorException.class)
          .hasMessageContaining("no node run:r1");
      assertThat(other.seen()).isEmpty();
    }
  }

  @Test
  void whenNoInstanceCanBeReachedTheLastFailureIsThrown() throws IOException {
    URI first;
    URI second;
    try (ServerSocket a = new ServerSocket(0);
        ServerSocket b = new ServerSocket(0)) {
      first = URI.create("http://127.0.0.1:" + a.getLocalPort());
      second = URI.create("http://127.0.0.1:" + b.getLocalPort());
    }
    LineageApiClient api =
        LineageApiClient.builder(List.of(first, second))
            .requestTimeout(Duration.ofSeconds(5))
            .pause(pauses::add)
            .build();

    assertThatThrownBy(() -> api.node("run:r1", null))
        .isInstanceOf(UnreachableException.class)
        .hasMessageContaining(second.toString());
  }
}
