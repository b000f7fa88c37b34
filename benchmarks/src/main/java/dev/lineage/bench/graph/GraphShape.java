package dev.lineage.bench.graph;

import dev.lineage.api.NodeKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured shape of a graph, as markdown for the benchmark report: nodes by kind, edges, and
 * how often artifacts are reused (their out-degree: how many runs read each one).
 */
public final class GraphShape {
  private static final int[] REUSE_BOUNDS = {0, 1, 2, 10, 100, 1_000, 10_000};

  private GraphShape() {}

  public static String describe(LineageGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "- %,d nodes, %,d edges (%.2f edges per node)%n",
            graph.size(),
            graph.edgeCount(),
            graph.size() == 0 ? 0.0 : graph.edgeCount() / (double) graph.size()));
    List<String> kinds = new ArrayList<>();
    for (Map.Entry<String, Integer> e : graph.countsByKind().entrySet()) {
      kinds.add(String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()));
    }
    out.append("- by kind: ").append(String.join(", ", kinds)).append('\n');

    long[] buckets = new long[REUSE_BOUNDS.length];
    int artifacts = 0;
    int maxReuse = 0;
    String mostReused = null;
    long runInputs = 0;
    int runs = 0;
    int maxInputs = 0;
    for (int v = 0; v < graph.size(); v++) {
      if (NodeKinds.RUN.equals(graph.kind(v))) {
        runs++;
        runInputs += graph.inDegree(v);
        maxInputs = Math.max(maxInputs, graph.inDegree(v));
        continue;
      }
      artifacts++;
      int reuse = graph.outDegree(v);
      int b = REUSE_BOUNDS.length - 1;
      while (reuse < REUSE_BOUNDS[b]) {
        b--;
      }
      buckets[b]++;
      if (reuse > maxReuse) {
        maxReuse = reuse;
        mostReused = "`" + graph.id(v) + "` (" + graph.kind(v) + ")";
      }
    }
    if (runs > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "- runs read %.2f inputs on average (at most %d)%n",
              runInputs / (double) runs,
              maxInputs));
    }
    if (artifacts > 0) {
      List<String> parts = new ArrayList<>();
      for (int b = 0; b < REUSE_BOUNDS.length; b++) {
        String range =
            b == REUSE_BOUNDS.length - 1
                ? String.format(Locale.ROOT, "≥ %,d", REUSE_BOUNDS[b])
                : REUSE_BOUNDS[b + 1] - 1 == REUSE_BOUNDS[b]
                    ? String.format(Locale.ROOT, "%,d", REUSE_BOUNDS[b])
                    : String.format(
                        Locale.ROOT, "%,d–%,d", REUSE_BOUNDS[b], REUSE_BOUNDS[b + 1] - 1);
        parts.add(
            String.format(
                Locale.ROOT,
                "%s: %,d (%.2f%%)",
                range,
                buckets[b],
                100.0 * buckets[b] / artifacts));
      }
      out.append("- reuse (runs reading each non-run node): ")
          .append(String.join(", ", parts))
          .append('\n');
      out.append(
          String.format(
              Locale.ROOT, "- most reused: %s, read by %,d runs%n", mostReused, maxReuse));
    }
    return out.toString();
  }
}
