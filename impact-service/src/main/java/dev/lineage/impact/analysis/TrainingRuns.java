package dev.lineage.impact.analysis;

import dev.lineage.api.ClosureNode;
import dev.lineage.api.GraphEdge;
import dev.lineage.api.NodeKinds;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The run that trained a model: a RUN node of the closure with an edge into the model. A model is
 * the output of one run; should several runs claim it, the smallest id is taken, so the answer does
 * not depend on the order the closure lists them in.
 */
public final class TrainingRuns {
  private TrainingRuns() {}

  public static Optional<String> of(
      String modelId, Map<String, ClosureNode> nodes, Collection<GraphEdge> edges) {
    TreeSet<String> runs = new TreeSet<>();
    for (GraphEdge e : edges) {
      if (e.to().equals(modelId)) {
        ClosureNode from = nodes.get(e.from());
        if (from != null && NodeKinds.RUN.equals(from.kind())) {
          runs.add(e.from());
        }
      }
    }
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.first());
  }
}
