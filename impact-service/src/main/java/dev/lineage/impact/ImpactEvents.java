package dev.lineage.impact;

import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.ImpactStatus;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.Receipt;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.impact.analysis.ImpactResult;
import dev.lineage.impact.analysis.PathStep;
import dev.lineage.impact.analysis.TriggerDraft;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.Signer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed events of an analysis: one {@code RetrainingTriggered} per affected model and one
 * {@code ImpactReport}, each a DSSE envelope signed by the service's own key.
 */
final class ImpactEvents {
  private ImpactEvents() {}

  static RetrainingTriggered trigger(ImpactResult result, TriggerDraft t, Instant signedAt) {
    List<List<PathNode>> paths = new ArrayList<>();
    for (List<PathStep> path : t.paths()) {
      paths.add(path.stream().map(s -> new PathNode(s.id(), s.name())).toList());
    }
    return RetrainingTriggered.newBuilder()
        .setTriggerId(t.triggerId())
        .setRequestId(result.requestId())
        .setCause(result.cause())
        .setModelId(t.modelId())
        .setModelName(t.modelName())
        .setTrainingRunId(t.trainingRunId())
        .setPaths(paths)
        .setAction(t.decision().action())
        .setDecisionRule(t.decision().rule())
        .setAffectedFraction(t.affectedFraction())
        .setRecordSet(result.recordSet())
        .setDeadline(result.deadline())
        .setSignedAt(signedAt)
        .build();
  }

  /**
   * The report. Its receipt's {@code truncated} is also set when a model had more paths than the
   * cap (the status stays COMPLETE then: every model and prediction is listed).
   */
  static ImpactReport report(ImpactResult result, Instant signedAt) {
    return ImpactReport.newBuilder()
        .setRequestId(result.requestId())
        .setCause(result.cause())
        .setStatus(result.truncated() ? ImpactStatus.TRUNCATED : ImpactStatus.COMPLETE)
        .setCountsByKind(result.countsByKind())
        .setModels(result.models())
        .setPredictions(result.predictions())
        .setReceipt(
            Receipt.newBuilder()
                .setVisited(result.receipt().visited())
                .setTruncated(result.receipt().truncated() || result.pathsCut())
                .setDepthReached(result.receipt().depthReached())
                .setPosition(result.receipt().positionText())
                .build())
        .setSignedAt(signedAt)
        .build();
  }

  static byte[] signed(RetrainingTriggered trigger, Signer key) {
    return AvroEnvelopes.sign(EventType.RETRAINING_TRIGGERED, trigger, key);
  }

  static byte[] signed(ImpactReport report, Signer key) {
    return AvroEnvelopes.sign(EventType.IMPACT_REPORT, report, key);
  }
}
