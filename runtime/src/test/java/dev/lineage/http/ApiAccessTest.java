package dev.lineage.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.access.ApiToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may call what, through a real server: health for anyone, internal routes for members only,
 * the read API for anyone or, with a token, for its holders and for members.
 */
class ApiAccessTest {
  private static final String TOKEN = "r3aderT0ken-0123456789abcdef";
  private static final String INTERNAL = "/v1/internal/graph/nodes";

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger handled = new AtomicInteger();
  private ApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ClusterSecret secret(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return ClusterSecret.of(bytes);
  }

  private void start(Optional<ClusterSecret> secret, boolean withToken) throws Exception {
    Optional<ApiToken> token = Optional.empty();
    if (withToken) {
      Path file = dir.resolve("token");
      Files.writeString(file, TOKEN + "\n");
      token = Optional.of(ApiToken.read(file));
    }
    server = ApiServer.bind("127.0.0.1", 0, ApiAccess.of(secret, token));
    new Health().mount(server);
    server.route(
        "GET",
        "/v1/nodes/{id*}",
        r -> {
          handled.incrementAndGet();
          return ApiResponse.ok(Map.of("id", r.pathParam("id")));
        });
    server.route(
        "POST",
        INTERNAL,
        r -> {
          handled.incrementAndGet();
          return ApiResponse.ok(Map.of("bytes", r.body().length));
        });
    server.start();
  }

  private HttpResponse<String> send(String method, String target, byte[] body, String auth)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + target))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (auth != null) {
      r.header("Authorization", auth);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String signed(ClusterSecret secret, String method, String target, byte[] body) {
    return new RequestMac(secret).authorization(method, target, body);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return ApiServer.json().readTree(r.body());
  }

  private static void assertRefused(HttpResponse<String> r, String reason, String scheme)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> v.contains("json"));
    JsonNode body = json(r);
    assertThat(body.get("status").asInt()).isEqualTo(401);
    assertThat(body.get("reason").asText()).isEqualTo(reason);
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith(scheme));
  }

  @Test
  void aMembersSignedCallIsAnsweredAndEveryOtherInternalCallIsRefused() throws Exception {
    start(Optional.of(secret(1)), false);
    byte[] body = "{\"ids\":[]}".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> ok =
        send("POST", INTERNAL, body, signed(secret(1), "POST", INTERNAL, body));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(handled).hasValue(1);

    assertRefused(send("POST", INTERNAL, body, null), "unauthorized", "Lineage-HMAC");
    assertRefused(send("POST", INTERNAL, body, "Bearer " + TOKEN), "unauthorized", "Lineage-HMAC");
    assertRefused(
        send("POST", INTERNAL, body, "Lineage-HMAC t=1,mac=short"), "unauthorized", "Lineage-HMAC");
    assertRefused(
        send("POST", INTERNAL, body, signed(secret(2), "POST", INTERNAL, body)),
        "bad-mac",
        "Lineage-HMAC");
    byte[] tampered = "{\"ids\":[\"x\"]}".getBytes(StandardCharsets.UTF_8);
    assertRefused(
        send("POST", INTERNAL, tampered, signed(secret(1), "POST", INTERNAL, body)),
        "bad-mac",
        "Lineage-HMAC");
    assertRefused(
        send(
            "POST",
            INTERNAL + "?position=x-0%3A1",
            body,
            signed(secret(1), "POST", INTERNAL, body)),
        "bad-mac",
        "Lineage-HMAC");
    long stale = System.currentTimeMillis() - 61_000;
    String old = new RequestMac(secret(1), () -> stale).authorization("POST", INTERNAL, body);
    HttpResponse<String> replayed = send("POST", INTERNAL, body, old);
    assertRefused(replayed, "stale-request", "Lineage-HMAC");
    assertThat(json(replayed).get("message").asText()).contains("before", "60 s");
    assertThat(handled).as("no refused call reached its handler").hasValue(1);
  }

  @Test
  void anInstanceWithoutASecretAnswersNoInternalCallButServesReaders() throws Exception {
    start(Optional.empty(), false);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> refused =
        send("POST", INTERNAL, body, signed(secret(1), "POST", INTERNAL, body));
    assertRefused(refused, "unauthorized", "Lineage-HMAC");
    assertThat(json(refused).get("message").asText()).contains("no cluster secret");
    assertThat(send("GET", "/v1/nodes/source:a", new byte[0], null).statusCode()).isEqualTo(200);
  }

  @Test
  void aMembersBodyOverTheLimitIsTooLarge() throws Exception {
    start(Optional.of(secret(1)), false);
    byte[] huge = new byte[ApiServer.MAX_BODY_BYTES + 1];

    HttpResponse<String> member =
        send("POST", INTERNAL, huge, signed(secret(1), "POST", INTERNAL, huge));
    assertThat(member.statusCode()).as(member.body()).isEqualTo(413);
    assertThat(json(member).get("reason").asText()).isEqualTo("too-large");
    assertThat(handled).hasValue(0);
  }

  @Test
  void withATokenTheReadApiWantsItOrAMembersMacAndHealthStaysOpen() throws Exception {
    start(Optional.of(secret(1)), true);
    String node = "/v1/nodes/source:a";

    assertRefused(send("GET", node, new byte[0], null), "unauthorized", "Bearer");
    assertRefused(send("GET", node, new byte[0], "Bearer " + TOKEN + "x"), "bad-token", "Bearer");
    assertRefused(send("GET", node, new byte[0], "Basic " + TOKEN), "unauthorized", "Bearer");
    assertThat(send("GET", node, new byte[0], "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(
            send("GET", node, new byte[0], signed(secret(1), "GET", node, new byte[0]))
                .statusCode())
        .as("impact-service and forwarding instances ask with the cluster MAC")
        .isEqualTo(200);
    assertRefused(
        send("GET", node, new byte[0], signed(secret(2), "GET", node, new byte[0])),
        "bad-mac",
        "Lineage-HMAC");
    assertThat(handled).hasValue(2);

    assertThat(send("GET", "/v1/health", new byte[0], null).statusCode()).isIn(200, 503);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertRefused(send("POST", INTERNAL, body, "Bearer " + TOKEN), "unauthorized", "Lineage-HMAC");
  }

  @Test
  void withoutATokenTheReadApiIsOpen() throws Exception {
    start(Optional.of(secret(1)), false);

    assertThat(send("GET", "/v1/nodes/source:a", new byte[0], null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/nodes/source:a", new byte[0], "Bearer whatever").statusCode())
        .isEqualTo(200);
  }
}
