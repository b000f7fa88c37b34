package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explorer in a real browser against a real stack: {@code ./lineage up --demo} as a separate
 * JVM (embedded broker, both apps, the seed and the deletion request), then Debian's Chromium
 * driven by playwright-core ({@code lineage-streams/explorer/e2e/explorer-e2e.mjs}, installed by
 * the lineage-streams build's {@code npm ci}): it searches model_m92, opens its upstream graph and
 * finds the five seed nodes left to right in lineage order, uses path mode between transactions_q1
 * and model_m92, opens model_m92's panel, opens the deletion request from the requests list and
 * sees its trigger, and opens the deep links. A screenshot of each step lands in {@code
 * launcher/target/explorer-e2e/}.
 *
 * <p>Chromium is {@code /usr/bin/chromium} (Debian's {@code chromium} package; {@code .ci/run}
 * installs it) or {@code LINEAGE_CHROMIUM}. Without it the test fails saying so: a browser test
 * that skips itself quietly would let a broken page pass.
 */
class ExplorerBrowserIT {
  static final Path REPO = Path.of("").toAbsolutePath().getParent();
  static final Path SCRIPT = REPO.resolve("lineage-streams/explorer/e2e/explorer-e2e.mjs");
  static final Path SCREENSHOTS = Path.of("target", "explorer-e2e").toAbsolutePath();
  static final List<String> STEPS =
      List.of(
          "01-search.png",
          "02-upstream-graph.png",
          "03-path.png",
          "04-node-panel.png",
          "05-deletion-request.png",
          "06-rejected.png");

  @TempDir Path work;

  static Path chromium() {
    return Optional.ofNullable(System.getenv("LINEAGE_CHROMIUM"))
        .map(Path::of)
        .orElse(Path.of("/usr/bin/chromium"));
  }

  @BeforeAll
  static void theBrowserAndTheScriptAreThere() {
    assertThat(Files.isExecutable(chromium()))
        .as(
            "Chromium at %s, for the explorer's browser test: apt-get install -y chromium (or set"
                + " LINEAGE_CHROMIUM)",
            chromium())
        .isTrue();
    assertThat(REPO.resolve("lineage-streams/explorer/node_modules/playwright-core"))
        .as("playwright-core, installed by the lineage-streams build (npm ci)")
        .isDirectory();
  }

  @Test
  void aReviewerSearchesFollowsTheLineageFindsThePathAndOpensTheDeletionRequest() throws Exception {
    Files.createDirectories(SCREENSHOTS);
    for (String step : STEPS) {
      Files.deleteIfExists(SCREENSHOTS.resolve(step));
    }
    try (LineageProcess up =
        LineageProcess.start(
            work,
            "up",
            "--demo",
            "--data-dir",
            work.resolve("data").toString(),
            "--kafka-port",
            "0",
            "--http-port",
            "0")) {
      Matcher ready = DemoIT.READY.matcher(up.awaitReady(Duration.ofSeconds(180)));
      assertThat(ready.matches()).isTrue();
      String http = ready.group(2);
      Awaitility.await()
          .atMost(Duration.ofSeconds(180))
          .failFast(
              "the demo stopped:\n" + up.transcript(),
              () -> up.stdout().stream().anyMatch(l -> l.startsWith("stopped")))
          .until(() -> up.stdout().stream().anyMatch(l -> l.startsWith("demo: done")));
      // `up` says where the explorer is, and the demo links to its model and request
      assertThat(up.stdout()).contains("explorer: " + http + "/");
      assertThat(up.stdout())
          .anyMatch(l -> l.startsWith("demo: in a browser: " + http + "/?node=name:model_m92"));

      Path log = work.resolve("e2e.log");
      Process browser =
          new ProcessBuilder(
                  "node",
                  SCRIPT.toString(),
                  "--base",
                  http,
                  "--out",
                  SCREENSHOTS.toString(),
                  "--chromium",
                  chromium().toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!browser.waitFor(240, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
      }
      String transcript = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(browser.exitValue())
          .as("the browser steps:\n%s\nlineage up:\n%s", transcript, up.transcript())
          .isZero();
      assertThat(transcript)
          .contains(
              "upstream of model_m92 left to right: transactions_q1 → fraud_signal_extractor_r1"
                  + " → features_v47 → training_j1829 → model_m92")
          .contains(
              "1 path(s): transactions_q1 → run:fraud_signal_extractor_r1 → features_v47"
                  + " → run:training_j1829 → model_m92")
          .containsPattern("gdpr-demo-\\d+: COMPLETE, trigger RETRAIN model_m92");
      for (String step : STEPS) {
        assertThat(SCREENSHOTS.resolve(step)).as("screenshot %s", step).isNotEmptyFile();
      }

      up.terminate();
      assertThat(up.awaitExit(Duration.ofSeconds(60))).as(up.transcript()).isZero();
    }
  }
}
