package dev.lineage.impact.analysis;

import java.util.List;

/**
 * One affected model, everything a retraining trigger says about it before it is signed.
 *
 * @param trainingRunId the RUN with an edge into the model in the closure, or null
 * @param paths from a start to the model, at most the per-model cap
 * @param pathsCut true when the model had more paths than the cap
 * @param affectedFraction deleted records ÷ records in the subject; null for a bug or when unknown
 */
public record TriggerDraft(
    String triggerId,
    String modelId,
    String modelName,
    String trainingRunId,
    List<List<PathStep>> paths,
    boolean pathsCut,
    ActionDecision decision,
    Double affectedFraction) {
  public TriggerDraft {
    paths = paths.stream().map(List::copyOf).toList();
  }
}
