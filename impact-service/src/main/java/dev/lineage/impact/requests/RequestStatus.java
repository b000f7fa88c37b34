package dev.lineage.impact.requests;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored outcome of one request (JSON in {@link RequestStores#STATUS}).
 *
 * @param cause DELETION or BUG
 * @param envelope digest of the signed request that was accepted for this id
 * @param detail for a pending request, why it is still pending (log-safe)
 * @param decisions model id → the action and the rule that chose it
 * @param receipt the closure's receipt as published in the report, null while pending
 * @param firstSeen wall-clock millis of the first record of this id
 * @param completedAt wall-clock millis of publication, null while pending
 */
public record RequestStatus(
    String requestId,
    String cause,
    RequestState status,
    String envelope,
    String detail,
    Map<String, Long> countsByKind,
    List<String> models,
    List<String> predictions,
    int triggers,
    Map<String, Decision> decisions,
    Receipt receipt,
    long firstSeen,
    Long completedAt) {

  public RequestStatus {
    countsByKind = countsByKind == null ? Map.of() : new TreeMap<>(countsByKind);
    models = models == null ? List.of() : List.copyOf(models);
    predictions = predictions == null ? List.of() : List.copyOf(predictions);
    decisions = decisions == null ? Map.of() : new TreeMap<>(decisions);
  }

  /** An action and its rule. */
  public record Decision(String action, String rule) {}

  /**
   * The receipt: lineage-streams' for the closure, plus whether the per-model path cap cut
   * anything.
   */
  public record Receipt(
      long visited,
      boolean truncated,
      String cutBy,
      int depthReached,
      String position,
      boolean pathsCut,
      Map<String, Long> edgesByTrust,
      Long foldedBefore) {
    /** A receipt stored before the read-after-write barrier (foldedBefore: epoch ms). */
    public Receipt(
        long visited,
        boolean truncated,
        String cutBy,
        int depthReached,
        String position,
        boolean pathsCut,
        Map<String, Long> edgesByTrust) {
      this(visited, truncated, cutBy, depthReached, position, pathsCut, edgesByTrust, null);
    }

    /** A receipt stored before edges were counted by trust. */
    public Receipt(
        long visited,
        boolean truncated,
        String cutBy,
        int depthReached,
        String position,
        boolean pathsCut) {
      this(visited, truncated, cutBy, depthReached, position, pathsCut, null, null);
    }
  }

  public static RequestStatus pending(
      String requestId, String cause, String envelope, long firstSeen) {
    return new RequestStatus(
        requestId,
        cause,
        RequestState.PENDING,
        envelope,
        "not analysed yet",
        Map.of(),
        List.of(),
        List.of(),
        0,
        Map.of(),
        null,
        firstSeen,
        null);
  }

  public RequestStatus withDetail(String why) {
    return new RequestStatus(
        requestId,
        cause,
        status,
        envelope,
        why,
        countsByKind,
        models,
        predictions,
        triggers,
        decisions,
        receipt,
        firstSeen,
        completedAt);
  }
}
