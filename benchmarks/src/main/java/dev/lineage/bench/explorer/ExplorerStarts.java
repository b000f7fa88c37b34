package dev.lineage.bench.explorer;

import dev.lineage.bench.closure.ClosureSelector;
import dev.lineage.bench.graph.GraphCsv;
import dev.lineage.bench.graph.LineageGraph;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The nodes the explorer benchmark opens: starts whose downstream closure is near a target size,
 * chosen from the generated graph exactly as the closure benchmark chooses them ({@link
 * ClosureSelector}, same seed), printed one per line as {@code <id> <kind> <closure size>}.
 */
@Command(
    name = "explorer-starts",
    mixinStandardHelpOptions = true,
    description = "Prints start nodes whose downstream closure is near --target nodes.")
public final class ExplorerStarts implements Callable<Integer> {
  @Option(names = "--nodes-csv", required = true)
  Path nodesCsv;

  @Option(names = "--edges-csv", required = true)
  Path edgesCsv;

  @Option(names = "--target", description = "closure size (default ${DEFAULT-VALUE})")
  int target = 100_000;

  @Option(names = "--count", description = "how many starts (default ${DEFAULT-VALUE})")
  int count = 3;

  @Option(names = "--tolerance", description = "within target × (1 ± tolerance)")
  double tolerance = 0.2;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ExplorerStarts()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    LineageGraph graph = GraphCsv.read(nodesCsv, edgesCsv);
    ClosureSelector.Options defaults = ClosureSelector.Options.defaults();
    ClosureSelector.Selection selection =
        ClosureSelector.select(
            graph,
            new int[] {target},
            new ClosureSelector.Options(
                tolerance, count, defaults.maxCandidates(), defaults.maxWork(), defaults.seed()));
    for (ClosureSelector.Start s : selection.classes().get(0).starts()) {
      System.out.printf(Locale.ROOT, "%s %s %d%n", s.id(), s.kind(), s.closureSize());
    }
    return selection.classes().get(0).starts().isEmpty() ? 1 : 0;
  }
}
