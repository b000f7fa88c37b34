package dev.lineage.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.http.ApiServer;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticAssetsTest {
  @TempDir Path root;
  private ApiServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void serveABuild() throws Exception {
    Path explorer = Files.createDirectories(root.resolve("explorer/assets"));
    Files.writeString(root.resolve("explorer/index.html"), "<!doctype html><div id=\"root\">");
    Files.writeString(explorer.resolve("index-Ab12_c.js"), "console.log(1)");
    Files.writeString(root.resolve("secret.txt"), "not for the web");
    server = ApiServer.bind("127.0.0.1", 0);
    new StaticAssets(new URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, null))
        .mount(server);
    server.route("GET", "/v1/health", r -> dev.lineage.http.ApiResponse.ok(java.util.Map.of()));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageAtTheRootWithAPolicyThatAllowsThisOriginOnly() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<div id=\"root\">");
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            p -> assertThat(p).contains("default-src 'self'").doesNotContain("http"));
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
  }

  @Test
  void servesHashedAssetsForeverAndNothingElse() throws Exception {
    HttpResponse<String> js = get("/assets/index-Ab12_c.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Cache-Control"))
        .contains("public, max-age=31536000, immutable");
    assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/assets/..%2Fsecret.txt").statusCode()).isEqualTo(404);
    assertThat(get("/assets/../secret.txt").statusCode()).isEqualTo(404);
    assertThat(get("/secret.txt").statusCode()).isEqualTo(404);
    // the JSON API is untouched
    assertThat(get("/v1/health").headers().firstValue("Content-Type"))
        .contains("application/json; charset=utf-8");
  }

  @Test
  void saysTheExplorerIsNotInABuildWithoutIt() throws Exception {
    ApiServer bare = ApiServer.bind("127.0.0.1", 0);
    try {
      new StaticAssets(new URLClassLoader(new java.net.URL[0], null)).mount(bare);
      bare.start();
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(URI.create(bare.baseUrl() + "/")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(404);
      assertThat(page.body()).contains("explorer.skip");
    } finally {
      bare.close();
    }
  }
}
