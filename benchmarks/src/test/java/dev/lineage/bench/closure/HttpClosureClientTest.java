package dev.lineage.bench.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpClosureClientTest {
  private static final String DATASET = "sha256:" + "a".repeat(64);

  private HttpServer server;
  private final List<URI> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "{}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestURI());
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpClosureClient client() {
    return new HttpClosureClient(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
  }

  @Test
  void sumsTheCountsOfASummaryAnswer() {
    body =
        "{\"start\":\""
            + DATASET
            + "\",\"direction\":\"downstream\","
            + "\"counts\":{\"MODEL\":2,\"PREDICTIONS\":5,\"RUN\":4},"
            + "\"receipt\":{\"visited\":12,\"truncated\":false,\"cutBy\":null,\"depthReached\":4,"
            + "\"position\":{\"0\":17}}}";

    assertThat(client().closureSize(DATASET)).isEqualTo(11);
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getRawPath()).isEqualTo("/v1/lineage/sha256%3A" + "a".repeat(64));
    assertThat(requests.get(0).getRawQuery()).isEqualTo("direction=downstream&summary=true");
  }

  @Test
  void theSocketClientAsksTheSameAndKeepsItsConnection() {
    body = "{\"counts\":{\"MODEL\":2,\"RUN\":4},\"receipt\":{\"visited\":7,\"truncated\":false}}";
    try (HttpClosureClient socket =
        HttpClosureClient.overSocket(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
      assertThat(socket.closureSize(DATASET)).isEqualTo(6);
      assertThat(socket.closureSize(DATASET)).isEqualTo(6);
      status = 404;
      body = "{\"reason\":\"not-found\"}";
      assertThatThrownBy(() -> socket.closureSize(DATASET)).hasMessageContaining("404");
    }
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).getRawPath()).isEqualTo("/v1/lineage/sha256%3A" + "a".repeat(64));
    assertThat(requests.get(1).getRawQuery()).isEqualTo("direction=downstream&summary=true");
  }

  @Test
  void anEmptyClosureIsZero() {
    body = "{\"counts\":{},\"receipt\":{\"visited\":1,\"truncated\":false}}";

    assertThat(client().closureSize("source:transactions_q1")).isZero();
  }

  @Test
  void encodesTheWholeIdAsOnePathSegment() {
    assertThat(client().requestUri("run:team/training j1829").getRawPath())
        .endsWith("/v1/lineage/run%3Ateam%2Ftraining%20j1829");
  }

  @Test
  void refusesATruncatedClosure() {
    body =
        "{\"counts\":{\"RUN\":3},\"receipt\":{\"visited\":4,\"truncated\":true,\"cutBy\":\"size\"}}";

    assertThatThrownBy(() -> client().closureSize(DATASET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was cut by its size limit after 4 nodes");
  }

  @Test
  void anErrorStatusIsAnErrorWithTheServersReason() {
    status = 404;
    body = "{\"error\":\"not-found\",\"message\":\"no node " + DATASET + "\"}";

    assertThatThrownBy(() -> client().closureSize(DATASET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answered 404")
        .hasMessageContaining("not-found");
  }

  @Test
  void aListingInsteadOfASummaryIsRefused() {
    body = "{\"nodes\":[],\"edges\":[],\"receipt\":{\"visited\":1,\"truncated\":false}}";

    assertThatThrownBy(() -> client().closureSize(DATASET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no summary");
  }

  @Test
  void aNegativeCountIsRefused() {
    body = "{\"counts\":{\"RUN\":-1},\"receipt\":{\"visited\":1,\"truncated\":false}}";

    assertThatThrownBy(() -> client().closureSize(DATASET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a natural number");
  }
}
