package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to {@code GET /v1/deployments/{id}}: whether the model may ship, the runs that
 * produced it, every stored decision with whether it counts (and why not), and the reasons the
 * model is not approved (empty when it is).
 *
 * @param decidedBy the envelope digest of the deciding decision; left out when none decided
 * @param obligations the model's deletion obligations still open (within or past their deadline, as
 *     the impact service judges them); left out when none
 * @param supersededBy the model a retraining replaced this one with; left out when none
 */
public record Deployment(
    Boolean approved,
    String model,
    @JsonInclude(JsonInclude.Include.NON_NULL) String decidedBy,
    List<ProducingRun> producedBy,
    List<Decision> approvals,
    List<Reason> reasons,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Obligations.Obligation> obligations,
    @JsonInclude(JsonInclude.Include.NON_NULL) String supersededBy) {

  public Deployment {
    producedBy = producedBy == null ? List.of() : List.copyOf(producedBy);
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
    obligations = obligations == null ? List.of() : List.copyOf(obligations);
  }

  /** A verdict that says nothing of obligations (no impact service was asked). */
  public Deployment(
      Boolean approved,
      String model,
      String decidedBy,
      List<ProducingRun> producedBy,
      List<Decision> approvals,
      List<Reason> reasons) {
    this(approved, model, decidedBy, producedBy, approvals, reasons, List.of(), null);
  }

  /** A run that wrote the model, with its signer and manifest when known. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProducingRun(String run, String signer, String manifestDigest) {}

  /** One stored decision; {@code signedAt} is ISO-8601 UTC, {@code comment} left out when none. */
  public record Decision(
      String envelope,
      String decision,
      String manifestDigest,
      String signer,
      String signedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String comment,
      boolean valid,
      List<Reason> reasons) {
    public Decision {
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
  }

  /** Why a model or a decision does not count: a stable code and a detail for people. */
  public record Reason(String code, String detail) {}
}
