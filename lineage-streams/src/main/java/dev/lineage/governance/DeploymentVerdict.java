package dev.lineage.governance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("approved", approved);
    json.put("model", model);
    if (decidedBy != null) {
      json.put("decidedBy", decidedBy);
    }
    List<Object> runs = new ArrayList<>();
    for (ModelProvenance.ProducingRun r : producers) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("run", r.run());
      if (r.signer() != null) {
        run.put("signer", r.signer());
      }
      if (r.manifestDigest() != null) {
        run.put("manifestDigest", r.manifestDigest());
      }
      runs.add(run);
    }
    json.put("producedBy", runs);
    List<Object> list = new ArrayList<>();
    for (Assessed a : approvals) {
      ApprovalRecord r = a.approval();
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("envelope", r.envelope());
      one.put("decision", r.decision());
      one.put("manifestDigest", r.manifestDigest());
      one.put("signer", r.signer());
      one.put("signedAt", Instant.ofEpochMilli(r.signedAt()).toString());
      if (r.comment() != null) {
        one.put("comment", r.comment());
      }
      one.put("valid", a.valid());
      one.put("reasons", reasonsJson(a.reasons()));
      list.add(one);
    }
    json.put("approvals", list);
    json.put("reasons", reasonsJson(reasons));
    return json;
  }

  private static List<Object> reasonsJson(List<GateReason> reasons) {
    List<Object> out = new ArrayList<>();
    for (GateReason g : reasons) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("code", g.code());
      r.put("detail", g.detail());
      out.add(r);
    }
    return out;
  }
}
