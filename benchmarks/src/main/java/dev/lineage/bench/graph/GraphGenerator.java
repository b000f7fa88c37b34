package dev.lineage.bench.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a bipartite lineage graph of exactly {@code nodes} nodes, the same one for the same
 * {@code (nodes, seed)}.
 *
 * <p>The graph grows in time order, one step at a time. A step adds either a live source or one run
 * with its inputs and outputs:
 *
 * <ul>
 *   <li>{@code ingest} runs read 1–2 sources and write 1–3 {@code DATASET}s;
 *   <li>{@code features} runs read 2–6 datasets and write 1 derived {@code DATASET} (so dataset
 *       chains grow as deep as the history allows);
 *   <li>{@code train} runs read 2–5 datasets and write 1 {@code MODEL};
 *   <li>{@code score} runs read 1 model and 1–4 datasets and write 1–2 {@code PREDICTIONS}.
 * </ul>
 *
 * Every edge joins an artifact and a run (artifact → run for an input, run → artifact for an
 * output), as in the lineage design. Inputs are chosen by preferential attachment: an artifact's
 * chance of being picked is proportional to one plus the number of times it has already been
 * picked, so reuse is heavy-tailed (a few datasets feed tens of thousands of runs, most feed none
 * or one). The parameters give about two edges per node; docs/benchmarks-closure.md lists the
 * counts measured for a million nodes.
 */
public final class GraphGenerator {
  public static final int DEFAULT_NODES = 1_000_000;
  public static final long DEFAULT_SEED = 42L;

  public static final String SOURCE = "SOURCE";
  public static final String DATASET = "DATASET";
  public static final String MODEL = "MODEL";
  public static final String PREDICTIONS = "PREDICTIONS";
  public static final String RUN = "RUN";

  /**
   * What one kind of run reads and writes: {@code inputs} artifacts of {@code inputKind} (plus
   * {@code modelInputs} models), {@code outputs} artifacts of {@code outputKind}, under one of
   * {@code processes} process names.
   */
  private record RunShape(
      String process,
      int processes,
      String inputKind,
      int minInputs,
      int maxInputs,
      int modelInputs,
      int minOutputs,
      int maxOutputs,
      String outputKind) {}

  private static final RunShape INGEST = new RunShape("ingest", 40, SOURCE, 1, 2, 0, 1, 3, DATASET);
  private static final RunShape FEATURES =
      new RunShape("features", 200, DATASET, 2, 6, 0, 1, 1, DATASET);
  private static final RunShape TRAIN = new RunShape("train", 100, DATASET, 2, 5, 0, 1, 1, MODEL);
  private static final RunShape SCORE =
      new RunShape("score", 100, DATASET, 1, 4, 1, 1, 2, PREDICTIONS);

  /** Share of steps per kind, in per mille: sources, ingest, features, train, score. */
  private static final int[] STEP_WEIGHTS = {30, 70, 200, 150, 550};

  private enum Step {
    SOURCE,
    INGEST,
    FEATURES,
    TRAIN,
    SCORE
  }

  private final int nodes;
  private final long seed;
  private final SplittableRandom random;
  private final LineageGraph.Builder graph = LineageGraph.builder();
  private final Urn sources = new Urn();
  private final Urn datasets = new Urn();
  private final Urn models = new Urn();
  private final MessageDigest sha256;
  private long artifactCounter;
  private int sourceCounter;
  private int runCounter;

  private GraphGenerator(int nodes, long seed) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
    }
    this.nodes = nodes;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  public static LineageGraph generate(int nodes, long seed) {
    return new GraphGenerator(nodes, seed).run();
  }

  private LineageGraph run() {
    while (graph.size() < nodes) {
      int remaining = nodes - graph.size();
      Step step = feasible(drawStep());
      // a run needs room for itself and one output; the last node or two become sources
      if (step == Step.SOURCE || remaining < 2) {
        addSource();
        continue;
      }
      addRun(
          switch (step) {
            case INGEST -> INGEST;
            case FEATURES -> FEATURES;
            case TRAIN -> TRAIN;
            default -> SCORE;
          },
          remaining);
    }
    return graph.build();
  }

  private Step drawStep() {
    int r = random.nextInt(1000);
    Step[] steps = Step.values();
    for (int i = 0; i < steps.length; i++) {
      r -= STEP_WEIGHTS[i];
      if (r < 0) {
        return steps[i];
      }
    }
    return Step.SCORE;
  }

  /** Falls back to the step that feeds an empty pool, so early history fills itself in. */
  private Step feasible(Step step) {
    Step s = step;
    if (s == Step.SCORE && models.isEmpty()) {
      s = Step.TRAIN;
    }
    if ((s == Step.TRAIN || s == Step.FEATURES || s == Step.SCORE) && datasets.isEmpty()) {
      s = Step.INGEST;
    }
    if (s == Step.INGEST && sources.isEmpty()) {
      s = Step.SOURCE;
    }
    return s;
  }

  private void addSource() {
    String name = "src_" + padded(sourceCounter++, 7);
    int node = graph.node("source:" + name, SOURCE, name, null);
    sources.add(node);
  }

  private void addRun(RunShape shape, int remaining) {
    String processName = shape.process() + "_" + padded(random.nextInt(shape.processes()), 3);
    // versions move on as history grows, so a bug report's version range selects a time span
    String version = "1." + (long) graph.size() * 20 / nodes;
    String id = "run:" + shape.process() + "-" + padded(runCounter++, 7);
    int run = graph.node(id, RUN, processName, version);
    pickInputs(run, urnOf(shape.inputKind()), between(shape.minInputs(), shape.maxInputs()));
    if (shape.modelInputs() > 0) {
      pickInputs(run, models, shape.modelInputs());
    }
    int outputs = Math.min(between(shape.minOutputs(), shape.maxOutputs()), remaining - 1);
    for (int i = 0; i < outputs; i++) {
      int artifact = addArtifact(shape.outputKind());
      graph.edge(run, artifact);
      if (!PREDICTIONS.equals(shape.outputKind())) {
        // predictions are leaves: nothing in this shape reads them
        urnOf(shape.outputKind()).add(artifact);
      }
    }
  }

  private Urn urnOf(String kind) {
    return switch (kind) {
      case SOURCE -> sources;
      case DATASET -> datasets;
      case MODEL -> models;
      default -> throw new IllegalArgumentException("no run reads " + kind);
    };
  }

  /** Picks {@code count} distinct inputs (fewer if the pool is that small) and links them. */
  private void pickInputs(int run, Urn pool, int count) {
    int[] chosen = new int[count];
    int found = 0;
    // bounded: a tiny pool may not hold `count` distinct artifacts
    for (int attempt = 0; attempt < 4 * count && found < count; attempt++) {
      int candidate = pool.draw(random);
      boolean repeat = false;
      for (int i = 0; i < found; i++) {
        repeat |= chosen[i] == candidate;
      }
      if (!repeat) {
        chosen[found++] = candidate;
      }
    }
    for (int i = 0; i < found; i++) {
      graph.edge(chosen[i], run);
      pool.add(chosen[i]);
    }
  }

  private int addArtifact(String kind) {
    long n = artifactCounter++;
    String name = kind.toLowerCase(Locale.ROOT) + "_" + padded(n, 7);
    return graph.node("sha256:" + digestHex(n), kind, name, null);
  }

  /** The 64-hex digest of a counter: stable for (seed, counter), distinct for distinct counters. */
  private String digestHex(long counter) {
    byte[] text = ("lineage-bench/" + seed + "/" + counter).getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(sha256.digest(text));
  }

  /** Zero-padded decimal, so ids sort in creation order (String.format is the slow part here). */
  private static String padded(long value, int width) {
    String digits = Long.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  private int between(int min, int max) {
    return min == max ? min : min + random.nextInt(max - min + 1);
  }

  /**
   * Every artifact once, plus once more per time it has been picked: a uniform draw from the urn is
   * preferential attachment.
   */
  private static final class Urn {
    private int[] items = new int[1024];
    private int size;

    void add(int node) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = node;
    }

    int draw(SplittableRandom random) {
      return items[random.nextInt(size)];
    }

    boolean isEmpty() {
      return size == 0;
    }
  }
}
