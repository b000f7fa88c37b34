package dev.lineage.governance;

import dev.lineage.api.Deployment;
import dev.lineage.api.Obligations;
import dev.lineage.obligations.ObligationReasons;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What deletion obligations add to the gate's verdict (issue 14): a model with an obligation open
 * past its deadline is refused ({@code deletion-obligation-overdue}); a model a retraining replaced
 * is refused as {@code superseded-by} the new digest (it was trained on the erased records; the new
 * model needs its own approval as usual); obligations still open within their deadline are shown
 * and refuse nothing.
 */
public final class DeploymentObligations {
  private DeploymentObligations() {}

  public static Deployment apply(Deployment verdict, List<Obligations.Obligation> obligations) {
    List<Obligations.Obligation> unfinished =
        obligations.stream()
            .filter(o -> "OPEN".equals(o.status()) || "OVERDUE".equals(o.status()))
            .sorted(
                Comparator.comparing(Obligations.Obligation::requestId)
                    .thenComparing(Obligations.Obligation::triggerId))
            .toList();
    Optional<Obligations.Obligation> replaced =
        obligations.stream()
            .filter(o -> "RETRAINED".equals(o.status()) && o.supersededBy() != null)
            .max(Comparator.comparing(o -> o.closedAt() == null ? "" : o.closedAt()));
    List<Deployment.Reason> reasons = new ArrayList<>(verdict.reasons());
    for (Obligations.Obligation o : unfinished) {
      if ("OVERDUE".equals(o.status())) {
        reasons.add(
            new Deployment.Reason(
                ObligationReasons.OBLIGATION_OVERDUE,
                "request "
                    + o.requestId()
                    + " obliged this model to be "
                    + ("ASSESS".equals(o.action()) ? "assessed" : "retrained")
                    + " by "
                    + o.deadline()
                    + " (trigger "
                    + o.triggerId()
                    + ")"));
      }
    }
    replaced.ifPresent(
        o ->
            reasons.add(
                new Deployment.Reason(
                    ObligationReasons.SUPERSEDED_BY,
                    "retrained without the records of request "
                        + o.requestId()
                        + " as "
                        + o.supersededBy()
                        + ", which needs its own approval")));
    boolean refused = reasons.size() > verdict.reasons().size();
    return new Deployment(
        refused ? Boolean.FALSE : verdict.approved(),
        verdict.model(),
        verdict.decidedBy(),
        verdict.producedBy(),
        verdict.approvals(),
        reasons,
        unfinished,
        replaced.map(Obligations.Obligation::supersededBy).orElse(null));
  }
}
