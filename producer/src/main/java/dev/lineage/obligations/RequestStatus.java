package dev.lineage.obligations;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Where a deletion request (or bug report) stands, rolled up from its obligations at one time.
 *
 * @param requestId the request
 * @param state the roll-up
 * @param open obligations still open within their deadline
 * @param overdue obligations open past their deadline
 * @param closed obligations closed
 */
public record RequestStatus(
    String requestId,
    State state,
    List<Obligation> open,
    List<Obligation> overdue,
    List<Obligation> closed) {

  /** The request's life. */
  public enum State {
    /** Received; the impact analysis has not reported yet. */
    PENDING,
    /** Triggers went out; some obligations are open, none overdue. */
    TRIGGERED,
    /** Every obligation is closed (or the analysis found nothing affected). */
    FULFILLED,
    /** At least one obligation is open past its deadline. */
    OVERDUE
  }

  private static final Comparator<Obligation> ORDER =
      Comparator.comparing(Obligation::modelId).thenComparing(Obligation::triggerId);

  public RequestStatus {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(state, "state");
    open = List.copyOf(open);
    overdue = List.copyOf(overdue);
    closed = List.copyOf(closed);
  }

  /**
   * Rolls up a request's obligations at {@code now}.
   *
   * @param analysed whether the impact analysis reported (its report is out): with no obligation,
   *     an analysed request affected nothing and is fulfilled, one not analysed is pending
   * @param obligations every obligation of the request (its triggers', each once)
   */
  public static RequestStatus of(
      String requestId, boolean analysed, Collection<Obligation> obligations, Instant now) {
    List<Obligation> sorted = obligations.stream().sorted(ORDER).toList();
    for (Obligation o : sorted) {
      if (!o.requestId().equals(requestId)) {
        throw new IllegalArgumentException(
            "obligation " + o.triggerId() + " belongs to request " + o.requestId());
      }
    }
    List<Obligation> open =
        sorted.stream().filter(o -> o.status(now) == ObligationStatus.OPEN).toList();
    List<Obligation> overdue =
        sorted.stream().filter(o -> o.status(now) == ObligationStatus.OVERDUE).toList();
    List<Obligation> closed = sorted.stream().filter(o -> !o.isOpen()).toList();
    State state;
    if (!overdue.isEmpty()) {
      state = State.OVERDUE;
    } else if (!open.isEmpty()) {
      state = State.TRIGGERED;
    } else if (!closed.isEmpty() || analysed) {
      state = State.FULFILLED;
    } else {
      state = State.PENDING;
    }
    return new RequestStatus(requestId, state, open, overdue, closed);
  }

  /** Every obligation not closed, overdue ones first. */
  public List<Obligation> unfinished() {
    return java.util.stream.Stream.concat(overdue.stream(), open.stream()).toList();
  }
}
