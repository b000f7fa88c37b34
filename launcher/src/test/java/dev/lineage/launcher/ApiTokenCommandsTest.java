package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.access.ApiToken;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands that ask the HTTP API, against a server whose read API requires a bearer token: the
 * token comes from a file, and a missing or wrong one is a message that says what to do.
 */
class ApiTokenCommandsTest {
  private static final String TOKEN = "Zm9yIHRoZSByZWFkIEFQSQ==";
  private static final String MODEL = "sha256:" + "b".repeat(64);

  @TempDir Path dir;
  private ApiServer server;
  private Path tokenFile;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    tokenFile = dir.resolve("api.token");
    Files.writeString(tokenFile, TOKEN + "\n");
    server =
        ApiServer.bind(
            "127.0.0.1", 0, ApiAccess.of(Optional.empty(), Optional.of(ApiToken.read(tokenFile))));
    server.route(
        "GET",
        "/v1/nodes/{id*}",
        r -> {
          Map<String, Object> n = new LinkedHashMap<>();
          n.put("id", r.pathParam("id"));
          n.put("kind", "SOURCE");
          n.put("name", "transactions_q1");
          n.put("position", Map.of());
          return ApiResponse.ok(n);
        });
    server.route(
        "GET",
        "/v1/deployments/{id*}",
        r -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("model", MODEL);
          body.put("approved", true);
          body.put("approvals", List.of());
          body.put("reasons", List.of());
          return ApiResponse.ok(body);
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Run lineage(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void queryAndVerifyDeploymentSendTheTokenFromItsFile() {
    Run node =
        lineage(
            "query",
            "node",
            "source:transactions_q1",
            "--http",
            server.baseUrl(),
            "--api-token-file",
            tokenFile.toString());
    assertThat(node.code()).as(node.err()).isZero();
    assertThat(node.out()).contains("transactions_q1");

    Run gate =
        lineage(
            "verify-deployment",
            "--model",
            MODEL,
            "--http",
            server.baseUrl(),
            "--api-token-file",
            tokenFile.toString());
    assertThat(gate.code()).as(gate.err()).isZero();
    assertThat(gate.out()).contains("APPROVED");
  }

  @Test
  void withoutTheTokenTheMessageSaysHowToGiveIt() {
    Run r = lineage("query", "node", "source:transactions_q1", "--http", server.baseUrl());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("requires an API token")
        .contains("--api-token-file FILE or LINEAGE_API_TOKEN_FILE");
  }

  @Test
  void aWrongTokenIsRefusedAndNeverPrinted() throws Exception {
    Path wrong = dir.resolve("wrong.token");
    Files.writeString(wrong, "c29tZSBvdGhlciB0b2tlbg==");

    Run r =
        lineage(
            "verify-deployment",
            "--model",
            MODEL,
            "--http",
            server.baseUrl(),
            "--api-token-file",
            wrong.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("refused the API token").doesNotContain("c29tZSBvdGhlciB0b2tlbg");
  }

  @Test
  void aTokenFileThatIsMissingIsAUsageError() {
    Run r =
        lineage(
            "query",
            "node",
            "source:transactions_q1",
            "--http",
            server.baseUrl(),
            "--api-token-file",
            dir.resolve("missing").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--api-token-file: no such file");
  }
}
