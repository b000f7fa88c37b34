package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.NodeDetails;
import dev.lineage.seed.SeedScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's first command, {@code ./lineage up --demo}, as a user runs it (a separate JVM, real
 * broker, both apps): one verified trigger for model_m92 with its path, a COMPLETE report, then it
 * keeps serving until SIGTERM and exits 0. Everything is signed with the real clock: nothing is
 * first seen ahead of it.
 */
class DemoIT {
  static final Pattern READY = Pattern.compile("ready: kafka=(\\S+) http=(\\S+)");

  @TempDir Path work;

  @Test
  void theDemoPrintsOneTriggerForModelM92WithItsPathAndACompleteReport() throws Exception {
    Path dataDir = work.resolve("data");
    Instant started = Instant.now();
    try (LineageProcess up =
        LineageProcess.start(
            work,
            "up",
            "--demo",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            "0",
            "--http-port",
            "0")) {
      Matcher ready = READY.matcher(up.awaitReady(Duration.ofSeconds(180)));
      assertThat(ready.matches()).isTrue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(180))
          .failFast(
              "the demo stopped:\n" + up.transcript(),
              () -> up.stdout().stream().anyMatch(l -> l.startsWith("stopped")))
          .until(() -> up.stdout().stream().anyMatch(l -> l.startsWith("demo: done")));

      String stdout = String.join("\n", up.stdout());
      assertThat(stdout)
          .contains(
              "demo: lineage transactions_q1 → run:fraud_signal_extractor_r1 → features_v47"
                  + " → run:training_j1829 → model_m92")
          .contains("approved for deployment by")
          .contains("model     model_m92 sha256:")
          .contains("trained   by run:training_j1829")
          .contains(
              "path      transactions_q1 → run:fraud_signal_extractor_r1 → features_v47"
                  + " → run:training_j1829 → model_m92")
          .contains("action    RETRAIN")
          .containsPattern("report  DELETION gdpr-demo-\\d+: COMPLETE, 1 model\\(s\\)");
      assertThat(up.stdout().stream().filter(l -> l.startsWith("trigger ")).count()).isEqualTo(1);

      // signed with the real clock: no node is first seen after now (the seed's signatures are
      // to the second), and the story's runs lie in the past
      CommandLineApi api = new CommandLineApi(URI.create(ready.group(2)), Duration.ofSeconds(10));
      Instant now = Instant.now();
      for (String id :
          List.of(
              "source:transactions_q1",
              "run:fraud_signal_extractor_r1",
              "name:features_v47",
              "run:training_j1829",
              "name:model_m92")) {
        NodeDetails node = api.get("/v1/nodes/" + id, Map.of(), NodeDetails.class).value();
        assertThat(Instant.parse(node.firstSeen()))
            .as("%s first seen", id)
            .isBetween(started.minusSeconds(1), now);
        if (node.endedAt() != null) {
          assertThat(Instant.parse(node.endedAt())).as("%s ended", id).isBefore(now);
        }
      }

      // an orchestrator's view of the same topic: the one trigger, verified against the root
      StringWriter out = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(new StringWriter(), true));
      int code =
          cli.execute(
              "triggers",
              "--bootstrap-servers",
              ready.group(1),
              "--trust-root",
              dataDir.resolve("keys").resolve("root.pub").toString());
      assertThat(code).isZero();
      assertThat(out.toString()).contains("model_m92").contains("1 trigger(s)");

      // what an operator's Prometheus scrapes: the seed's events verified, none rejected, the
      // node reads above timed under their route's template, the deletion timed to its trigger
      String metrics = scrape(URI.create(ready.group(2) + "/metrics"));
      assertThat(sample(metrics, "lineage_events_verified_total{topic=\"lineage.artifacts\"}"))
          .isGreaterThanOrEqualTo(4);
      assertThat(sample(metrics, "lineage_events_verified_total{topic=\"lineage.runs\"}"))
          .isGreaterThanOrEqualTo(2);
      assertThat(
              sample(metrics, "lineage_events_verified_total{topic=\"lineage.deletion-requests\"}"))
          .isEqualTo(1);
      assertThat(sample(metrics, "lineage_events_rejected_total{reason=\"bad-signature\"}"))
          .isZero();
      assertThat(
              sample(
                  metrics,
                  "lineage_http_requests_seconds_count{method=\"GET\",route=\"/v1/nodes/{id*}\","
                      + "status=\"2xx\"}"))
          .isGreaterThanOrEqualTo(5);
      assertThat(sample(metrics, "lineage_impact_request_to_trigger_seconds_count")).isEqualTo(1);
      assertThat(sample(metrics, "lineage_store_entries{app=\"lineage-streams\",store=\"nodes\"}"))
          .isPositive();
      assertThat(metrics)
          .contains("lineage_fold_lag_records{app=\"lineage-streams\"}")
          .contains("lineage_events_parked{app=\"impact-service\"}")
          .contains("kafka_stream_alive_stream_threads{app=\"impact-service\"")
          .doesNotContain("transactions_q1");

      // the loop goes on: the reference orchestrator retrained model_m92 without the records,
      // the request is FULFILLED, the old model superseded at the gate, the list erased and the
      // features snapshot tombstoned
      assertThat(stdout)
          .containsPattern("orchestrate \\S+  gdpr-demo-\\d+  model_m92 \\S+: RETRAINED")
          .containsPattern("manifest  sha256:[0-9a-f]{64} \\(declares the record set excluded\\)")
          .containsPattern("run       run:orchestrate-[0-9a-f]{16}-train")
          .containsPattern("demo: obligation \\S+ RETRAINED: model \\S+ superseded by sha256:")
          .containsPattern("demo: request gdpr-demo-\\d+ FULFILLED; its record list erased")
          .contains("demo: snapshot features_v47 sha256:")
          .contains("erased from the CAS")
          .containsPattern(
              "demo: deploy gate on the old model_m92 \\S+: refused, superseded-by sha256:");
      String oldModel = modelOf(stdout);
      StringWriter gateOut = new StringWriter();
      CommandLine gate = Main.commandLine();
      gate.setOut(new PrintWriter(gateOut, true));
      gate.setErr(new PrintWriter(gateOut, true));
      assertThat(gate.execute("verify-deployment", "--model", oldModel, "--http", ready.group(2)))
          .isEqualTo(1);
      assertThat(gateOut.toString()).contains("superseded-by");

      // a second orchestrator run on the same trigger publishes nothing: its obligation is closed
      StringWriter again = new StringWriter();
      CommandLine orchestrate = Main.commandLine();
      orchestrate.setOut(new PrintWriter(again, true));
      orchestrate.setErr(new PrintWriter(again, true));
      assertThat(
              orchestrate.execute(
                  "orchestrate",
                  "--bootstrap-servers",
                  ready.group(1),
                  "--http",
                  ready.group(2),
                  "--data-dir",
                  dataDir.toString(),
                  "--key",
                  producerKey(dataDir).toString()))
          .as(again.toString())
          .isZero();
      assertThat(again.toString()).contains(": ALREADY_CLOSED").contains("nothing published");

      // no record key of the request anywhere: not printed, and (the request fulfilled) nowhere
      // on disk in the data directory — broker log segments, both apps' state, CAS, vault
      for (String key : SeedScenario.DEMO_DELETED_TRANSACTIONS) {
        assertThat(up.transcript()).doesNotContain(key);
        assertThat(again.toString()).doesNotContain(key);
      }
      assertThat(filesHolding(dataDir, SeedScenario.DEMO_DELETED_TRANSACTIONS)).isEmpty();

      up.terminate();
      assertThat(up.awaitExit(Duration.ofSeconds(60))).as(up.transcript()).isZero();
    }

    // a second demo on the same data directory works: it finds the first one fulfilled (its
    // snapshot erased for good) and says so instead of failing to put the seed again
    try (LineageProcess up =
        LineageProcess.start(
            work,
            "up",
            "--demo",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            "0",
            "--http-port",
            "0")) {
      up.awaitReady(Duration.ofSeconds(180));
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .failFast(
              "the second demo stopped:\n" + up.transcript(),
              () -> up.stdout().stream().anyMatch(l -> l.startsWith("stopped")))
          .until(() -> up.stdout().stream().anyMatch(l -> l.startsWith("demo: done")));
      assertThat(String.join("\n", up.stdout()))
          .containsPattern(
              "demo: this data directory already played the demo to the end: features_v47 \\S+"
                  + " was erased for gdpr-demo-\\d+");
      up.terminate();
      assertThat(up.awaitExit(Duration.ofSeconds(60))).as(up.transcript()).isZero();
    }
    assertThat(filesHolding(dataDir, SeedScenario.DEMO_DELETED_TRANSACTIONS)).isEmpty();
  }

  /** The old model's digest, from the demo's deployment check line. */
  private static String modelOf(String stdout) {
    Matcher m = Pattern.compile("verify-deployment --model (sha256:[0-9a-f]{64})").matcher(stdout);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** The demo's producer key: the one throwaway run directory under DATA_DIR/demo. */
  private static Path producerKey(Path dataDir) throws IOException {
    try (Stream<Path> runs = Files.list(dataDir.resolve("demo"))) {
      return runs.map(r -> r.resolve("keys").resolve("producer.key"))
          .filter(Files::isRegularFile)
          .findFirst()
          .orElseThrow();
    }
  }

  /** Every regular file under {@code dir} whose bytes hold one of {@code keys} (UTF-8). */
  static List<Path> filesHolding(Path dir, List<String> keys) throws IOException {
    List<byte[]> needles = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    List<Path> found = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
          continue; // a file the stopped stack removed meanwhile
        }
        for (byte[] needle : needles) {
          if (indexOf(bytes, needle) >= 0) {
            found.add(file);
            break;
          }
        }
      }
    }
    return found;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String scrape(URI uri) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of one sample of the text exposition, named with its labels. */
  private static double sample(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + metrics));
  }
}
