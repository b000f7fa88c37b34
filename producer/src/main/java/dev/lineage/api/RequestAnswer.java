package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The impact service's answer to {@code GET /v1/requests/{id}}: where a deletion request or bug
 * report stands, what it reached, and (while pending) how many times it was tried.
 *
 * @param receipt null while the request is pending
 * @param decisions left out when no rule decided anything
 * @param detail left out when there is nothing to add
 * @param attempts only while pending
 */
public record RequestAnswer(
    String requestId,
    String cause,
    String status,
    Map<String, Long> countsByKind,
    List<String> models,
    List<String> predictions,
    int triggers,
    RequestReceipt receipt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Decision> decisions,
    @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempts) {

  /** What a rule decided for one model: the action and the rule that chose it. */
  public record Decision(String action, String rule) {}

  /**
   * The receipt of the closure the analysis walked, and whether the paths to it were cut.
   *
   * @param position an object of partition offsets as in every receipt; a position not stored as
   *     one is shown as the text it was stored as
   * @param edgesByTrust the closure's edges by who vouches for them ({@code signed}, {@code
   *     gateway}: only a gateway's attestation, OpenLineage); the walk follows both, a deletion
   *     must over-include
   * @param foldedBefore the read-after-write barrier the analysis waited for (ISO-8601): the
   *     request's broker append time; lineage-streams had folded everything appended before it when
   *     the walk began (absent for analyses decided before the barrier existed)
   */
  public record RequestReceipt(
      long visited,
      boolean truncated,
      String cutBy,
      int depthReached,
      Object position,
      boolean pathsCut,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> edgesByTrust,
      @JsonInclude(JsonInclude.Include.NON_NULL) String foldedBefore) {
    /** A receipt without a barrier. */
    public RequestReceipt(
        long visited,
        boolean truncated,
        String cutBy,
        int depthReached,
        Object position,
        boolean pathsCut,
        Map<String, Long> edgesByTrust) {
      this(visited, truncated, cutBy, depthReached, position, pathsCut, edgesByTrust, null);
    }

    /** A receipt of an analysis that did not count edges by trust. */
    public RequestReceipt(
        long visited,
        boolean truncated,
        String cutBy,
        int depthReached,
        Object position,
        boolean pathsCut) {
      this(visited, truncated, cutBy, depthReached, position, pathsCut, null);
    }
  }
}
