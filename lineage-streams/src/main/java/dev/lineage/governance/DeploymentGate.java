package dev.lineage.governance;

import dev.lineage.schemas.Reason;
import dev.lineage.trust.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment gate: whether one exact model digest may ship, from the decisions that name it,
 * what the lineage graph states about where it came from, and the keyring as it stands now. Pure:
 * the same inputs always give the same verdict.
 *
 * <p>A decision counts when all of these hold:
 *
 * <ul>
 *   <li>its signed time lies within the clock skew of its append time, and its signer held {@code
 *       APPROVER} when it was appended (a revocation in force then voids it, and so does one
 *       published later whose {@code revokedFrom} reaches back before it);
 *   <li>a run in the graph outputs the model, and the manifest the approver reviewed is the one
 *       such a run states ("the model digest is the manifest's subject");
 *   <li>the approver key signed none of the runs that output the model, and did not register the
 *       reviewed manifest or the runs' manifests as artifacts (separation of duties);
 *   <li>the decision is one this reader knows (APPROVED or REJECTED).
 * </ul>
 *
 * The latest decision that counts (by the broker's append time, then envelope digest; never by the
 * signer's own {@code signedAt}, so a decision dated 2099 outranks nothing) decides: a board may
 * reverse itself, and a later rejection withdraws an earlier approval. Decisions that do not count
 * are listed with their reasons and never decide.
 */
public final class DeploymentGate {
  private static final Comparator<ApprovalRecord> LATEST =
      Comparator.comparingLong(ApprovalRecord::appendedAt).thenComparing(ApprovalRecord::envelope);

  private DeploymentGate() {}

  public static DeploymentVerdict evaluate(
      String model,
      List<ApprovalRecord> decisions,
      ModelProvenance provenance,
      ApproverCheck approver) {
    List<ApprovalRecord> sorted = new ArrayList<>(decisions);
    sorted.sort(LATEST);
    List<DeploymentVerdict.Assessed> assessed = new ArrayList<>();
    ApprovalRecord decider = null;
    for (ApprovalRecord a : sorted) {
      List<GateReason> why = assess(model, a, provenance, approver);
      assessed.add(new DeploymentVerdict.Assessed(a, why));
      if (why.isEmpty()) {
        decider = a; // sorted oldest first: the last valid one decides
      }
    }
    boolean approved = decider != null && decider.decision().equals(ApprovalRecord.APPROVED);
    Set<GateReason> reasons = new LinkedHashSet<>();
    if (!approved) {
      if (decisions.isEmpty()) {
        reasons.add(
            new GateReason(
                GateReason.NO_APPROVAL,
                "no decision names "
                    + model
                    + "; an approval binds one exact digest, so a changed model needs its own"));
      }
      for (DeploymentVerdict.Assessed a : assessed) {
        reasons.addAll(a.reasons());
      }
      if (decider != null) {
        reasons.add(
            new GateReason(
                GateReason.REJECTED,
                "the latest valid decision, "
                    + decider.envelope()
                    + " signed by key "
                    + decider.signer()
                    + " appended at "
                    + Instant.ofEpochMilli(decider.appendedAt())
                    + ", rejects the model"));
      }
    }
    return new DeploymentVerdict(
        approved,
        model,
        provenance.runs(),
        assessed,
        List.copyOf(reasons),
        decider == null ? null : decider.envelope());
  }

  private static List<GateReason> assess(
      String model, ApprovalRecord a, ModelProvenance provenance, ApproverCheck approver) {
    List<GateReason> why = new ArrayList<>();
    String which = "approval " + a.envelope() + ": ";
    Optional<Decision.Rejected> trust = approver.recheck(a);
    if (trust.isPresent()) {
      Decision.Rejected r = trust.get();
      boolean revoked = Reason.REVOKED_KEY.equals(r.reason());
      boolean skewed = Reason.CLOCK_SKEW.equals(r.reason());
      why.add(
          new GateReason(
              revoked ? GateReason.APPROVER_REVOKED : GateReason.APPROVER_UNTRUSTED,
              which
                  + (skewed
                      ? "its signed time is outside the allowed clock skew: " + r.detail()
                      : "key "
                          + a.signer()
                          + (revoked
                              ? " was revoked at or before the approval's append time "
                              : " did not hold APPROVER at the approval's append time ")
                          + Instant.ofEpochMilli(a.appendedAt())
                          + " ("
                          + r.reason()
                          + ")")));
    }
    List<ModelProvenance.ProducingRun> runs = provenance.runs();
    if (runs.isEmpty() && !provenance.gatewayRuns().isEmpty()) {
      why.add(
          new GateReason(
              GateReason.GATEWAY_ATTESTED_RUN,
              which
                  + "only a gateway attested the run(s) that output "
                  + model
                  + " ("
                  + String.join(", ", provenance.gatewayRuns())
                  + "): a producer-signed run must state it"));
    } else if (runs.isEmpty()) {
      why.add(
          new GateReason(
              GateReason.NO_PRODUCING_RUN,
              which
                  + "no run in the lineage graph outputs "
                  + model
                  + ", so nothing states which manifest describes it"));
    } else if (runs.stream().noneMatch(r -> a.manifestDigest().equals(r.manifestDigest()))) {
      List<String> stated =
          runs.stream()
              .map(
                  r ->
                      r.run()
                          + " states "
                          + (r.manifestDigest() == null ? "no manifest" : r.manifestDigest()))
              .toList();
      why.add(
          new GateReason(
              GateReason.MANIFEST_MISMATCH,
              which
                  + "the reviewed manifest "
                  + a.manifestDigest()
                  + " is not the model's: "
                  + String.join("; ", stated)));
    }
    for (ModelProvenance.ProducingRun r : runs) {
      if (a.signer().equals(r.signer())) {
        why.add(
            new GateReason(
                GateReason.SELF_APPROVAL,
                which
                    + "key "
                    + a.signer()
                    + " also signed "
                    + r.run()
                    + ", which produced the model"));
      }
    }
    Set<String> manifests = new LinkedHashSet<>();
    manifests.add(a.manifestDigest());
    runs.forEach(
        r -> {
          if (r.manifestDigest() != null) {
            manifests.add(r.manifestDigest());
          }
        });
    for (String m : manifests) {
      if (a.signer().equals(provenance.registrants().get(m))) {
        why.add(
            new GateReason(
                GateReason.SELF_APPROVAL,
                which + "key " + a.signer() + " also registered the manifest " + m));
      }
    }
    if (!a.decision().equals(ApprovalRecord.APPROVED)
        && !a.decision().equals(ApprovalRecord.REJECTED)) {
      why.add(
          new GateReason(
              GateReason.UNKNOWN_DECISION,
              which
                  + "decision "
                  + a.decision()
                  + " is not one this gate knows; it never approves"));
    }
    return why;
  }
}
