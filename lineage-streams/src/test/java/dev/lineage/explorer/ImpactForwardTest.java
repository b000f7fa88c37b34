package dev.lineage.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The explorer's own origin shows a request's status exactly as the impact service wrote it. */
class ImpactForwardTest {
  private HttpServer impact;
  private ApiServer api;
  private volatile int status;
  private volatile String body;

  @BeforeEach
  void start() throws IOException {
    impact = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    impact.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (status == 503) {
              exchange.getResponseHeaders().set("Retry-After", "3");
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    impact.start();
    api = ApiServer.bind("127.0.0.1", 0, ApiAccess.of(Optional.empty(), Optional.empty()));
    new ImpactForward(URI.create("http://127.0.0.1:" + impact.getAddress().getPort())).mount(api);
    api.start();
  }

  @AfterEach
  void stop() {
    api.close();
    impact.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theStatusAndItsBodyArePassedOnAsWritten() throws Exception {
    status = 200;
    body =
        "{\"requestId\":\"gdpr-1\",\"cause\":\"DELETION\",\"status\":\"PENDING\","
            + "\"countsByKind\":{},\"models\":[],\"predictions\":[],\"triggers\":0,"
            + "\"receipt\":null,\"detail\":\"not analysed yet\",\"attempts\":1}\n";

    HttpResponse<String> answer = get("/v1/requests/gdpr-1");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(body);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
  }

  @Test
  void aRefusalKeepsItsStatusAndRetryAfter() throws Exception {
    status = 503;
    body = "{\"status\":503,\"reason\":\"unavailable\",\"message\":\"rebalancing\"}\n";

    HttpResponse<String> answer = get("/v1/requests/gdpr-1");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).isEqualTo(body);
    assertThat(answer.headers().firstValue("Retry-After")).hasValue("3");
  }

  @Test
  void anAnswerThatIsNotTheApisIsUnavailable() throws Exception {
    status = 200;
    body = "<html>a proxy</html>";

    HttpResponse<String> answer = get("/v1/requests/gdpr-1");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).contains("unreadable");
  }
}
