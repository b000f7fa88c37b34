package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The impact service's answer to {@code GET /v1/obligations?request=&model=&overdue=}: the requests
 * whose obligations match, each with its roll-up (issue 14). Times are ISO-8601 UTC; {@code asOf}
 * is the time deadlines were judged at.
 *
 * @param asOf when OPEN and OVERDUE were judged
 * @param requests the matching requests, by id
 */
public record Obligations(String asOf, List<Request> requests) {
  public Obligations {
    requests = requests == null ? List.of() : List.copyOf(requests);
  }

  /**
   * Where one request stands.
   *
   * @param state {@code PENDING} (accepted, not analysed yet), {@code TRIGGERED} (obligations open,
   *     none overdue), {@code FULFILLED} (all closed, or nothing was affected) or {@code OVERDUE}
   *     (one is open past its deadline)
   * @param cause {@code DELETION} or {@code BUG}; left out when the request itself was not seen
   * @param analysed whether the impact report is out
   * @param obligations the request's obligations (those matching the query's filters), by model
   * @param waiting completions or assessments not judged yet, with why
   * @param erasures signed erasure facts about the request's record list and snapshots
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Request(
      String requestId,
      String state,
      String cause,
      boolean analysed,
      List<Obligation> obligations,
      List<Waiting> waiting,
      List<Erasure> erasures) {
    public Request {
      obligations = obligations == null ? List.of() : List.copyOf(obligations);
      waiting = waiting == null ? List.of() : List.copyOf(waiting);
      erasures = erasures == null ? List.of() : List.copyOf(erasures);
    }
  }

  /**
   * One trigger's obligation, or one prediction's.
   *
   * @param triggerId the trigger's id; for a prediction, the obligation's own id ({@code
   *     TriggerIds.ofPrediction})
   * @param modelId the affected model; for {@code INVALIDATE}, the prediction artifact
   * @param action {@code RETRAIN}, {@code ASSESS}, or {@code INVALIDATE} (a prediction artifact the
   *     impact report lists)
   * @param status {@code OPEN}, {@code OVERDUE}, {@code RETRAINED}, {@code ASSESSED} or {@code
   *     INVALIDATED}
   * @param trigger the trigger's envelope digest; for a prediction, the impact report's
   * @param closedBy the envelope digest of the completion or assessment that closed it
   * @param closedAt when the broker appended it
   * @param signer the key that signed it
   * @param supersededBy the model that replaced this one, for a retraining
   * @param closedLate closed, but after its deadline
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Obligation(
      String requestId,
      String triggerId,
      String modelId,
      String action,
      String deadline,
      String status,
      String trigger,
      String trainingRunId,
      String closedBy,
      String closedAt,
      String signer,
      String supersededBy,
      String overdueSince,
      Boolean closedLate) {}

  /** A completion or assessment not judged yet: its envelope, since when, and why. */
  public record Waiting(String envelope, String since, String why) {}

  /**
   * A signed erasure fact.
   *
   * @param kind {@code RECORD_LIST} or {@code SNAPSHOTS}
   * @param digests the record-set digest, or the erased snapshots' digests
   */
  public record Erasure(
      String kind,
      String envelope,
      String signer,
      String erasedAt,
      String appendedAt,
      List<String> digests) {
    public Erasure {
      digests = digests == null ? List.of() : List.copyOf(digests);
    }
  }
}
