package dev.lineage.governance;

import dev.lineage.api.Deployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate's answer for one model digest: approved or not, each decision with whether it counts and
 * why not, and the reasons the model is not approved (empty when it is).
 *
 * @param decidedBy the envelope digest of the deciding decision (the latest valid one), or null
 */
public record DeploymentVerdict(
    boolean approved,
    String model,
    List<ModelProvenance.ProducingRun> producers,
    List<Assessed> approvals,
    List<GateReason> reasons,
    String decidedBy) {

  /** One stored decision and whether it counts. */
  public record Assessed(ApprovalRecord approval, List<GateReason> reasons) {
    public boolean valid() {
      return reasons.isEmpty();
    }
  }

  public DeploymentVerdict {
    producers = List.copyOf(producers);
    approvals = List.copyOf(approvals);
    reasons = List.copyOf(reasons);
  }

  /** The HTTP answer of {@code GET /v1/deployments/{id}}. */
  public Deployment toAnswer() {
    List<Deployment.ProducingRun> runs = new ArrayList<>();
    for (ModelProvenance.ProducingRun r : producers) {
      runs.add(new Deployment.ProducingRun(r.run(), r.signer(), r.manifestDigest()));
    }
    List<Deployment.Decision> list = new ArrayList<>();
    for (Assessed a : approvals) {
      ApprovalRecord r = a.approval();
      list.add(
          new Deployment.Decision(
              r.envelope(),
              r.decision(),
              r.manifestDigest(),
              r.signer(),
              Instant.ofEpochMilli(r.signedAt()).toString(),
              r.comment(),
              a.valid(),
              reasons(a.reasons())));
    }
    return new Deployment(approved, model, decidedBy, runs, list, reasons(reasons));
  }

  private static List<Deployment.Reason> reasons(List<GateReason> reasons) {
    return reasons.stream().map(g -> new Deployment.Reason(g.code(), g.detail())).toList();
  }
}
