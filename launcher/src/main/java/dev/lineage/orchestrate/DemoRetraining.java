package dev.lineage.orchestrate;

import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.seed.SeedScenario;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's retraining, a real and deterministic computation on the seed's data: {@code
 * features_v47} (one CSV row per transaction, its id first) is rebuilt without the rows whose
 * transaction id the request names, and a logistic regression of {@code fraud} on {@code velocity},
 * {@code merchant_risk} and {@code geo_mismatch} is trained on what is left (fixed-step batch
 * gradient descent from zero weights, so the same rows always give the same bytes). The new files
 * take the next names ({@code features_v48}, {@code model_m93}: {@link #successor}). A platform
 * team replaces this class with its own pipeline's steps; see {@link Retraining}.
 */
public final class DemoRetraining implements Retraining {
  static final List<String> FEATURES = List.of("velocity", "merchant_risk", "geo_mismatch");
  static final String LABEL = "fraud";
  static final int ITERATIONS = 400;
  static final double LEARNING_RATE = 0.5;

  static final String REBUILD_CONFIG =
      "process: rebuild_without_records\ninput: features (one row per transaction)\n"
          + "drop: rows whose transaction id the request's record list names\n";
  static final String TRAIN_CONFIG =
      "model: logistic_regression\nfeatures: [velocity, merchant_risk, geo_mismatch]\n"
          + "label: fraud\niterations: "
          + ITERATIONS
          + "\nlearning_rate: "
          + LEARNING_RATE
          + "\n";
  static final String LOCKFILE = "dev.lineage.orchestrate.DemoRetraining 1 (java.base only)\n";

  @Override
  public Result retrain(Job job) throws IOException {
    List<String> kept = new ArrayList<>();
    String header;
    try (InputStream in = job.openAffectedDataset();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      header = r.readLine();
      if (header == null) {
        throw new IOException("the affected dataset " + job.affectedDataset() + " is empty");
      }
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        String key = comma < 0 ? line : line.substring(0, comma);
        if (!job.excluded().contains(key)) {
          kept.add(line);
        }
      }
    }
    String name =
        successor(job.affectedDatasetName() == null ? "dataset" : job.affectedDatasetName());
    Path dataset = job.workDir().resolve(name + ".csv");
    StringBuilder csv = new StringBuilder(header).append('\n');
    kept.forEach(l -> csv.append(l).append('\n'));
    Files.writeString(dataset, csv, StandardCharsets.UTF_8);

    String modelName =
        successor(job.trigger().getModelName() == null ? "model" : job.trigger().getModelName());
    Path model = job.workDir().resolve(modelName + ".txt");
    Files.writeString(
        model, train(header, kept, modelName, Sha256.ofFile(dataset)), StandardCharsets.UTF_8);

    Map<String, String> env = Map.of("cpu.arch", System.getProperty("os.arch"));
    Step rebuild = new Step("rebuild_without_records", "1.0", digest(REBUILD_CONFIG), env);
    Step train = new Step("model_training", "1.0-logreg", digest(TRAIN_CONFIG), env);
    return new Result(
        rebuild,
        dataset,
        name,
        (long) kept.size(),
        train,
        model,
        modelName,
        b ->
            b.codeCommit(SeedScenario.CODE_COMMIT)
                .lockfile(new ArtifactRef("orchestrate.lock", digest(LOCKFILE)))
                .containerImage(SeedScenario.TRAINER_IMAGE)
                .seed("global", 0)
                .library("java.base", Runtime.version().feature() + "")
                .hardware(
                    new HardwareFingerprint(
                        System.getProperty("os.arch"),
                        "demo CPU",
                        Runtime.getRuntime().availableProcessors(),
                        null,
                        0)));
  }

  /**
   * The name of what replaces {@code name}: the seed's names end in their number ({@code
   * features_v47}, {@code model_m92}), so the next number ({@code features_v48}, {@code
   * model_m93}), keeping its width; otherwise {@code name_retrained}. A new name, so {@code
   * name:model_m92} keeps naming the model the gate now refuses as superseded, and the new one is
   * found by its own.
   */
  static String successor(String name) {
    Matcher m = TRAILING_NUMBER.matcher(name);
    if (!m.matches()) {
      return name + "_retrained";
    }
    String digits = m.group(2);
    String next = new java.math.BigInteger(digits).add(java.math.BigInteger.ONE).toString();
    while (next.length() < digits.length()) {
      next = "0" + next;
    }
    return m.group(1) + next;
  }

  private static final Pattern TRAILING_NUMBER = Pattern.compile("(.*?)(\\d+)");

  /**
   * The model file: the weights of a logistic regression trained on {@code rows}, its training
   * accuracy and the digest of the data it was trained on, as text.
   */
  static String train(String header, List<String> rows, String modelName, Digest data)
      throws IOException {
    List<String> columns = Arrays.asList(header.split(",", -1));
    int[] at = new int[FEATURES.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = columns.indexOf(FEATURES.get(i));
    }
    int label = columns.indexOf(LABEL);
    if (label < 0 || Arrays.stream(at).anyMatch(i -> i < 0)) {
      throw new IOException(
          "not the demo's features: the header must name " + FEATURES + " and " + LABEL);
    }
    int n = rows.size();
    double[][] x = new double[n][at.length];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      String[] cells = rows.get(r).split(",", -1);
      try {
        for (int i = 0; i < at.length; i++) {
          x[r][i] = Double.parseDouble(cells[at[i]]);
        }
        y[r] = Double.parseDouble(cells[label]);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new IOException("row " + (r + 2) + " of the dataset is not numeric where it must be");
      }
    }
    double[] w = new double[at.length + 1];
    for (int it = 0; it < ITERATIONS && n > 0; it++) {
      double[] grad = new double[w.length];
      for (int r = 0; r < n; r++) {
        double err = predict(w, x[r]) - y[r];
        grad[0] += err;
        for (int i = 0; i < at.length; i++) {
          grad[i + 1] += err * x[r][i];
        }
      }
      for (int i = 0; i < w.length; i++) {
        w[i] -= LEARNING_RATE * grad[i] / n;
      }
    }
    int correct = 0;
    for (int r = 0; r < n; r++) {
      if ((predict(w, x[r]) >= 0.5) == (y[r] >= 0.5)) {
        correct++;
      }
    }
    StringBuilder s = new StringBuilder();
    s.append(modelName)
        .append(": logistic regression of ")
        .append(LABEL)
        .append(" on ")
        .append(String.join(", ", FEATURES))
        .append('\n');
    s.append("trained on ").append(n).append(" rows of ").append(data).append('\n');
    s.append(String.format(Locale.ROOT, "bias %.6f", w[0])).append('\n');
    for (int i = 0; i < at.length; i++) {
      s.append(String.format(Locale.ROOT, "%s %.6f", FEATURES.get(i), w[i + 1])).append('\n');
    }
    s.append("training accuracy ").append(correct).append('/').append(n).append('\n');
    return s.toString();
  }

  private static double predict(double[] w, double[] x) {
    double z = w[0];
    for (int i = 0; i < x.length; i++) {
      z += w[i + 1] * x[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  private static Digest digest(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
