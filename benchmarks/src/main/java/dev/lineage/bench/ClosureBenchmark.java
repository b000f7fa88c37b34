package dev.lineage.bench;

import dev.lineage.bench.closure.ClosureClient;
import dev.lineage.bench.closure.ClosureSelector;
import dev.lineage.bench.closure.ClosureTimer;
import dev.lineage.bench.closure.ConcurrencyRun;
import dev.lineage.bench.closure.HttpClosureClient;
import dev.lineage.bench.closure.InMemoryClosureClient;
import dev.lineage.bench.closure.PostgresClosureClient;
import dev.lineage.bench.closure.PostgresEdgeTable;
import dev.lineage.bench.closure.ResultTable;
import dev.lineage.bench.closure.SystemRun;
import dev.lineage.bench.graph.GraphCsv;
import dev.lineage.bench.graph.GraphGenerator;
import dev.lineage.bench.graph.GraphShape;
import dev.lineage.bench.graph.LineageGraph;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The closure-latency benchmark's command line: {@code generate} writes a lineage graph as CSV,
 * {@code run} times downstream closures on it with PostgreSQL, Lineage's HTTP API (when given) and
 * an in-memory BFS, and prints a markdown report on standard output (progress on standard error).
 */
@Command(
    name = "closure-benchmark",
    mixinStandardHelpOptions = true,
    subcommands = {ClosureBenchmark.Generate.class, ClosureBenchmark.Run.class},
    description =
        "Downstream closure latency: PostgreSQL WITH RECURSIVE vs Lineage vs in-memory BFS.")
public final class ClosureBenchmark {

  public static void main(String[] args) {
    System.exit(new CommandLine(new ClosureBenchmark()).execute(args));
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[closure-bench] " + format + "%n", args);
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Writes a generated lineage graph as <out>/edges.csv and <out>/nodes.csv.")
  static final class Generate implements Callable<Integer> {
    @Option(names = "--nodes", description = "total nodes (default ${DEFAULT-VALUE})")
    int nodes = GraphGenerator.DEFAULT_NODES;

    @Option(names = "--seed", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed = GraphGenerator.DEFAULT_SEED;

    @Option(names = "--out", required = true, description = "directory for the CSV files")
    Path out;

    @Override
    public Integer call() throws Exception {
      long t0 = System.nanoTime();
      LineageGraph graph = GraphGenerator.generate(nodes, seed);
      Files.createDirectories(out);
      GraphCsv.writeEdges(graph, out.resolve("edges.csv"));
      GraphCsv.writeNodes(graph, out.resolve("nodes.csv"));
      progress(
          "generated %,d nodes and %,d edges (seed %d) into %s in %.1f s",
          graph.size(), graph.edgeCount(), seed, out, (System.nanoTime() - t0) / 1e9);
      System.out.print(GraphShape.describe(graph));
      return 0;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Times downstream closures of chosen starts and prints a markdown report.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--edges-csv", required = true, description = "edge list, lines `from,to`")
    Path edgesCsv;

    @Option(
        names = "--nodes-csv",
        description = "node table `id,kind,name,version`; without it kinds come from id prefixes")
    Path nodesCsv;

    @Option(
        names = "--jdbc-url",
        description =
            "PostgreSQL to compare with, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"
                + " (its table `edges` is replaced)")
    String jdbcUrl;

    @Option(
        names = "--no-load",
        description = "use the `edges` table already in the database instead of loading it")
    boolean noLoad;

    @Option(
        names = "--lineage-url",
        description = "Lineage HTTP API base, e.g. http://127.0.0.1:8080, holding the same graph")
    URI lineageUrl;

    @Option(
        names = "--targets",
        split = ",",
        description = "closure sizes to aim at (default ${DEFAULT-VALUE})")
    int[] targets = {10, 1_000, 10_000, 100_000};

    @Option(
        names = "--tolerance",
        description = "a start is kept within target × (1 ± tolerance) (default ${DEFAULT-VALUE})")
    double tolerance = 0.2;

    @Option(names = "--per-class", description = "starts per size class (default ${DEFAULT-VALUE})")
    int perClass = 5;

    @Option(
        names = "--selection-seed",
        description = "order in which candidate starts are examined (default ${DEFAULT-VALUE})")
    long selectionSeed = 7L;

    @Option(names = "--warmup", description = "untimed calls per start (default ${DEFAULT-VALUE})")
    int warmup = 3;

    @Option(
        names = "--class-warmup-seconds",
        description =
            "untimed calls on a size class's starts, round-robin, for at least this long (and at"
                + " least once each) before its timed calls, the same for every system: the"
                + " client's and the server's code for that answer size is then compiled, not"
                + " interpreted (default ${DEFAULT-VALUE})")
    double classWarmupSeconds = 2;

    @Option(
        names = "--reps",
        description = "timed calls per start, PostgreSQL and HTTP (default ${DEFAULT-VALUE})")
    int reps = 20;

    @Option(
        names = "--bfs-reps",
        description = "timed calls per start for the in-memory BFS (default ${DEFAULT-VALUE})")
    int bfsReps = 200;

    @Option(
        names = "--bfs-warmup",
        description = "untimed in-memory calls per start, for the JIT (default ${DEFAULT-VALUE})")
    int bfsWarmup = 100;

    @Option(
        names = "--concurrency",
        split = ",",
        description =
            "also run closed loops at these numbers of connections per system (e.g. 1,8,64), on"
                + " the first start of the --concurrency-target class")
    int[] concurrency = {};

    @Option(
        names = "--concurrency-target",
        description = "the size class whose first start the loops ask (default ${DEFAULT-VALUE})")
    int concurrencyTarget = 10;

    @Option(
        names = "--concurrency-seconds",
        description = "measured seconds per loop (default ${DEFAULT-VALUE})")
    double concurrencySeconds = 10;

    @Option(
        names = "--concurrency-warmup",
        description = "unmeasured seconds before each loop (default ${DEFAULT-VALUE})")
    double concurrencyWarmup = 2;

    private String plan;

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      long t0 = System.nanoTime();
      LineageGraph graph = GraphCsv.read(nodesCsv, edgesCsv);
      progress(
          "read %,d nodes and %,d edges in %.1f s",
          graph.size(), graph.edgeCount(), (System.nanoTime() - t0) / 1e9);

      t0 = System.nanoTime();
      ClosureSelector.Options options =
          new ClosureSelector.Options(
              tolerance,
              perClass,
              ClosureSelector.Options.defaults().maxCandidates(),
              ClosureSelector.Options.defaults().maxWork(),
              selectionSeed);
      ClosureSelector.Selection selection = ClosureSelector.select(graph, targets, options);
      progress(
          "examined %,d of %,d candidate starts in %.1f s",
          selection.examined(), selection.candidates(), (System.nanoTime() - t0) / 1e9);
      List<ClosureSelector.SizeClass> classes = selection.classes();

      List<SystemRun> systems = new ArrayList<>();
      Map<String, String> facts = new LinkedHashMap<>();
      if (jdbcUrl != null) {
        systems.add(postgres(graph, classes, facts));
      }
      if (lineageUrl != null) {
        try (HttpClosureClient http = HttpClosureClient.overSocket(lineageUrl)) {
          facts.put("Lineage", lineageUrl.toString());
          systems.add(time("Lineage HTTP", false, http, classes, warmup, reps, classWarmupSeconds));
        }
      }
      try (InMemoryClosureClient bfs = new InMemoryClosureClient(graph)) {
        systems.add(
            time("in-memory BFS", false, bfs, classes, bfsWarmup, bfsReps, classWarmupSeconds));
      }

      out.println("## Closure latency run, finished " + now());
      out.println();
      out.println("Graph `" + edgesCsv + "`" + (nodesCsv == null ? "" : " + `" + nodesCsv + "`"));
      out.println();
      out.print(GraphShape.describe(graph));
      out.println();
      out.printf(
          Locale.ROOT,
          "Starts: nodes that are not runs, examined in a seeded order (seed %d, %,d of %,d"
              + " examined); per target the %d nearest within ±%.0f%%. Timings: each class first"
              + " warmed for %.1f s (its starts round-robin, untimed, every system alike), then %d"
              + " warm-up + %d"
              + " timed calls per start for PostgreSQL%s, %d + %d for the in-memory BFS;"
              + " medians and nearest-rank p99 over all timed calls of a class.%n",
          selectionSeed,
          selection.examined(),
          selection.candidates(),
          perClass,
          tolerance * 100,
          classWarmupSeconds,
          warmup,
          reps,
          lineageUrl == null ? "" : " and Lineage HTTP",
          bfsWarmup,
          bfsReps);
      for (Map.Entry<String, String> f : facts.entrySet()) {
        out.println("- " + f.getKey() + ": " + f.getValue());
      }
      out.println();
      out.println("### By size class");
      out.println();
      out.print(ResultTable.bySizeClass(classes, systems));
      out.println();
      out.println("### By start");
      out.println();
      out.print(ResultTable.byStart(classes, systems));
      if (plan != null) {
        out.println();
        out.println("### PostgreSQL's plan");
        out.println();
        out.print(plan);
      }
      if (concurrency.length > 0) {
        out.println();
        out.print(concurrencyRuns(classes));
      }
      List<String> mismatches = ResultTable.mismatches(classes, systems);
      out.println();
      if (mismatches.isEmpty()) {
        out.println("Every system's answer equals the reference closure size for every start.");
        return 0;
      }
      out.println("### Answers that differ from the reference closure size");
      out.println();
      mismatches.forEach(m -> out.println("- " + m));
      return 1;
    }

    private SystemRun postgres(
        LineageGraph graph, List<ClosureSelector.SizeClass> classes, Map<String, String> facts)
        throws Exception {
      Connection connection = DriverManager.getConnection(jdbcUrl);
      facts.put("PostgreSQL", PostgresEdgeTable.serverVersion(connection));
      if (!noLoad) {
        progress("loading %,d edges into PostgreSQL", graph.edgeCount());
        PostgresEdgeTable.LoadTimes load = PostgresEdgeTable.load(connection, graph);
        progress(
            "COPY %,d rows %.1f s, indexes %.1f s, VACUUM ANALYZE %.1f s",
            load.rows(),
            load.copyMillis() / 1e3,
            load.indexMillis() / 1e3,
            load.analyzeMillis() / 1e3);
        facts.put(
            "PostgreSQL load",
            String.format(
                Locale.ROOT,
                "COPY of %,d rows %.1f s, indexes (src, dst) and (dst) %.1f s, VACUUM ANALYZE"
                    + " %.1f s",
                load.rows(),
                load.copyMillis() / 1e3,
                load.indexMillis() / 1e3,
                load.analyzeMillis() / 1e3));
      }
      String largest = null;
      for (ClosureSelector.SizeClass sc : classes) {
        for (ClosureSelector.Start s : sc.starts()) {
          largest = s.id();
        }
      }
      if (largest != null) {
        plan =
            "`EXPLAIN` for `"
                + largest
                + "`:\n\n```\n"
                + PostgresEdgeTable.explain(connection, largest)
                + "```\n";
      }
      try (PostgresClosureClient pg = new PostgresClosureClient(connection)) {
        return time("PostgreSQL", true, pg, classes, warmup, reps, classWarmupSeconds);
      }
    }

    private static SystemRun time(
        String name,
        boolean countsStartOnCycle,
        ClosureClient client,
        List<ClosureSelector.SizeClass> classes,
        int warmup,
        int reps,
        double classWarmupSeconds) {
      Map<String, ClosureTimer.Timed> byStart = new LinkedHashMap<>();
      for (ClosureSelector.SizeClass sc : classes) {
        long t0 = System.nanoTime();
        int warmupCalls = ClosureTimer.warmClass(client, sc.starts(), classWarmupSeconds);
        long warmed = System.nanoTime();
        for (ClosureSelector.Start s : sc.starts()) {
          byStart.put(s.id(), ClosureTimer.time(client, s.id(), warmup, reps));
        }
        progress(
            "%s: %d starts near %,d warmed by %,d calls in %.1f s, timed in %.1f s",
            name,
            sc.starts().size(),
            sc.target(),
            warmupCalls,
            (warmed - t0) / 1e9,
            (System.nanoTime() - warmed) / 1e9);
      }
      return new SystemRun(name, countsStartOnCycle, byStart);
    }

    /** Closed loops at each concurrency, PostgreSQL and Lineage in turn, as a markdown section. */
    private String concurrencyRuns(List<ClosureSelector.SizeClass> classes) throws Exception {
      ClosureSelector.Start start =
          classes.stream()
              .filter(c -> c.target() == concurrencyTarget && !c.starts().isEmpty())
              .map(c -> c.starts().get(0))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no start in the class of --concurrency-target " + concurrencyTarget));
      List<ConcurrencyRun.Result> results = new ArrayList<>();
      for (int connections : concurrency) {
        if (jdbcUrl != null) {
          long expected = start.closureSize() + (start.onCycle() ? 1 : 0);
          results.add(
              ConcurrencyRun.run(
                  "PostgreSQL",
                  () -> {
                    try {
                      return new PostgresClosureClient(DriverManager.getConnection(jdbcUrl));
                    } catch (java.sql.SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  },
                  start.id(),
                  expected,
                  connections,
                  concurrencyWarmup,
                  concurrencySeconds));
          progress("PostgreSQL at %d connections done", connections);
        }
        if (lineageUrl != null) {
          results.add(
              ConcurrencyRun.run(
                  "Lineage HTTP",
                  () -> HttpClosureClient.overSocket(lineageUrl),
                  start.id(),
                  start.closureSize(),
                  connections,
                  concurrencyWarmup,
                  concurrencySeconds));
          progress("Lineage HTTP at %d connections done", connections);
        }
      }
      return String.format(
              Locale.ROOT,
              "### Under concurrency%n%nClosed loops on `%s` (closure %,d): each connection asks"
                  + " again as soon as it is answered, %.0f s of warm-up then %.0f s measured;"
                  + " every answer checked against the reference size; nearest-rank"
                  + " percentiles; load average at the end: %s.%n%n",
              start.id(),
              start.closureSize(),
              concurrencyWarmup,
              concurrencySeconds,
              loadAverage())
          + ConcurrencyRun.table(results);
    }

    private static String loadAverage() {
      try {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
      } catch (java.io.IOException | RuntimeException e) {
        return "unknown";
      }
    }

    private static String now() {
      return OffsetDateTime.now(ZoneOffset.UTC)
          .withNano(0)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
  }
}
