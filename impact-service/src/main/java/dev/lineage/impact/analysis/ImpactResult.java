package dev.lineage.impact.analysis;

import dev.lineage.api.Receipt;
import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.RecordSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one impact analysis, before anything is signed: one draft trigger per affected
 * model and what the report says.
 *
 * @param truncated lineage-streams cut the closure (its node limit): the lists may be incomplete
 * @param pathsCut some model had more paths than the per-model cap
 * @param countsByKind affected nodes per kind (the deletion's subject is not counted; a bug's runs
 *     are)
 * @param recordSet the deletion's record-key list reference, null for a bug
 * @param deadline the deletion's deadline, null when none
 */
public record ImpactResult(
    String requestId,
    ImpactCause cause,
    boolean truncated,
    boolean pathsCut,
    Map<String, Long> countsByKind,
    List<String> models,
    List<String> predictions,
    List<TriggerDraft> triggers,
    Receipt receipt,
    RecordSet recordSet,
    Instant deadline) {
  public ImpactResult {
    countsByKind = new TreeMap<>(countsByKind);
    models = List.copyOf(models);
    predictions = List.copyOf(predictions);
    triggers = List.copyOf(triggers);
  }

  /** Nothing affected: the subject is unknown to the graph, or no run matches a bug report. */
  public static ImpactResult empty(
      String requestId, ImpactCause cause, RecordSet recordSet, Instant deadline) {
    return new ImpactResult(
        requestId,
        cause,
        false,
        false,
        Map.of(),
        List.of(),
        List.of(),
        List.of(),
        new Receipt(0, false, null, 0, null),
        recordSet,
        deadline);
  }
}
