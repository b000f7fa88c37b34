package dev.lineage.governance;

import static dev.lineage.governance.GovernanceDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.Deployment;
import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.Role;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageTopology;
import dev.lineage.testing.Appended;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployment approvals through the whole topology: verified, folded into the approvals store by
 * model digest, and judged by the gate against the folded graph and the keyring.
 */
class DeploymentTopologyTest {
  static final Instant T1 = T0.plusSeconds(3600);
  static final Instant T2 = T0.plusSeconds(7200);
  static final Instant T3 = T0.plusSeconds(10800);
  static final String FEATURES = "sha256:" + "f".repeat(64);
  static final String MODEL_A = "sha256:" + "a".repeat(64);
  static final String MODEL_B = "sha256:" + "b".repeat(64);
  static final String MANIFEST_A = "sha256:" + "1".repeat(64);
  static final String MANIFEST_B = "sha256:" + "2".repeat(64);

  @TempDir Path stateDir;

  private GovernanceDriver g;
  private final Signer producer = GovernanceDriver.newKey();
  private final Signer approver = GovernanceDriver.newKey();

  @BeforeEach
  void start() {
    g = new GovernanceDriver(stateDir);
    g.grant(producer, Role.PRODUCER);
    g.grant(approver, Role.APPROVER);
    g.artifact(producer, MODEL_A, ArtifactKind.MODEL, "model_m92", "1", T1);
    g.training(producer, "run:train_a", FEATURES, MODEL_A, MANIFEST_A, T1);
    g.artifact(producer, MODEL_B, ArtifactKind.MODEL, "model_m92", "2", T2);
    g.training(producer, "run:train_b", FEATURES, MODEL_B, MANIFEST_B, T2);
  }

  @AfterEach
  void stop() {
    g.close();
  }

  static List<String> codes(List<GateReason> reasons) {
    return reasons.stream().map(GateReason::code).distinct().toList();
  }

  @Test
  void anApprovalOfTheReviewedDigestByAnIndependentApproverApprovesIt() {
    byte[] value =
        g.approve(
            approver,
            GovernanceDriver.decision(MODEL_A, MANIFEST_A, ApprovalDecision.APPROVED, T2));

    DeploymentVerdict v = g.verdict(MODEL_A);
    assertThat(v.approved()).isTrue();
    assertThat(v.reasons()).isEmpty();
    assertThat(v.decidedBy()).isEqualTo(AvroEnvelopes.digest(value).toString());
    assertThat(v.approvals()).singleElement().satisfies(a -> assertThat(a.valid()).isTrue());
    assertThat(v.producers())
        .containsExactly(
            new ModelProvenance.ProducingRun("run:train_a", producer.keyId(), MANIFEST_A));
    ApprovalRecord stored = g.approvalStore().get(ApprovalStores.key(MODEL_A, v.decidedBy()));
    assertThat(stored.signer()).isEqualTo(approver.keyId());
    assertThat(stored.value()).isEqualTo(value);
    assertThat(g.rejected.isEmpty()).isTrue();

    Deployment answer = v.toAnswer();
    assertThat(answer.approved()).isTrue();
    assertThat(answer.model()).isEqualTo(MODEL_A);
    assertThat(answer.reasons()).isEmpty();
  }

  @Test
  void baitAndSwitchTheApprovalOfOneDigestNeverApprovesAnother() {
    g.approve(
        approver, GovernanceDriver.decision(MODEL_A, MANIFEST_A, ApprovalDecision.APPROVED, T2));

    DeploymentVerdict swapped = g.verdict(MODEL_B);
    assertThat(swapped.approved()).isFalse();
    assertThat(codes(swapped.reasons())).containsExactly(GateReason.NO_APPROVAL);
    assertThat(swapped.approvals()).isEmpty();

    // an approval naming B but the manifest that was reviewed for A: what was read is not B's
    g.approve(
        approver, GovernanceDriver.decision(MODEL_B, MANIFEST_A, ApprovalDecision.APPROVED, T3));
    DeploymentVerdict mismatched = g.verdict(MODEL_B);
    assertThat(mismatched.approved()).isFalse();
    assertThat(codes(mismatched.reasons())).containsExactly(GateReason.MANIFEST_MISMATCH);
    assertThat(mismatched.reasons().get(0).detail()).contains(MANIFEST_A).contains(MANIFEST_B);
    assertThat(g.verdict(MODEL_A).approved()).isTrue();
  }

  @Test
  void selfApprovalByTheKeyThatSignedTheProducingRunIsRefused() {
    Signer both = GovernanceDriver.newKey();
    g.grant(both, Role.PRODUCER, Role.APPROVER);
    String model = "sha256:" + "c".repeat(64);
    String manifest = "sha256:" + "3".repeat(64);
    g.training(both, "run:train_c", FEATURES, model, manifest, T1);
    g.approve(both, GovernanceDriver.decision(model, manifest, ApprovalDecision.APPROVED, T2));

    assertThat(g.approvalStore().approximateNumEntries()).isEqualTo(1);
    DeploymentVerdict v = g.verdict(model);
    assertThat(v.approved()).isFalse();
    assertThat(codes(v.reasons())).containsExactly(GateReason.SELF_APPROVAL);
    assertThat(v.reasons().get(0).detail()).contains(both.keyId()).contains("run:train_c");

    // an independent approver makes it deployable; the self-approval stays listed, void
    g.approve(approver, GovernanceDriver.decision(model, manifest, ApprovalDecision.APPROVED, T3));
    DeploymentVerdict independent = g.verdict(model);
    assertThat(independent.approved()).isTrue();
    assertThat(independent.approvals())
        .extracting(DeploymentVerdict.Assessed::valid)
        .containsExactly(false, true);
  }

  @Test
  void anApprovalByAKeyRevokedAtItsSignedTimeIsVoidEvenWhenTheRevocationCameLater() {
    g.approve(
        approver, GovernanceDriver.decision(MODEL_A, MANIFEST_A, ApprovalDecision.APPROVED, T2));
    assertThat(g.verdict(MODEL_A).approved()).isTrue();

    // published after the approval was accepted, effective before it was signed
    g.revoke(approver, T1, T3);

    DeploymentVerdict v = g.verdict(MODEL_A);
    assertThat(v.approved()).isFalse();
    assertThat(codes(v.reasons())).containsExactly(GateReason.APPROVER_REVOKED);
    assertThat(v.reasons().get(0).detail()).contains(approver.keyId());
  }

  @Test
  void anApprovalSignedAfterTheRevocationNeverReachesTheStore() {
    g.revoke(approver, T1, T1);
    byte[] late =
        g.approve(
            approver,
            GovernanceDriver.decision(MODEL_A, MANIFEST_A, ApprovalDecision.APPROVED, T2));

    TestRecord<byte[], byte[]> out = g.rejected.readRecord();
    assertThat(header(out, RejectedHeaders.REASON)).isEqualTo(Reason.REVOKED_KEY.wire());
    assertThat(out.value()).isEqualTo(late);
    assertThat(g.approvalStore().approximateNumEntries()).isZero();
  }

  @Test
  void aRevokedApproverCannotApproveByBackDating() {
    g.revoke(approver, T2, T2);
    // signed a minute before the revocation, appended a minute after it
    byte[] backDated =
        g.approveAt(
            approver,
            GovernanceDriver.decision(
                MODEL_A, MANIFEST_A, ApprovalDecision.APPROVED, T2.minusSeconds(60)),
            T2.plusSeconds(60));

    TestRecord<byte[], byte[]> out = g.rejected.readRecord();
    assertThat(header(out, RejectedHeaders.REASON)).isEqualTo(Reason.REVOKED_KEY.wire());
    assertThat(out.value()).isEqualTo(backDated);
    assertThat(g.verdict(MODEL_A).approved()).isFalse();
  }

  @Test
  void aLaterRejectionWithdrawsAnApproval() {
    Signer second = GovernanceDriver.newKey();
    g.grant(second, Role.APPROVER);
    g.approve(
        approver, GovernanceDriver.decision(MODEL_A, MANIFEST_A, ApprovalDecision.APPROVED, T2));
    byte[] rejection =
        g.approve(
            second, GovernanceDriver.decision(MODEL_A, MANIFEST_A, ApprovalDecision.REJECTED, T3));

    DeploymentVerdict v = g.verdict(MODEL_A);
    assertThat(v.approved()).isFalse();
    assertThat(codes(v.reasons())).containsExactly(GateReason.REJECTED);
    assertThat(v.decidedBy()).isEqualTo(AvroEnvelopes.digest(rejection).toString());
    assertThat(v.approvals()).allSatisfy(a -> assertThat(a.valid()).isTrue());
  }

  @Test
  void aDecisionSignedByAKeyWithoutApproverGoesToTheRejectedTopic() {
    byte[] value =
        g.approve(
            producer,
            GovernanceDriver.decision(MODEL_A, MANIFEST_A, ApprovalDecision.APPROVED, T2));

    TestRecord<byte[], byte[]> out = g.rejected.readRecord();
    assertThat(header(out, RejectedHeaders.REASON)).isEqualTo(Reason.WRONG_ROLE.wire());
    assertThat(header(out, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(g.topics.approvals().name());
    assertThat(out.value()).isEqualTo(value);
    assertThat(g.approvalStore().approximateNumEntries()).isZero();
    assertThat(codes(g.verdict(MODEL_A).reasons())).containsExactly(GateReason.NO_APPROVAL);
  }

  @Test
  void malformedDigestsAndOtherEventsOnTheApprovalsTopicAreRejected() {
    g.approve(
        approver,
        GovernanceDriver.decision("sha256:ABC", MANIFEST_A, ApprovalDecision.APPROVED, T2));
    assertThat(header(g.rejected.readRecord(), RejectedHeaders.REASON))
        .isEqualTo(Reason.INVALID_ID.wire());
    Appended.pipe(
        g.approvals,
        GovernanceDriver.bytes("x"),
        AvroEnvelopes.sign(
            dev.lineage.schemas.EventType.KEY_REVOKED,
            dev.lineage.seed.Envelopes.revoke(producer.publicKey(), T1, T1),
            approver));
    assertThat(header(g.rejected.readRecord(), RejectedHeaders.REASON))
        .isEqualTo(Reason.TYPE_MISMATCH.wire());
    assertThat(g.approvalStore().approximateNumEntries()).isZero();
  }

  @Test
  void aReplayedApprovalIsStoredOnce() {
    byte[] value =
        g.approve(
            approver,
            GovernanceDriver.decision(MODEL_A, MANIFEST_A, ApprovalDecision.APPROVED, T2));
    Appended.pipe(g.approvals, GovernanceDriver.bytes("another-key"), value);
    Appended.pipe(g.approvals, GovernanceDriver.bytes(MODEL_A), value);

    assertThat(g.approvalStore().approximateNumEntries()).isEqualTo(1);
    assertThat(g.verdict(MODEL_A).approvals()).hasSize(1);
  }

  @Test
  void approvalsAndEquivalencesHaveNamedProcessorsStoresAndTopics() {
    String description =
        LineageTopology.build(
                Topics.defaults(), TrustAnchors.of(List.of(GovernanceDriver.newKey().publicKey())))
            .describe()
            .toString();

    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    assertThat(description)
        .contains("approvals-source")
        .contains("verify-approvals")
        .contains("approval-by-model")
        .contains("approvals-by-model-repartition")
        .contains("approvals-fold")
        .contains("stores: [" + ApprovalStores.STORE + "]")
        .contains(dev.lineage.graph.GraphStores.EQUIVALENCES);
  }

  static String header(TestRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
