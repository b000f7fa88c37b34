package dev.lineage.obligations;

import dev.lineage.id.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What deletion obligations say about deploying one model: refused while one is overdue ({@link
 * ObligationReasons#OBLIGATION_OVERDUE}); open ones are shown; a model a retraining replaced names
 * its successor ({@link ObligationReasons#SUPERSEDED_BY}), which needs its own approval.
 *
 * @param overdue obligations of the model open past their deadline: any refuses it
 * @param open obligations of the model open within their deadline (shown, not refusing)
 * @param supersededBy the model that replaced it, if a retraining did
 */
public record ObligationGate(
    List<Obligation> overdue, List<Obligation> open, Optional<Digest> supersededBy) {

  public ObligationGate {
    overdue = List.copyOf(overdue);
    open = List.copyOf(open);
  }

  /**
   * Judges {@code modelId} at {@code now} by its obligations (those of other models are ignored).
   */
  public static ObligationGate judge(
      String modelId, Collection<Obligation> obligations, Instant now) {
    List<Obligation> mine = obligations.stream().filter(o -> o.modelId().equals(modelId)).toList();
    return new ObligationGate(
        mine.stream().filter(o -> o.status(now) == ObligationStatus.OVERDUE).toList(),
        mine.stream().filter(o -> o.status(now) == ObligationStatus.OPEN).toList(),
        mine.stream()
            .filter(o -> !o.isOpen() && o.closing().newModelDigest() != null)
            .max(java.util.Comparator.comparing(o -> o.closing().closedAt()))
            .map(o -> o.closing().newModelDigest()));
  }

  /** The reason the model may not be deployed, if any. */
  public Optional<String> refusal() {
    return overdue.isEmpty() ? Optional.empty() : Optional.of(ObligationReasons.OBLIGATION_OVERDUE);
  }
}
