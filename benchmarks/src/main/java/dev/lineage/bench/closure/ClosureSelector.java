package dev.lineage.bench.closure;

import dev.lineage.api.NodeKinds;
import dev.lineage.bench.graph.DownstreamBfs;
import dev.lineage.bench.graph.LineageGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks start nodes whose downstream closure is close to each target size (10, 1,000, ...): it
 * walks candidates in a seeded random order with a capped BFS, keeps those within the tolerance of
 * a target, and takes the ones nearest each target. Candidates are the nodes that are not runs and
 * have at least one successor — the artifacts a deletion request or a bug report starts from.
 */
public final class ClosureSelector {

  /** One chosen start and its exact closure size (start excluded). */
  public record Start(int node, String id, String kind, int closureSize, boolean onCycle) {}

  /** The starts chosen for one target size; may be empty when the graph has none near it. */
  public record SizeClass(int target, int min, int max, List<Start> starts) {}

  /**
   * @param tolerance a size within {@code target × (1 ± tolerance)} belongs to the target's class
   * @param perClass how many starts to keep per class
   * @param maxCandidates how many candidates to examine at most
   * @param maxWork how many nodes all capped walks may reach together, to bound the scan on a
   *     large, dense graph
   * @param seed order of examination, so the choice is repeatable
   */
  public record Options(
      double tolerance, int perClass, int maxCandidates, long maxWork, long seed) {
    public Options {
      if (tolerance < 0 || tolerance >= 1) {
        throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
      }
      if (perClass < 1) {
        throw new IllegalArgumentException("perClass must be at least 1, was " + perClass);
      }
    }

    public static Options defaults() {
      return new Options(0.2, 5, 2_000_000, 2_000_000_000L, 7L);
    }
  }

  /** What the scan found, and how much of the graph it looked at to find it. */
  public record Selection(List<SizeClass> classes, int candidates, int examined) {}

  private ClosureSelector() {}

  public static Selection select(LineageGraph graph, int[] targets, Options options) {
    List<SizeClass> classes = new ArrayList<>();
    List<List<Start>> found = new ArrayList<>();
    int cap = 0;
    for (int target : targets) {
      if (target < 1) {
        throw new IllegalArgumentException("target sizes must be positive, was " + target);
      }
      int min = (int) Math.ceil(target * (1 - options.tolerance()));
      int max = (int) Math.floor(target * (1 + options.tolerance()));
      classes.add(new SizeClass(target, min, max, List.of()));
      found.add(new ArrayList<>());
      cap = Math.max(cap, max);
    }

    int[] candidates = candidates(graph, options.seed());
    DownstreamBfs bfs = new DownstreamBfs(graph);
    long work = 0;
    int examined = 0;
    for (int i = 0; i < candidates.length && i < options.maxCandidates(); i++) {
      if (work > options.maxWork()) {
        break;
      }
      int v = candidates[i];
      int size = bfs.closureSize(v, cap);
      boolean onCycle = bfs.lastWalkReturnedToStart();
      work += size;
      examined++;
      for (int c = 0; c < classes.size(); c++) {
        SizeClass sc = classes.get(c);
        if (size >= sc.min() && size <= sc.max()) {
          found.get(c).add(new Start(v, graph.id(v), graph.kind(v), size, onCycle));
        }
      }
    }

    List<SizeClass> result = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      SizeClass sc = classes.get(c);
      List<Start> nearest =
          found.get(c).stream()
              .sorted(
                  Comparator.comparingLong(
                          (Start s) -> Math.abs((long) s.closureSize() - sc.target()))
                      .thenComparingInt(Start::node))
              .limit(options.perClass())
              .sorted(Comparator.comparingInt(Start::closureSize).thenComparingInt(Start::node))
              .toList();
      result.add(new SizeClass(sc.target(), sc.min(), sc.max(), nearest));
    }
    return new Selection(result, candidates.length, examined);
  }

  /** Non-run nodes with a successor, shuffled by {@code seed} (Fisher–Yates). */
  static int[] candidates(LineageGraph graph, long seed) {
    int count = 0;
    int[] all = new int[graph.size()];
    for (int v = 0; v < graph.size(); v++) {
      if (graph.outDegree(v) > 0 && !NodeKinds.RUN.equals(graph.kind(v))) {
        all[count++] = v;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, count);
  }
}
