package dev.lineage.explorer;

import dev.lineage.api.ApiError;
import dev.lineage.api.RequestAnswer;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.RawBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/requests/{id}} on a lineage-streams instance that does not run the impact service
 * itself (a cluster deployment): asks the impact service at {@code LINEAGE_IMPACT_HTTP} and answers
 * what it answered, so the explorer, which uses its own origin only, shows a request's status there
 * as on {@code lineage up}. The impact service routes the id to the instance that owns it.
 */
final class ImpactForward {
  private final URI impact;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();

  ImpactForward(URI impact) {
    this.impact = impact;
  }

  void mount(ApiServer server) {
    server.route("GET", "/v1/requests/{id*}", this::forward);
  }

  private ApiResponse forward(ApiRequest request) throws InterruptedException {
    String base = impact.toString().replaceAll("/+$", "");
    URI uri = URI.create(base + request.path());
    HttpResponse<byte[]> response;
    try {
      response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw ApiException.unavailable("the impact service at " + base + " did not answer", 2);
    }
    // passed on as the impact service wrote it, once it reads as one of the API's answers
    try {
      Class<?> form = response.statusCode() == 200 ? RequestAnswer.class : ApiError.class;
      LineageApiClient.read(new String(response.body(), StandardCharsets.UTF_8), form);
    } catch (IOException e) {
      throw ApiException.unavailable("the impact service sent an unreadable answer", 2);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().firstValue("Retry-After").ifPresent(v -> headers.put("Retry-After", v));
    return new ApiResponse(
        response.statusCode(),
        new RawBody("application/json; charset=utf-8", response.body()),
        headers);
  }
}
