package dev.lineage.impact.graphclient;

import dev.lineage.api.Closure;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.ProcessRun;
import dev.lineage.obligations.CompletionCheck;
import java.util.List;
import java.util.Optional;

/**
 * The lineage graph as the impact service reads it: lineage-streams' query API over HTTP in the
 * app, a map in tests. Every method may throw {@link GraphUnavailableException} (try again later)
 * or {@link GraphRequestException} (the question itself was refused; retrying will not help).
 */
public interface LineageGraph {
  /**
   * The read-after-write barrier: true when lineage-streams has folded every artifact and run
   * record appended to its input topics before {@code appendedAt} (a broker append time, epoch ms),
   * through every repartition hop; false for "not yet" (ask again later). Never true for a
   * lineage-streams that makes no progress.
   */
  boolean foldedBefore(long appendedAt);

  /** The downstream closure of {@code starts}, without depth limit. */
  Closure downstreamClosure(List<String> starts);

  /** One node, or empty when lineage-streams does not know it. */
  Optional<NodeDetails> node(String id);

  /** The runs of a process matching the query; empty for an unknown process. */
  List<ProcessRun> processRuns(RunQuery query);

  /**
   * A run with what it read and wrote (one hop each way) and its manifest digest, or empty when the
   * graph does not know the run: what a retraining completion is checked against.
   */
  Optional<CompletionCheck.TrainingRun> trainingRun(String runId);
}
