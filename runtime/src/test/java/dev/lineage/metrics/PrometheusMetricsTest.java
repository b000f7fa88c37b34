package dev.lineage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.access.ApiToken;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics on a real JDK server: route templates as labels, the read API's access rules. */
class PrometheusMetricsTest {
  private static final String TOKEN = "metrics-test-token-0123456789abcdef";

  @TempDir Path dir;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(ApiAccess access) throws Exception {
    server = ApiServer.bind("127.0.0.1", 0, access);
    PrometheusMetrics.create().mount(server);
    server.route("GET", "/v1/nodes/{id*}", r -> ApiResponse.ok(Map.of("id", r.pathParam("id"))));
    server.route(
        "GET",
        "/v1/broken",
        r -> {
          throw ApiException.unavailable("not yet", 1);
        });
    server.start();
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void timesEachRequestUnderItsRouteTemplateAndStatusClassNeverItsPath() throws Exception {
    start(ApiAccess.open());
    get("/v1/nodes/source:customer-42@example.org", null);
    get("/v1/nodes/run:secret_run/7", null);
    get("/v1/broken", null);
    get("/v1/no/such/thing", null);

    HttpResponse<String> metrics = get("/metrics", null);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    String text = metrics.body();
    assertThat(text)
        .contains(
            "lineage_http_requests_seconds_count{method=\"GET\",route=\"/v1/nodes/{id*}\","
                + "status=\"2xx\"} 2")
        .contains(
            "lineage_http_requests_seconds_count{method=\"GET\",route=\"/v1/broken\","
                + "status=\"5xx\"} 1")
        .contains(
            "lineage_http_requests_seconds_count{method=\"-\",route=\"unmatched\","
                + "status=\"4xx\"} 1")
        .contains(
            "lineage_http_requests_seconds_bucket{method=\"GET\",route=\"/v1/nodes/{id*}\","
                + "status=\"2xx\",le=\"0.005\"}")
        .contains("jvm_memory_used_bytes");
    assertThat(text)
        .doesNotContain("customer-42")
        .doesNotContain("secret_run")
        .doesNotContain("no/such");
  }

  @Test
  void metricsNeedTheReadApisTokenWhenOneIsSet() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, TOKEN + "\n");
    start(ApiAccess.of(Optional.empty(), Optional.of(ApiToken.read(file))));

    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Bearer wrong-token-0123456789abcdef0123").statusCode())
        .isEqualTo(401);
    HttpResponse<String> ok = get("/metrics", "Bearer " + TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body())
        .contains(
            "lineage_http_requests_seconds_count{method=\"GET\",route=\"/metrics\","
                + "status=\"4xx\"} 2");
  }
}
