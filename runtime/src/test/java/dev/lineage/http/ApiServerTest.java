package dev.lineage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.BindException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ApiServer server;
  private final AtomicBoolean kafkaUp = new AtomicBoolean(false);

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.bind("127.0.0.1", 0);
    Health health = new Health();
    health.register(
        "kafka", () -> kafkaUp.get() ? Health.Status.up("1 broker") : Health.Status.down("no"));
    health.mount(server);
    server.route("GET", "/v1/nodes/{id*}", r -> ApiResponse.ok(Map.of("id", r.pathParam("id"))));
    server.route(
        "GET",
        "/v1/echo/{word}",
        r ->
            ApiResponse.ok(Map.of("word", r.pathParam("word"), "q", r.queryParam("q").orElse(""))));
    server.route(
        "GET",
        "/v1/fail/{kind}",
        r -> {
          switch (r.pathParam("kind")) {
            case "busy" -> throw ApiException.unavailable("rebalancing", 2);
            case "invalid" -> throw new IllegalArgumentException("id must start with sha256:");
            default -> throw new IllegalStateException("secret internal detail");
          }
        });
    server.route(
        "POST",
        "/v1/batch",
        r -> ApiResponse.ok(Map.of("ids", r.jsonBody(Batch.class).ids().size())));
    server.start();
  }

  /** A batch as the internal endpoints receive it. */
  public record Batch(java.util.List<String> ids) {}

  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void jsonBodiesAreReadAndBadOrHugeOnesRefused() throws Exception {
    HttpResponse<String> ok = post("/v1/batch", "{\"ids\":[\"a\",\"b\"]}".getBytes());
    assertThat(json(ok).get("ids")).as(ok.body()).isNotNull();
    assertThat(json(ok).get("ids").asInt()).isEqualTo(2);
    assertThat(post("/v1/batch", "{not json".getBytes()).statusCode()).isEqualTo(400);
    // a body declared larger than the limit is refused from its headers, before a byte of it is
    // read; the server answers and closes. Sent by hand: the JDK client, still writing the 16 MB
    // when the server closes, sometimes reports the reset instead of the answer (a flaky test)
    String huge =
        raw(
            "POST /v1/batch HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + (ApiServer.MAX_BODY_BYTES + 10L)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(huge).startsWith("HTTP/1.1 413");
    assertThat(
            ApiServer.json()
                .readTree(huge.substring(huge.indexOf("\r\n\r\n") + 4))
                .get("reason")
                .asText())
        .isEqualTo("too-large");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    return ApiServer.json().readTree(r.body());
  }

  @Test
  void healthIs503UntilEveryComponentIsUpThen200() throws Exception {
    HttpResponse<String> before = get("/v1/health");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(json(before).at("/components/kafka/status").asText()).isEqualTo("DOWN");

    kafkaUp.set(true);
    HttpResponse<String> after = get("/v1/health");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(json(after).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void greedyParameterTakesIdsWithSlashesAndEscapes() throws Exception {
    HttpResponse<String> r = get("/v1/nodes/oci:registry.example/team/app@sha256:ab");
    assertThat(json(r).get("id").asText()).isEqualTo("oci:registry.example/team/app@sha256:ab");
    HttpResponse<String> escaped = get("/v1/nodes/source%3Atransactions_q1");
    assertThat(json(escaped).get("id").asText()).isEqualTo("source:transactions_q1");
  }

  @Test
  void queryParametersAreDecoded() throws Exception {
    HttpResponse<String> r = get("/v1/echo/caf%C3%A9?q=a+b%2Bc");
    assertThat(json(r).get("word").asText()).isEqualTo("café");
    assertThat(json(r).get("q").asText()).isEqualTo("a b+c");
  }

  @Test
  void errorsAreMappedToStatusesWithJsonReasons() throws Exception {
    HttpResponse<String> busy = get("/v1/fail/busy");
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(json(busy).get("reason").asText()).isEqualTo("unavailable");

    HttpResponse<String> invalid = get("/v1/fail/invalid");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(json(invalid).get("message").asText()).contains("sha256:");

    HttpResponse<String> internal = get("/v1/fail/boom");
    assertThat(internal.statusCode()).isEqualTo(500);
    assertThat(internal.body()).doesNotContain("secret internal detail");

    HttpResponse<String> unknown = get("/v1/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("reason").asText()).isEqualTo("not-found");
  }

  @Test
  void wrongMethodIs405() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/health"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void headAnswersAsGetWithoutABody() throws Exception {
    kafkaUp.set(true);
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    kafkaUp.set(false);
    assertThat(raw("HEAD /v1/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 503 ")
        .doesNotContain("{");
  }

  @Test
  void aVeryLongUrlIsA414InJson() throws Exception {
    String answer =
        raw(
            "GET /v1/echo/x?q="
                + "a".repeat(1 << 20)
                + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 414 ");
    JsonNode body = ApiServer.json().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(body.get("status").asInt()).isEqualTo(414);
    assertThat(body.get("reason").asText()).isEqualTo("uri-too-long");
    assertThat(body.get("message").asText()).contains(Integer.toString(ApiServer.MAX_URI_CHARS));
    // a long receipt position still fits
    assertThat(get("/v1/echo/x?q=" + "p".repeat(20_000)).statusCode()).isEqualTo(200);
  }

  @Test
  void manyOrLargeHeadersAreA431InJson() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      many.append("X-Filler-").append(i).append(": v\r\n");
    }
    String tooMany =
        raw("GET /v1/health HTTP/1.1\r\nHost: t\r\n" + many + "Connection: close\r\n\r\n");
    assertThat(tooMany).startsWith("HTTP/1.1 431 ");
    JsonNode tooManyBody =
        ApiServer.json().readTree(tooMany.substring(tooMany.indexOf("\r\n\r\n") + 4));
    assertThat(tooManyBody.get("reason").asText()).isEqualTo("headers-too-large");
    String tooLarge =
        raw(
            "GET /v1/health HTTP/1.1\r\nHost: t\r\nX-Big: "
                + "b".repeat(200_000)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(tooLarge).startsWith("HTTP/1.1 431 ");
  }

  @Test
  void aBodyOfTheWrongFormIsA400ThatNamesWhereWithoutParserInternals() throws Exception {
    for (String body :
        new String[] {
          "{\"ids\":\"x\"}",
          "{\"ids\":[1,{}]}",
          "{\"idz\":[]}",
          "[]",
          "{\"ids\":[]} {}",
          "{\"ids\":[],\"ids\":[]}",
          "[".repeat(1500) + "]".repeat(1500)
        }) {
      HttpResponse<String> r = post("/v1/batch", body.getBytes());
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(json(r).get("message").asText())
          .as(body)
          .startsWith("the body")
          .doesNotContain("`")
          .doesNotContain("java.")
          .doesNotContain("dev.lineage")
          .doesNotContainIgnoringCase("jackson")
          .doesNotContain("Source:");
    }
    assertThat(json(post("/v1/batch", "{\"ids\":[1,{}]}".getBytes())).get("message").asText())
        .endsWith("at /ids/1");
    assertThat(json(post("/v1/batch", "{\"idz\":[]}".getBytes())).get("message").asText())
        .contains("'idz'")
        .contains("ids");
  }

  /** One request on its own connection, as sent, and everything the server answered. */
  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aPortInUseIsABindException() {
    assertThatThrownBy(() -> ApiServer.bind("127.0.0.1", server.port()))
        .isInstanceOf(BindException.class);
  }
}
