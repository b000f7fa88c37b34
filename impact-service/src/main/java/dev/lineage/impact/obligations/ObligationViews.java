package dev.lineage.impact.obligations;

import dev.lineage.api.Obligations;
import dev.lineage.obligations.Obligation;
import dev.lineage.obligations.ObligationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The store's {@link ObligationState} as the API's {@link Obligations} records. */
public final class ObligationViews {
  private ObligationViews() {}

  /**
   * What a query asks for.
   *
   * @param model only this model's obligations, when present
   * @param overdueOnly only obligations open past their deadline
   */
  public record Filter(Optional<String> model, boolean overdueOnly) {
    public static final Filter NONE = new Filter(Optional.empty(), false);

    public boolean filters() {
      return model.isPresent() || overdueOnly;
    }
  }

  /**
   * The request at {@code now}, with the obligations {@code filter} keeps; empty when a filter is
   * set and keeps none of them.
   */
  public static Optional<Obligations.Request> request(
      ObligationState state, Instant now, Filter filter) {
    List<Obligations.Obligation> kept = new ArrayList<>();
    for (ObligationState.Entry e : state.obligations()) {
      Obligation o = e.obligation(state.requestId());
      ObligationStatus status = o.status(now);
      if (filter.model().isPresent() && !filter.model().get().equals(e.modelId())) {
        continue;
      }
      if (filter.overdueOnly() && status != ObligationStatus.OVERDUE) {
        continue;
      }
      kept.add(obligation(state.requestId(), e, o, status));
    }
    if (filter.filters() && kept.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Obligations.Request(
            state.requestId(),
            state.status(now).state().name(),
            state.cause(),
            state.analysed(),
            kept,
            state.waiting().stream()
                .map(
                    w -> new Obligations.Waiting(w.input().envelope(), iso(w.firstSeen()), w.why()))
                .toList(),
            state.erasures().stream()
                .map(
                    x ->
                        new Obligations.Erasure(
                            x.kind(),
                            x.envelope(),
                            x.signer(),
                            iso(x.erasedAt()),
                            iso(x.appendedAt()),
                            x.digests()))
                .toList()));
  }

  private static Obligations.Obligation obligation(
      String requestId, ObligationState.Entry e, Obligation o, ObligationStatus status) {
    return new Obligations.Obligation(
        requestId,
        e.triggerId(),
        e.modelId(),
        e.action(),
        iso(e.deadline()),
        status.name(),
        e.trigger(),
        e.trainingRunId(),
        e.closedBy(),
        iso(e.closedAt()),
        e.closedBySigner(),
        e.newModel(),
        iso(e.overdueSince()),
        o.isOpen() ? null : o.closedLate());
  }

  private static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }
}
