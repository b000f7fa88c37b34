package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.cli.CliTest.Run;
import dev.lineage.compare.SyntheticScores;
import dev.lineage.hash.Sha256;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lineage compare} without publishing, and its argument errors. */
class CompareCommandTest {
  @TempDir Path tmp;
  String baseline;
  String rerun;
  String otherModel;
  String key;

  @BeforeEach
  void writeFiles() throws IOException {
    SyntheticScores data = new SyntheticScores(SyntheticScores.EXAMPLES, 42);
    double[] scores = data.model(1, 2.0);
    baseline = write("baseline.csv", data.csv(scores, 0));
    rerun = write("rerun.csv", data.csv(SyntheticScores.rerun(scores, 1e-4, 9), 17));
    otherModel = write("other.csv", data.csv(data.model(2, 2.0), 0));
    key = tmp.resolve("p.key").toString();
    KeyPairs.writePrivateKey(
        KeyPairs.generate(Algorithm.ECDSA_P256_SHA256).getPrivate(), Path.of(key));
  }

  String write(String name, byte[] bytes) throws IOException {
    return Files.write(tmp.resolve(name), bytes).toString();
  }

  String write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text).toString();
  }

  static Run compare(String... args) {
    return CliTest.run(new CompareCommand(), args);
  }

  static void assertUsage(Run r, String... message) {
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(message);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aNoisyRerunIsEquivalentExitZero() throws IOException {
    Run r = compare("--baseline", baseline, "--candidate", rerun);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("examples            10000 matched by id")
        .contains("baseline AUC")
        .contains(baseline + " " + Sha256.ofFile(Path.of(baseline)))
        .contains("candidate AUC")
        .contains("AUC difference")
        .contains("decisions differ")
        .contains("|score difference|  mean ")
        .contains("tolerance none")
        .contains("verdict             equivalent");
  }

  @Test
  void aDifferentModelIsNotEquivalentExitOneNamingTheTolerance() {
    Run r = compare("--baseline", baseline, "--candidate", otherModel);
    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out())
        .containsPattern("verdict +NOT equivalent: max-diff-fraction [0-9.]+ > 0\\.005");

    Run loose =
        compare("--baseline", baseline, "--candidate", otherModel, "--max-diff-fraction", "1");
    assertThat(loose.code()).as(loose.out()).isZero();

    Run strict = compare("--baseline", baseline, "--candidate", rerun, "--score-tolerance", "1e-6");
    assertThat(strict.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(strict.out()).contains("NOT equivalent: score-tolerance");
  }

  @Test
  void jsonCarriesEveryFigure() throws Exception {
    Run r =
        compare("--baseline", baseline, "--candidate", otherModel, "--json", "--threshold", "0.6");
    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("examples").asLong()).isEqualTo(10_000);
    assertThat(json.at("/baseline/digest").asText())
        .isEqualTo(Sha256.ofFile(Path.of(baseline)).toString());
    assertThat(json.at("/baseline/auc").asDouble()).isBetween(0.6, 0.9);
    assertThat(json.at("/candidate/file").asText()).isEqualTo(otherModel);
    assertThat(json.get("threshold").asDouble()).isEqualTo(0.6);
    assertThat(json.get("decisionDiffFraction").asDouble())
        .isEqualTo(json.get("decisionsDiffering").asLong() / 10_000.0);
    assertThat(json.at("/absScoreDiff/p99").asDouble())
        .isGreaterThanOrEqualTo(json.at("/absScoreDiff/p50").asDouble());
    assertThat(json.at("/tolerances/auc").asDouble()).isEqualTo(0.01);
    assertThat(json.at("/tolerances/score").isNull()).isTrue();
    assertThat(json.get("equivalent").asBoolean()).isFalse();
    assertThat(json.at("/failures/0/tolerance").asText()).isEqualTo("max-diff-fraction");
    assertThat(json.has("published")).isFalse();
  }

  @Test
  void badInputFilesAreUsageErrorsNamingFileAndLine() throws IOException {
    String bad = write("bad.csv", "id,label,score\nx1,1,0.9\nx2,0,NaN\n");
    assertUsage(compare("--baseline", baseline, "--candidate", bad), bad + " line 3", "finite");
    String dup = write("dup.csv", "x1,1,0.9\nx1,0,0.1\n");
    assertUsage(compare("--baseline", dup, "--candidate", dup), dup + " line 2", "duplicate id");
    String empty = write("empty.csv", "");
    assertUsage(compare("--baseline", empty, "--candidate", rerun), empty + ": no examples");
    String few = write("few.csv", "ex-0,1,0.5\n");
    assertUsage(compare("--baseline", baseline, "--candidate", few), few + ": 9999 id(s)");
    String oneClass = write("one.csv", "a,1,0.5\nb,1,0.7\n");
    assertUsage(compare("--baseline", oneClass, "--candidate", oneClass), "both classes");
    assertUsage(
        compare("--baseline", tmp.resolve("absent.csv").toString(), "--candidate", rerun),
        "no such file");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertUsage(compare("--baseline", baseline), "--candidate");
    assertUsage(
        compare("--baseline", baseline, "--candidate", rerun, "--auc-tolerance", "-1"),
        "AUC tolerance");
    assertUsage(
        compare("--baseline", baseline, "--candidate", rerun, "--max-diff-fraction", "2"),
        "at most 1");
    assertUsage(
        compare("--baseline", baseline, "--candidate", rerun, "--threshold", "NaN"), "--threshold");
    assertUsage(
        compare("--baseline", baseline, "--candidate", rerun, "--score-tolerance", "x"),
        "--score-tolerance");
  }

  String[] publishing(String... more) {
    String[] base = {
      "--baseline",
      baseline,
      "--candidate",
      rerun,
      "--publish",
      "--key",
      key,
      "--baseline-run",
      "run:train_1",
      "--candidate-run",
      "run:train_1_rerun",
      "--bootstrap-servers",
      "localhost:9092"
    };
    return PublishCommandsTest.append(base, more);
  }

  @Test
  void publishingNeedsAllItsOptions() {
    assertUsage(compare("--baseline", baseline, "--candidate", rerun, "--key", key), "--publish");
    assertUsage(
        compare(
            "--baseline",
            baseline,
            "--candidate",
            rerun,
            "--publish",
            "--key",
            key,
            "--baseline-run",
            "run:a",
            "--candidate-run",
            "run:b"),
        "--bootstrap-servers");
    assertUsage(
        compare(
            "--baseline",
            baseline,
            "--candidate",
            rerun,
            "--publish",
            "--key",
            key,
            "--bootstrap-servers",
            "localhost:9092"),
        "--baseline-run");
  }

  @Test
  void runsMustBeTwoDifferentRunIds() {
    String[] args = publishing();
    args[8] = "source:transactions_q1";
    assertUsage(compare(args), "--baseline-run", "is not a run id");
    args[8] = "run:bad id";
    assertUsage(compare(args), "--baseline-run");
    args[8] = "run:train_1_rerun";
    assertUsage(compare(args), "the same run");
    assertUsage(
        compare(publishing("--http", "ftp://x")),
        "--http: expected http://HOST:PORT of a Lineage server, got ftp://x");
    assertUsage(compare(publishing("--topic-prefix", "bad prefix!")), "--topic-prefix");
  }

  @Test
  void helpShowsThePublishingOptions() {
    Run r = compare("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("--baseline", "--candidate", "--auc-tolerance", "--max-diff-fraction")
        .contains("--score-tolerance", "--threshold", "--json", "--publish", "--baseline-run")
        .contains("--candidate-run", "--http", "--bootstrap-servers", "--kafka-config")
        .contains("Exit status: 0 equivalent, 1 not equivalent");
  }

  @Test
  void parsesTheEnvironmentOfANode() {
    String node =
        "{\"id\":\"run:train_1\",\"kind\":\"RUN\",\"processName\":\"trainer\","
            + "\"environment\":{\"cpu.arch\":\"amd64\",\"gpu.count\":\"2\"},"
            + "\"startedAt\":\"2025-03-01T10:00:00Z\"}";
    assertThat(RunEnvironments.parse(node)).contains(Map.of("cpu.arch", "amd64", "gpu.count", "2"));
    assertThat(RunEnvironments.parse("{\"id\":\"run:x\"}")).isEmpty();
    assertThat(RunEnvironments.parse("{\"id\":\"run:x\",\"environment\":null}")).isEmpty();
    assertThat(RunEnvironments.parse("{\"environment\":{}}")).contains(Map.of());
    assertThatThrownBy(() -> RunEnvironments.parse("{\"environment\":{\"gpu.count\":2}}"))
        .hasMessageContaining("gpu.count is not a string");
    assertThatThrownBy(() -> RunEnvironments.parse("{\"environment\":[1]}"))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> RunEnvironments.parse("<html>")).hasMessageContaining("JSON object");
  }

  @Test
  void numbersReadWell() {
    assertThat(CompareCommand.num(0.75)).isEqualTo("0.75");
    assertThat(CompareCommand.num(0.123456789)).isEqualTo("0.123457");
    assertThat(CompareCommand.num(-0.25)).isEqualTo("-0.25");
    assertThat(CompareCommand.num(0)).isEqualTo("0");
    assertThat(CompareCommand.num(1.5e-6)).isEqualTo("1.50000e-06");
  }
}
