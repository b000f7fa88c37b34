package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.LineageIngested;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lineage openlineage send} against a real HTTP server answering {@code POST
 * /api/v1/lineage} as lineage-streams does: each file's exact bytes with the producer's token.
 */
class OpenLineageCommandTest {
  static final String TOKEN = "t".repeat(40);
  static final String EVENT = "{\"eventType\":\"START\",\"eventTime\":\"2024-05-01T10:00:00Z\"}";

  @TempDir Path dir;
  private ApiServer server;
  private final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.bind("127.0.0.1", 0);
    server.route("POST", "/api/v1/lineage", this::ingest);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ApiResponse ingest(ApiRequest request) {
    if (!("Bearer " + TOKEN).equals(request.authorization())) {
      throw new ApiException(401, "bad-token", "the bearer token is not one this server gives");
    }
    bodies.add(request.body());
    return ApiResponse.ok(
        new LineageIngested(
            "local",
            List.of(
                new LineageIngested.Event(
                    "sha256:" + "a".repeat(64),
                    "sha256:" + "b".repeat(64),
                    "lineage.openlineage-attested",
                    1,
                    7L))));
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
  void sendsEachFileAsItIsWithTheTokenOfAServerTokenFileLine() throws Exception {
    Path event = dir.resolve("start.json");
    Files.writeString(event, EVENT + "\n");
    Path tokens = dir.resolve("openlineage-tokens");
    Files.writeString(tokens, "# <producer name> <bearer token>\nlocal " + TOKEN + "\n");

    Run r =
        lineage(
            "openlineage",
            "send",
            event.toString(),
            "--token-file",
            tokens.toString(),
            "--http",
            server.baseUrl());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(bodies).hasSize(1);
    assertThat(new String(bodies.get(0), StandardCharsets.UTF_8)).isEqualTo(EVENT + "\n");
    assertThat(r.out())
        .contains(event + ": 1 event(s) attested for producer local")
        .contains("lineage.openlineage-attested-1@7");
  }

  @Test
  void aRefusedTokenFailsNamingTheFile() throws Exception {
    Path event = dir.resolve("start.json");
    Files.writeString(event, EVENT);
    Path token = dir.resolve("token");
    Files.writeString(token, "w".repeat(40));

    Run r =
        lineage(
            "openlineage",
            "send",
            event.toString(),
            "--token-file",
            token.toString(),
            "--http",
            server.baseUrl());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("start.json").contains("refused the token");
    assertThat(bodies).isEmpty();
  }

  @Test
  void withoutATokenFileItIsAUsageError() throws Exception {
    Path event = dir.resolve("start.json");
    Files.writeString(event, EVENT);

    Run r = lineage("openlineage", "send", event.toString(), "--http", server.baseUrl());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--token-file");
  }
}
