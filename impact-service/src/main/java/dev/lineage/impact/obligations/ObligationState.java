package dev.lineage.impact.obligations;

import dev.lineage.id.Digest;
import dev.lineage.obligations.CompletionCheck;
import dev.lineage.obligations.Obligation;
import dev.lineage.obligations.ObligationStatus;
import dev.lineage.obligations.RequestStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the impact service knows about one request's obligations: the value of the {@link
 * ObligationStores#STATE} store, keyed by request id. Immutable; each change returns a copy. Times
 * are epoch milliseconds (the store's JSON has no date type).
 *
 * @param requestId the deletion request or bug report
 * @param cause {@code DELETION} or {@code BUG}; null when only obligation events were seen
 * @param request the envelope digest of the accepted request; null when not seen (yet)
 * @param analysed the impact report is out
 * @param obligations one per trigger, by trigger id
 * @param waiting completions and assessments that could not be judged yet
 * @param erasures signed erasure facts about the request's list and snapshots
 * @param listSettledAt when the service dealt with the request's record list once it was fulfilled
 *     or its retention ran out (destroyed it in the vault, or found none there); null before
 * @param requestedAt when the broker appended the request (the record-list retention counts from
 *     it); null when not seen, or kept by a version before it was recorded
 * @param snapshotsSettledAt when the service tombstoned the affected data snapshots of a fulfilled
 *     deletion (or found none to tombstone); null before
 * @param deadline the deletion request's deadline (its predictions' invalidations are due by it);
 *     null for none, a bug report, or a request not seen (yet)
 */
public record ObligationState(
    String requestId,
    String cause,
    String request,
    boolean analysed,
    List<Entry> obligations,
    List<Waiting> waiting,
    List<Erasure> erasures,
    Long listSettledAt,
    Long requestedAt,
    Long snapshotsSettledAt,
    Long deadline) {

  public ObligationState {
    Objects.requireNonNull(requestId, "requestId");
    obligations = obligations == null ? List.of() : List.copyOf(obligations);
    waiting = waiting == null ? List.of() : List.copyOf(waiting);
    erasures = erasures == null ? List.of() : List.copyOf(erasures);
  }

  /** A request nothing is known of yet. */
  public static ObligationState empty(String requestId) {
    return new ObligationState(
        requestId, null, null, false, List.of(), List.of(), List.of(), null, null, null, null);
  }

  /**
   * One trigger's obligation, with what its closure says and how it closed; or the obligation to
   * invalidate one prediction artifact the impact report lists (action {@code INVALIDATE}: {@code
   * triggerId} is {@code TriggerIds.ofPrediction}, {@code modelId} the prediction's node id).
   *
   * @param trigger the trigger's envelope digest (the report's, for a prediction)
   * @param openedAt when the trigger was published
   * @param recordSet the request's record-set digest (null for a bug report)
   * @param trainingRunId the run that produced the affected model, when known
   * @param affected every node on the trigger's paths, and the model
   * @param closedAs {@code RETRAINED} or {@code ASSESSED}; null while open
   * @param closedBy the closing envelope's digest
   * @param closedAt when the broker appended the closing envelope
   * @param closedBySigner the key that signed it
   * @param newModel the replacing model's digest, for a retraining
   * @param overdueSince when the deadline punctuation first found it open past its deadline
   */
  public record Entry(
      String triggerId,
      String modelId,
      String action,
      Long deadline,
      String trigger,
      long openedAt,
      String recordSet,
      String trainingRunId,
      List<String> affected,
      String closedAs,
      String closedBy,
      Long closedAt,
      String closedBySigner,
      String newModel,
      Long overdueSince) {
    public Entry {
      affected = affected == null ? List.of() : List.copyOf(affected);
    }

    public boolean open() {
      return closedAs == null;
    }

    /** The obligation as the checks and the roll-up read it. */
    public Obligation obligation(String requestId) {
      Obligation.Closing closing = null;
      if (closedAs != null) {
        Digest by = Digest.parse(closedBy);
        Instant at = Instant.ofEpochMilli(closedAt);
        closing =
            switch (ObligationStatus.valueOf(closedAs)) {
              case RETRAINED -> Obligation.Closing.retrained(by, at, Digest.parse(newModel));
              case INVALIDATED -> Obligation.Closing.invalidated(by, at);
              default -> Obligation.Closing.assessed(by, at);
            };
      }
      return new Obligation(
          requestId,
          triggerId,
          modelId,
          Obligation.Action.valueOf(action),
          deadline == null ? null : Instant.ofEpochMilli(deadline),
          closing);
    }

    public CompletionCheck.TriggerClosure closure() {
      return new CompletionCheck.TriggerClosure(
          recordSet == null ? null : Digest.parse(recordSet), Set.copyOf(affected));
    }

    Entry closed(ObligationStatus as, String envelope, long at, String signer, String model) {
      return new Entry(
          triggerId,
          modelId,
          action,
          deadline,
          trigger,
          openedAt,
          recordSet,
          trainingRunId,
          affected,
          as.name(),
          envelope,
          at,
          signer,
          model,
          overdueSince);
    }

    /** The same obligation due by {@code due}. */
    Entry due(Long due) {
      return new Entry(
          triggerId,
          modelId,
          action,
          due,
          trigger,
          openedAt,
          recordSet,
          trainingRunId,
          affected,
          closedAs,
          closedBy,
          closedAt,
          closedBySigner,
          newModel,
          overdueSince);
    }

    Entry overdue(long since) {
      return new Entry(
          triggerId,
          modelId,
          action,
          deadline,
          trigger,
          openedAt,
          recordSet,
          trainingRunId,
          affected,
          closedAs,
          closedBy,
          closedAt,
          closedBySigner,
          newModel,
          since);
    }
  }

  /**
   * An obligation event that could not be judged yet: its trigger or run is not known (yet), or
   * lineage-streams did not answer.
   *
   * @param firstSeen wall-clock time it first arrived
   * @param why the last reason it waits
   */
  public record Waiting(ObligationInput input, long firstSeen, String why) {}

  /**
   * A signed erasure fact.
   *
   * @param kind {@code RECORD_LIST} or {@code SNAPSHOTS}
   * @param digests the record-set digest, or the snapshots' digests
   */
  public record Erasure(
      String kind,
      String envelope,
      String signer,
      long erasedAt,
      long appendedAt,
      List<String> digests) {
    public Erasure {
      digests = digests == null ? List.of() : List.copyOf(digests);
    }
  }

  public Optional<Entry> entry(String triggerId) {
    return obligations.stream().filter(e -> e.triggerId().equals(triggerId)).findFirst();
  }

  /** The obligations as the checks read them. */
  public List<Obligation> asObligations() {
    return obligations.stream().map(e -> e.obligation(requestId)).toList();
  }

  /** The roll-up at {@code now}: PENDING, TRIGGERED, FULFILLED or OVERDUE. */
  public RequestStatus status(Instant now) {
    return RequestStatus.of(requestId, analysed, asObligations(), now);
  }

  ObligationState withRequest(String cause, String envelope, long appendedAt, Long due) {
    return new ObligationState(
        requestId,
        cause,
        envelope,
        analysed,
        obligations,
        waiting,
        erasures,
        listSettledAt,
        appendedAt,
        snapshotsSettledAt,
        due);
  }

  ObligationState markAnalysed() {
    return new ObligationState(
        requestId,
        cause,
        request,
        true,
        obligations,
        waiting,
        erasures,
        listSettledAt,
        requestedAt,
        snapshotsSettledAt,
        deadline);
  }

  ObligationState with(Entry entry) {
    List<Entry> next = new ArrayList<>();
    boolean replaced = false;
    for (Entry e : obligations) {
      if (e.triggerId().equals(entry.triggerId())) {
        next.add(entry);
        replaced = true;
      } else {
        next.add(e);
      }
    }
    if (!replaced) {
      next.add(entry);
    }
    next.sort(java.util.Comparator.comparing(Entry::triggerId));
    return new ObligationState(
        requestId,
        cause,
        request,
        analysed,
        next,
        waiting,
        erasures,
        listSettledAt,
        requestedAt,
        snapshotsSettledAt,
        deadline);
  }

  ObligationState listSettled(long at) {
    return new ObligationState(
        requestId,
        cause,
        request,
        analysed,
        obligations,
        waiting,
        erasures,
        at,
        requestedAt,
        snapshotsSettledAt,
        deadline);
  }

  ObligationState snapshotsSettled(long at) {
    return new ObligationState(
        requestId,
        cause,
        request,
        analysed,
        obligations,
        waiting,
        erasures,
        listSettledAt,
        requestedAt,
        at,
        deadline);
  }

  ObligationState withWaiting(List<Waiting> next) {
    return new ObligationState(
        requestId,
        cause,
        request,
        analysed,
        obligations,
        next,
        erasures,
        listSettledAt,
        requestedAt,
        snapshotsSettledAt,
        deadline);
  }

  ObligationState with(Erasure erasure) {
    if (erasures.stream().anyMatch(e -> e.envelope().equals(erasure.envelope()))) {
      return this;
    }
    List<Erasure> next = new ArrayList<>(erasures);
    next.add(erasure);
    return new ObligationState(
        requestId,
        cause,
        request,
        analysed,
        obligations,
        waiting,
        next,
        listSettledAt,
        requestedAt,
        snapshotsSettledAt,
        deadline);
  }
}
