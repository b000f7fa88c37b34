package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.Deployment;
import dev.lineage.api.Obligations;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code lineage obligations} and the obligation lines of {@code lineage verify-deployment},
 * against a real HTTP server answering with the API's own records.
 */
class ObligationsCommandTest {
  static final String MODEL = "sha256:" + "b".repeat(64);
  static final String NEW_MODEL = "sha256:" + "d".repeat(64);
  static final String TRIGGER = "sha256:" + "1".repeat(64);

  private ApiServer server;
  private final List<Map<String, List<String>>> asked =
      Collections.synchronizedList(new ArrayList<>());

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.bind("127.0.0.1", 0);
    server.route("GET", "/v1/obligations", this::obligations);
    server.route("GET", "/v1/deployments/{id*}", this::deployment);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Obligations.Obligation obligation(String request, String status) {
    boolean closed = status.equals("RETRAINED");
    return new Obligations.Obligation(
        request,
        TRIGGER,
        MODEL,
        "RETRAIN",
        "2025-04-01T00:00:00Z",
        status,
        "sha256:" + "2".repeat(64),
        "run:training_j1829",
        closed ? "sha256:" + "3".repeat(64) : null,
        closed ? "2025-03-02T00:00:00Z" : null,
        closed ? "ab".repeat(32) : null,
        closed ? NEW_MODEL : null,
        status.equals("OVERDUE") ? "2025-04-01T00:00:01Z" : null,
        closed ? false : null);
  }

  private ApiResponse obligations(ApiRequest request) {
    asked.add(request.query());
    boolean overdue = request.queryParam("request").map("gdpr-2"::equals).orElse(false);
    return ApiResponse.ok(
        new Obligations(
            "2025-04-02T00:00:00Z",
            List.of(
                overdue
                    ? new Obligations.Request(
                        "gdpr-2",
                        "OVERDUE",
                        "DELETION",
                        true,
                        List.of(obligation("gdpr-2", "OVERDUE")),
                        List.of(),
                        List.of())
                    : new Obligations.Request(
                        "gdpr-1",
                        "FULFILLED",
                        "DELETION",
                        true,
                        List.of(obligation("gdpr-1", "RETRAINED")),
                        List.of(),
                        List.of(
                            new Obligations.Erasure(
                                "RECORD_LIST",
                                "sha256:" + "4".repeat(64),
                                "cd".repeat(32),
                                "2025-03-02T00:00:05Z",
                                "2025-03-02T00:00:05Z",
                                List.of("sha256:" + "e".repeat(64))))))));
  }

  private ApiResponse deployment(ApiRequest request) {
    return ApiResponse.ok(
        new Deployment(
            false,
            MODEL,
            null,
            List.of(),
            List.of(),
            List.of(
                new Deployment.Reason(
                    "deletion-obligation-overdue", "request gdpr-2 obliged this model")),
            List.of(obligation("gdpr-2", "OVERDUE")),
            null));
  }

  private Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aPredictionsObligationPrintsItsActionPredictionAndOwnId() {
    String prediction = "sha256:" + "5".repeat(64);
    String id = "sha256:" + "6".repeat(64);
    StringWriter text = new StringWriter();
    ObligationsCommand.print(
        new PrintWriter(text, true),
        new Obligations(
            "2025-04-02T00:00:00Z",
            List.of(
                new Obligations.Request(
                    "bug-7",
                    "FULFILLED",
                    "BUG",
                    true,
                    List.of(
                        new Obligations.Obligation(
                            "bug-7",
                            id,
                            prediction,
                            "INVALIDATE",
                            null,
                            "INVALIDATED",
                            "sha256:" + "2".repeat(64),
                            null,
                            "sha256:" + "3".repeat(64),
                            "2025-03-02T00:00:00Z",
                            "ab".repeat(32),
                            null,
                            null,
                            false)),
                    List.of(),
                    List.of()))));

    assertThat(text.toString())
        .contains("request bug-7: FULFILLED (bug)")
        .contains("INVALIDATED INVALIDATE " + prediction + " closed 2025-03-02T00:00:00Z")
        .contains("    obligation " + id)
        .doesNotContain("trigger ");
  }

  @Test
  void aFulfilledRequestShowsHowEachObligationClosedAndExitsZero() {
    Run r = run("obligations", "--http", server.baseUrl(), "--model", MODEL);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("request gdpr-1: FULFILLED (deletion)")
        .contains("RETRAINED RETRAIN " + MODEL + " due 2025-04-01T00:00:00Z closed")
        .contains("superseded by " + NEW_MODEL)
        .contains("trigger " + TRIGGER)
        .contains("erased record list at 2025-03-02T00:00:05Z");
    assertThat(asked.get(0)).containsEntry("model", List.of(MODEL));
  }

  @Test
  void anOverdueObligationExitsOne() {
    Run r = run("obligations", "--http", server.baseUrl(), "--request", "gdpr-2", "--overdue");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("request gdpr-2: OVERDUE").contains("OVERDUE RETRAIN " + MODEL);
    assertThat(asked.get(0))
        .containsEntry("request", List.of("gdpr-2"))
        .containsEntry("overdue", List.of("true"));
  }

  @Test
  void verifyDeploymentShowsTheOverdueObligationThatRefusesTheModel() {
    Run r = run("verify-deployment", "--http", server.baseUrl(), "--model", MODEL);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("  - deletion-obligation-overdue: request gdpr-2 obliged this model")
        .contains("  obligation OVERDUE: RETRAIN for request gdpr-2 by 2025-04-01T00:00:00Z");
  }
}
