package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code lineage verify-deployment} against a real HTTP server answering with canned verdicts in
 * the shape of {@code GET /v1/deployments/{model}}: the exit codes a pipeline relies on.
 */
class VerifyDeploymentCommandTest {
  static final String APPROVED = "sha256:" + "a".repeat(64);
  static final String SWAPPED = "sha256:" + "b".repeat(64);
  static final String REFUSED_BY_SERVER = "sha256:" + "c".repeat(64);
  static final String BUSY = "sha256:" + "d".repeat(64);
  static final String KEY = "e".repeat(64);
  static final String ENVELOPE = "sha256:" + "1".repeat(64);

  private ApiServer server;
  private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> pauses = new ArrayList<>();

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.bind("127.0.0.1", 0);
    server.route("GET", "/v1/deployments/{id*}", this::deployment);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ApiResponse deployment(ApiRequest request) {
    String id = request.pathParam("id");
    asked.add(id);
    if (id.equals(REFUSED_BY_SERVER)) {
      throw ApiException.badRequest("a deployment names a model by its digest");
    }
    if (id.equals(BUSY)) {
      throw ApiException.unavailable("partition 0 of the approvals has no owner yet", 1);
    }
    boolean approved = id.equals(APPROVED) || id.equals("name:model_m92@1");
    Map<String, Object> approval = new LinkedHashMap<>();
    approval.put("envelope", ENVELOPE);
    approval.put("decision", "APPROVED");
    approval.put("manifestDigest", "sha256:" + "2".repeat(64));
    approval.put("signer", KEY);
    approval.put("signedAt", "2025-03-01T00:00:00Z");
    approval.put("valid", true);
    approval.put("reasons", List.of());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("approved", approved);
    body.put("model", approved ? APPROVED : SWAPPED);
    if (approved) {
      body.put("decidedBy", ENVELOPE);
    }
    body.put("approvals", approved ? List.of(approval) : List.of());
    body.put(
        "reasons",
        approved
            ? List.of()
            : List.of(
                Map.of(
                    "code",
                    "no-approval",
                    "detail",
                    "no decision names " + SWAPPED + "; an approval binds one exact digest")));
    return ApiResponse.ok(body);
  }

  private Run verify(String... args) {
    CommandLine cli = Main.commandLine();
    VerifyDeploymentCommand command = cli.getSubcommands().get("verify-deployment").getCommand();
    command.pause = pauses::add;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("verify-deployment"));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void anApprovedDigestExitsZeroAndSaysWhoDecided() {
    Run r = verify("--http", server.baseUrl(), "--model", APPROVED);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(APPROVED + ": APPROVED for deployment")
        .contains("* APPROVED by key " + KEY)
        .contains("envelope " + ENVELOPE);
    assertThat(asked).containsExactly(APPROVED);
  }

  @Test
  void aDigestNobodyApprovedExitsOneWithTheReasons() {
    Run r = verify("--http", server.baseUrl(), "--model", SWAPPED);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .startsWith(SWAPPED + ": NOT APPROVED for deployment")
        .contains("  - no-approval: no decision names " + SWAPPED);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void jsonIsTheServersVerdictAsItCameWithTheSameExitCode() throws Exception {
    Run approved = verify("--http", server.baseUrl(), "--model", "name:model_m92@1", "--json");
    Run refused = verify("--http", server.baseUrl(), "--model", SWAPPED, "--json");

    assertThat(approved.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(approved.out());
    assertThat(json.path("approved").asBoolean()).isTrue();
    assertThat(json.path("model").asText()).isEqualTo(APPROVED);
    assertThat(asked).contains("name:model_m92@1");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(refused.out()).at("/reasons/0/code").asText())
        .isEqualTo("no-approval");
  }

  @Test
  void malformedArgumentsAreExitTwoWithoutAsking() {
    assertThat(verify("--http", server.baseUrl()).code()).isEqualTo(2);
    Run upper = verify("--http", server.baseUrl(), "--model", "sha256:" + "A".repeat(64));
    assertThat(upper.code()).isEqualTo(2);
    Run run = verify("--http", server.baseUrl(), "--model", "run:training_j1829");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--model");
    assertThat(verify("--http", "ftp://x", "--model", APPROVED).code()).isEqualTo(2);
    assertThat(asked).isEmpty();

    Run byServer = verify("--http", server.baseUrl(), "--model", REFUSED_BY_SERVER);
    assertThat(byServer.code()).isEqualTo(2);
    assertThat(byServer.err()).contains("names a model by its digest");
  }

  @Test
  void noAnswerIsExitOneNeverApproved() throws Exception {
    Run busy = verify("--http", server.baseUrl(), "--model", BUSY);
    assertThat(busy.code()).isEqualTo(1);
    assertThat(busy.out()).isEmpty();
    assertThat(busy.err()).contains("not ready");
    assertThat(pauses).hasSize(CommandLineApi.MAX_ATTEMPTS - 1);

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Run down = verify("--http", "http://127.0.0.1:" + closed, "--model", APPROVED);
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).contains("no Lineage server answers");
  }
}
