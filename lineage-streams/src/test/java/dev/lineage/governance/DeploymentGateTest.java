package dev.lineage.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.schemas.Reason;
import dev.lineage.trust.Decision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gate's rules on hand-made inputs: each reason, and which decision decides. */
class DeploymentGateTest {
  static final String MODEL = "sha256:" + "a".repeat(64);
  static final String MANIFEST = "sha256:" + "1".repeat(64);
  static final String OTHER_MANIFEST = "sha256:" + "2".repeat(64);
  static final String PRODUCER = "p".repeat(64);
  static final String APPROVER = "r".repeat(64);
  static final String SECOND = "s".repeat(64);
  static final ApproverCheck TRUSTED = a -> Optional.empty();

  static final ModelProvenance TRAINED =
      new ModelProvenance(
          List.of(new ModelProvenance.ProducingRun("run:train", PRODUCER, MANIFEST)), Map.of());

  static ApprovalRecord decision(String signer, String manifest, String decision, long at) {
    return decision(signer, manifest, decision, at, at);
  }

  static ApprovalRecord decision(
      String signer, String manifest, String decision, long signedAt, long appendedAt) {
    return new ApprovalRecord(
        MODEL,
        manifest,
        decision,
        null,
        signer,
        signedAt,
        appendedAt,
        "sha256:" + Long.toHexString(signedAt) + Long.toHexString(appendedAt),
        new byte[0]);
  }

  @Test
  void decisionsAreOrderedByAppendTimeSoA2099ApprovalOutranksNothing() {
    long now = 1_800_000_000_000L;
    long in2099 = 4_070_908_800_000L;
    // a rejection appended today, after an approval appended yesterday that claims 2099
    ApprovalRecord approval =
        decision(APPROVER, MANIFEST, ApprovalRecord.APPROVED, in2099, now - 86_400_000L);
    ApprovalRecord rejection = decision(SECOND, MANIFEST, ApprovalRecord.REJECTED, now, now);

    DeploymentVerdict v =
        DeploymentGate.evaluate(MODEL, List.of(approval, rejection), TRAINED, TRUSTED);

    assertThat(v.approved()).isFalse();
    assertThat(v.decidedBy()).isEqualTo(rejection.envelope());
  }

  static List<String> codes(DeploymentVerdict v) {
    return v.reasons().stream().map(GateReason::code).toList();
  }

  @Test
  void noDecisionIsNoApproval() {
    DeploymentVerdict v = DeploymentGate.evaluate(MODEL, List.of(), TRAINED, TRUSTED);
    assertThat(v.approved()).isFalse();
    assertThat(codes(v)).containsExactly(GateReason.NO_APPROVAL);
    assertThat(v.decidedBy()).isNull();
  }

  @Test
  void anIndependentApprovalOfTheStatedManifestApproves() {
    DeploymentVerdict v =
        DeploymentGate.evaluate(
            MODEL, List.of(decision(APPROVER, MANIFEST, "APPROVED", 10)), TRAINED, TRUSTED);
    assertThat(v.approved()).isTrue();
    assertThat(v.reasons()).isEmpty();
  }

  @Test
  void theKeyThatRegisteredTheManifestCannotApproveIt() {
    ModelProvenance registered = new ModelProvenance(TRAINED.runs(), Map.of(MANIFEST, APPROVER));
    DeploymentVerdict v =
        DeploymentGate.evaluate(
            MODEL, List.of(decision(APPROVER, MANIFEST, "APPROVED", 10)), registered, TRUSTED);
    assertThat(v.approved()).isFalse();
    assertThat(codes(v)).containsExactly(GateReason.SELF_APPROVAL);
    assertThat(v.reasons().get(0).detail()).contains("registered the manifest " + MANIFEST);
  }

  @Test
  void aModelNoRunProducedCannotBeCheckedSoIsNotApproved() {
    DeploymentVerdict v =
        DeploymentGate.evaluate(
            MODEL,
            List.of(decision(APPROVER, MANIFEST, "APPROVED", 10)),
            new ModelProvenance(List.of(), Map.of()),
            TRUSTED);
    assertThat(v.approved()).isFalse();
    assertThat(codes(v)).containsExactly(GateReason.NO_PRODUCING_RUN);
  }

  @Test
  void aModelOnlyAGatewayAttestedRunOutputsIsNotApprovedWhateverTheApproval() {
    DeploymentVerdict v =
        DeploymentGate.evaluate(
            MODEL,
            List.of(decision(APPROVER, MANIFEST, "APPROVED", 10)),
            new ModelProvenance(List.of(), Map.of(), List.of("run:openlineage")),
            TRUSTED);
    assertThat(v.approved()).isFalse();
    assertThat(codes(v)).containsExactly(GateReason.GATEWAY_ATTESTED_RUN);
    assertThat(v.reasons().get(0).detail()).contains("run:openlineage");
  }

  @Test
  void aRunWithoutAManifestMatchesNoReviewedManifest() {
    ModelProvenance bare =
        new ModelProvenance(
            List.of(new ModelProvenance.ProducingRun("run:train", PRODUCER, null)), Map.of());
    DeploymentVerdict v =
        DeploymentGate.evaluate(
            MODEL, List.of(decision(APPROVER, MANIFEST, "APPROVED", 10)), bare, TRUSTED);
    assertThat(codes(v)).containsExactly(GateReason.MANIFEST_MISMATCH);
    assertThat(v.reasons().get(0).detail()).contains("run:train states no manifest");
  }

  @Test
  void revokedAndOtherwiseUntrustedApproversAreToldApart() {
    ApproverCheck revokedFirst =
        a ->
            Optional.of(
                a.signer().equals(APPROVER)
                    ? new Decision.Rejected(Reason.REVOKED_KEY, "revoked")
                    : new Decision.Rejected(Reason.EXPIRED_KEY, "expired"));
    DeploymentVerdict v =
        DeploymentGate.evaluate(
            MODEL,
            List.of(
                decision(APPROVER, MANIFEST, "APPROVED", 10),
                decision(SECOND, MANIFEST, "APPROVED", 20)),
            TRAINED,
            revokedFirst);
    assertThat(v.approved()).isFalse();
    assertThat(codes(v))
        .containsExactly(GateReason.APPROVER_REVOKED, GateReason.APPROVER_UNTRUSTED);
  }

  @Test
  void theLatestValidDecisionDecidesAndVoidOnesNeverDo() {
    List<ApprovalRecord> decisions =
        List.of(
            decision(SECOND, MANIFEST, "REJECTED", 20),
            decision(APPROVER, MANIFEST, "APPROVED", 30),
            // later, but void: it reviewed another manifest
            decision(SECOND, OTHER_MANIFEST, "REJECTED", 40),
            // later still, but a decision this gate does not know
            decision(SECOND, MANIFEST, "UNKNOWN", 50));
    DeploymentVerdict v = DeploymentGate.evaluate(MODEL, decisions, TRAINED, TRUSTED);
    assertThat(v.approved()).isTrue();
    assertThat(v.decidedBy()).isEqualTo(decisions.get(1).envelope());
    assertThat(v.reasons()).isEmpty();
    assertThat(v.approvals())
        .extracting(DeploymentVerdict.Assessed::valid)
        .containsExactly(true, true, false, false);
    assertThat(v.approvals().get(3).reasons())
        .extracting(GateReason::code)
        .containsExactly(GateReason.UNKNOWN_DECISION);

    DeploymentVerdict reversed =
        DeploymentGate.evaluate(
            MODEL,
            List.of(decisions.get(1), decision(SECOND, MANIFEST, "REJECTED", 60)),
            TRAINED,
            TRUSTED);
    assertThat(reversed.approved()).isFalse();
    assertThat(codes(reversed)).containsExactly(GateReason.REJECTED);
  }
}
