package dev.lineage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.access.ApiToken;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.compare.Comparison;
import dev.lineage.compare.ScoreDiffs;
import dev.lineage.compare.ScoreFile;
import dev.lineage.compare.Tolerances;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.NodeId;
import dev.lineage.publish.Events;
import dev.lineage.publish.PublishResult;
import dev.lineage.signing.Signer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lineage compare}: is a rerun equivalent to its baseline on the same held-out examples. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Judge a rerun against its baseline on the same held-out examples.",
      "Reads two CSV files of id,label,score (optional header id,label,score; label 0 or 1),"
          + " matched by id. Reports both AUCs (ties count 1/2), their difference, the fraction of"
          + " examples whose decision (score >= --threshold) differs, and the absolute score"
          + " differences (mean, max, p50, p99), then the verdict.",
      "With --publish, also signs an EquivalenceAttested event, published whatever the verdict,"
          + " with both files' digests and both runs' hardware (from --http).",
      "Exit status: 0 equivalent, 1 not equivalent (or the work failed), 2 bad input."
    })
public final class CompareCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;

  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "A.csv",
      description = "Scores of the baseline run.")
  Path baseline;

  @Option(
      names = "--candidate",
      required = true,
      paramLabel = "B.csv",
      description = "Scores of the rerun, for the same ids.")
  Path candidate;

  @Option(
      names = "--auc-tolerance",
      paramLabel = "X",
      defaultValue = "0.01",
      description = "Largest accepted |AUC difference| (default: ${DEFAULT-VALUE}).")
  double aucTolerance;

  @Option(
      names = "--max-diff-fraction",
      paramLabel = "F",
      defaultValue = "0.005",
      description =
          "Largest accepted fraction of examples decided differently (default: ${DEFAULT-VALUE}).")
  double maxDiffFraction;

  @Option(
      names = "--score-tolerance",
      paramLabel = "X",
      description = "Largest accepted |score difference| of any example (default: not checked).")
  Double scoreTolerance;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      defaultValue = "0.5",
      description = "Scores at or above it are decided positive (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @ArgGroup(
      exclusive = false,
      heading =
          "%nPublishing a signed attestation (--publish with --key, --baseline-run,"
              + " --candidate-run and --bootstrap-servers):%n")
  Publish publish;

  /** All or nothing: publishing needs a key, both runs and a cluster. */
  static final class Publish {
    @Option(
        names = "--publish",
        required = true,
        description = "Publish an EquivalenceAttested event on the runs topic.")
    boolean publish;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "PEM private key of a PRODUCER.")
    Path key;

    @Option(
        names = "--baseline-run",
        required = true,
        paramLabel = "run:ID",
        description = "The run that wrote --baseline.")
    String baselineRun;

    @Option(
        names = "--candidate-run",
        required = true,
        paramLabel = "run:ID",
        description = "The rerun that wrote --candidate (the record key).")
    String candidateRun;

    @Option(
        names = "--http",
        paramLabel = "URL",
        description =
            "Lineage server to read both runs' hardware fingerprints from (without it, they"
                + " are published empty).")
    String http;

    @Option(
        names = "--api-token-file",
        paramLabel = "FILE",
        description =
            "The bearer token of a --http server that requires one (default: the file environment "
                + ApiToken.ENV
                + " names).")
    Path apiTokenFile;

    @ArgGroup(exclusive = false, multiplicity = "1")
    KafkaOptions kafka;
  }

  @Override
  public Integer call() throws Exception {
    Tolerances tolerances;
    try {
      tolerances =
          new Tolerances(
              aucTolerance,
              maxDiffFraction,
              scoreTolerance == null ? OptionalDouble.empty() : OptionalDouble.of(scoreTolerance));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (!Double.isFinite(threshold)) {
      throw new ParameterException(
          spec.commandLine(), "--threshold must be a finite number, got " + threshold);
    }
    Signer signer = null;
    URI http = null;
    Optional<ApiToken> token = Optional.empty();
    if (publish != null) {
      runId("--baseline-run", publish.baselineRun);
      runId("--candidate-run", publish.candidateRun);
      if (publish.baselineRun.equals(publish.candidateRun)) {
        throw new ParameterException(
            spec.commandLine(), "--baseline-run and --candidate-run are the same run");
      }
      if (publish.http != null) {
        try {
          http = LineageHttp.baseUrl(publish.http, "http://HOST:PORT of a Lineage server");
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage(), e);
        }
        try {
          token = ApiToken.fromOptionOrEnv(publish.apiTokenFile, System.getenv());
        } catch (IllegalArgumentException e) {
          throw new ParameterException(
              spec.commandLine(), "--api-token-file: " + e.getMessage(), e);
        }
      }
      signer = Signer.fromPrivateKeyFile(publish.key);
    }

    InputFiles.check(spec, "--baseline", baseline);
    InputFiles.check(spec, "--candidate", candidate);
    ScoreFile[] files = readBoth(baseline, candidate);
    ScoreFile a = files[0];
    ScoreFile b = files[1];
    Comparison comparison = Comparison.of(a, b, threshold, tolerances);

    PublishResult<EquivalenceAttested> published = null;
    if (publish != null) {
      Map<String, String> baselineHardware = hardware(http, token, publish.baselineRun);
      Map<String, String> candidateHardware = hardware(http, token, publish.candidateRun);
      EquivalenceAttested event =
          KafkaOptions.event(
              spec,
              () ->
                  Events.equivalence(publish.baselineRun, publish.candidateRun)
                      .outputs(a.digest(), b.digest())
                      .comparison(comparison)
                      .baselineHardware(baselineHardware)
                      .candidateHardware(candidateHardware)
                      .build());
      published = publish.kafka.send(spec, signer, client -> client.attestEquivalence(event));
    }

    var out = spec.commandLine().getOut();
    out.print(json ? json(a, b, comparison, published) : text(a, b, comparison, published));
    out.flush();
    return comparison.equivalent() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  /**
   * Reads the two files at once (the machine has cores to spare); an error in the baseline is
   * reported before one in the candidate, as if read one after the other.
   */
  static ScoreFile[] readBoth(Path baseline, Path candidate)
      throws IOException, InterruptedException {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "read-candidate");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<ScoreFile> other = pool.submit(() -> ScoreFile.read(candidate));
      ScoreFile first = ScoreFile.read(baseline);
      try {
        return new ScoreFile[] {first, other.get()};
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void runId(String option, String text) {
    try {
      if (NodeId.parse(text).kind() == NodeId.Kind.RUN) {
        return;
      }
    } catch (InvalidIdException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage(), e);
    }
    throw new ParameterException(
        spec.commandLine(), option + " '" + text + "' is not a run id: give run:<id>");
  }

  private Map<String, String> hardware(URI http, Optional<ApiToken> token, String runId)
      throws InterruptedException {
    var err = spec.commandLine().getErr();
    if (http == null) {
      err.println("note: no --http: the hardware of " + runId + " is published as unknown (empty)");
      err.flush();
      return Map.of();
    }
    Optional<Map<String, String>> env =
        new RunEnvironments(
                http, Duration.ofSeconds(Math.max(1, publish.kafka.timeoutSeconds)), token)
            .of(runId);
    if (env.isEmpty()) {
      err.println(
          "note: "
              + runId
              + " has no environment on record at "
              + http
              + ": its hardware is published as unknown (empty)");
      err.flush();
    }
    return env.orElse(Map.of());
  }

  static String text(
      ScoreFile a, ScoreFile b, Comparison c, PublishResult<EquivalenceAttested> published) {
    Tolerances t = c.tolerances();
    ScoreDiffs d = c.scoreDiffs();
    StringBuilder s = new StringBuilder();
    line(s, "examples", c.examples() + " matched by id");
    line(s, "baseline AUC", num(c.baselineAuc()) + "  " + a.name() + " " + a.digest());
    line(s, "candidate AUC", num(c.candidateAuc()) + "  " + b.name() + " " + b.digest());
    line(s, "AUC difference", num(c.aucDifference()) + "  tolerance " + num(t.auc()));
    line(
        s,
        "decisions differ",
        c.decisionsDiffering()
            + " of "
            + c.examples()
            + " = "
            + num(c.decisionDiffFraction())
            + "  tolerance "
            + num(t.maxDiffFraction())
            + " (threshold "
            + num(c.threshold())
            + ")");
    line(
        s,
        "|score difference|",
        "mean "
            + num(d.meanAbs())
            + "  max "
            + num(d.maxAbs())
            + "  p50 "
            + num(d.p50Abs())
            + "  p99 "
            + num(d.p99Abs())
            + "  tolerance "
            + (t.score().isPresent() ? num(t.score().getAsDouble()) : "none"));
    line(
        s,
        "verdict",
        c.equivalent()
            ? "equivalent"
            : "NOT equivalent: "
                + c.failures().stream()
                    .map(f -> f.tolerance() + " " + num(f.figure()) + " > " + num(f.limit()))
                    .collect(Collectors.joining("; ")));
    if (published != null) {
      line(s, "attestation", KafkaOptions.published(published));
    }
    return s.toString();
  }

  static String json(
      ScoreFile a, ScoreFile b, Comparison c, PublishResult<EquivalenceAttested> published)
      throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("examples", c.examples());
    ObjectNode base = root.putObject("baseline");
    base.put("file", a.name());
    base.put("digest", a.digest().toString());
    base.put("auc", c.baselineAuc());
    ObjectNode cand = root.putObject("candidate");
    cand.put("file", b.name());
    cand.put("digest", b.digest().toString());
    cand.put("auc", c.candidateAuc());
    root.put("aucDifference", c.aucDifference());
    root.put("threshold", c.threshold());
    root.put("decisionsDiffering", c.decisionsDiffering());
    root.put("decisionDiffFraction", c.decisionDiffFraction());
    ObjectNode diffs = root.putObject("absScoreDiff");
    diffs.put("mean", c.scoreDiffs().meanAbs());
    diffs.put("max", c.scoreDiffs().maxAbs());
    diffs.put("p50", c.scoreDiffs().p50Abs());
    diffs.put("p99", c.scoreDiffs().p99Abs());
    ObjectNode tol = root.putObject("tolerances");
    tol.put("auc", c.tolerances().auc());
    tol.put("maxDiffFraction", c.tolerances().maxDiffFraction());
    if (c.tolerances().score().isPresent()) {
      tol.put("score", c.tolerances().score().getAsDouble());
    } else {
      tol.putNull("score");
    }
    root.put("equivalent", c.equivalent());
    var failures = root.putArray("failures");
    for (Comparison.Failure f : c.failures()) {
      ObjectNode o = failures.addObject();
      o.put("tolerance", f.tolerance());
      o.put("figure", f.figure());
      o.put("limit", f.limit());
    }
    if (published != null) {
      ObjectNode p = root.putObject("published");
      p.put("topic", published.topic());
      p.put("partition", published.partition());
      p.put("offset", published.offset());
      p.put("key", published.key());
      p.put("envelope", published.envelopeDigest().toString());
    }
    return JSON.writeValueAsString(root) + System.lineSeparator();
  }

  private static void line(StringBuilder s, String label, String value) {
    s.append(String.format("%-20s%s%n", label, value));
  }

  /** Six significant digits, no exponent for ordinary sizes: enough to read, not to recompute. */
  static String num(double x) {
    if (x == 0) {
      return "0";
    }
    double abs = Math.abs(x);
    if (abs >= 1e-4 && abs < 1e7) {
      return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    return String.format("%.5e", x);
  }
}
