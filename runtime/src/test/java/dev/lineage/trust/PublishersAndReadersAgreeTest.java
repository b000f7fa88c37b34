package dev.lineage.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.publish.EventRules;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * The cases on which the publisher ({@code EventRules}, what {@code Events} and {@code
 * LineageClient} call) and the readers ({@link EventVerifier}, which the graph and the impact
 * service's request admission use, and {@link Keyring#read}) used to disagree: each side now says
 * the same, with the reader's reason.
 */
class PublishersAndReadersAgreeTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = T0.plusSeconds(600);
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final String OTHER = "sha256:" + "cd".repeat(32);
  static final Set<Role> ROLES = Set.of(Role.PRODUCER, Role.GDPR_REQUESTER, Role.APPROVER);

  final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final Signer signer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  final KeyLog log = new KeyLog(TrustAnchors.of(List.of(root.publicKey())), ClockSkew.defaults());
  final EventVerifier verifier = new EventVerifier(log.keyring(), ClockSkew.defaults());

  PublishersAndReadersAgreeTest() {
    log.add(
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(signer.publicKey(), List.copyOf(ROLES), T0, null, T0),
            root),
        T0.toEpochMilli());
  }

  @Test
  void aRunOfAProcessNamedWithASpaceIsPublishedAndFolded() {
    RunCompleted run = run("fraud extractor", "2.3 beta", T1);
    assertAgree(EventType.RUN_COMPLETED, run, null);
  }

  @Test
  void aBugInAProcessNamedWithASpaceIsPublishedAndAdmitted() {
    BugReported report =
        BugReported.newBuilder()
            .setReportId("bug 1")
            .setProcessName("fraud extractor")
            .setMinVersion("2.3 beta")
            .setWindowStart(T0)
            .setWindowEnd(T1)
            .setSignedAt(T1)
            .build();
    assertAgree(EventType.BUG_REPORTED, report, null);
  }

  @Test
  void aProcessNameWithAControlCharacterIsRefusedByBoth() {
    assertAgree(EventType.RUN_COMPLETED, run("fraud\u0007extractor", "2.3", T1), Reason.INVALID_ID);
  }

  @Test
  void aRunEndingBefore1970IsRefusedByBoth() {
    RunCompleted run = run("p", "1", Instant.EPOCH.minusSeconds(1));
    run.setStartedAt(Instant.EPOCH.minusSeconds(60));
    assertAgree(EventType.RUN_COMPLETED, run, Reason.INVALID_ID);
  }

  @Test
  void aRequestIdWithASpaceIsPublishedAndAdmitted() {
    assertAgree(EventType.DELETION_REQUESTED, deletion("gdpr 1", "source:t"), null);
  }

  @Test
  void aDeletionAboutANameReferenceIsRefusedByBoth() {
    assertAgree(
        EventType.DELETION_REQUESTED, deletion("gdpr-1", "name:features_v47"), Reason.INVALID_ID);
  }

  @Test
  void anApprovalOfSomethingThatIsNotADigestIsRefusedByBoth() {
    DeploymentApproved approval =
        DeploymentApproved.newBuilder()
            .setModelDigest("model_m92")
            .setManifestDigest(OTHER)
            .setDecision(ApprovalDecision.APPROVED)
            .setSignedAt(T1)
            .build();
    assertAgree(EventType.DEPLOYMENT_APPROVED, approval, Reason.INVALID_ID);
  }

  @Test
  void anArtifactNameThatCannotBeReferencedIsRefusedByBoth() {
    ArtifactRegistered artifact =
        ArtifactRegistered.newBuilder()
            .setNodeId(DIGEST)
            .setKind(ArtifactKind.DATASET)
            .setName("features v47")
            .setAttributes(Map.of())
            .setSignedAt(T1)
            .build();
    assertAgree(EventType.ARTIFACT_REGISTERED, artifact, Reason.INVALID_ID);
  }

  @Test
  void aKeyIdInUpperCaseIsRefusedByThePublisherAndTheKeyring() {
    KeyRevoked revocation =
        KeyRevoked.newBuilder()
            .setKeyId("AB".repeat(32))
            .setRevokedFrom(T1)
            .setSignedAt(T1)
            .build();
    assertThat(publishes(revocation)).isFalse();
    Keyring.KeyEventRead read =
        Keyring.read(
            AvroEnvelopes.sign(EventType.KEY_REVOKED, revocation, root), T1.toEpochMilli());
    assertThat(read.rejection().reason()).isEqualTo(Reason.INVALID_ID);
    assertThat(read.rejection().detail()).isEqualTo("keyId is not 64 lowercase hex");
  }

  private <T extends SpecificRecordBase> void assertAgree(
      EventType<T> type, T event, Reason expected) {
    Verdict verdict =
        verifier.verify(
            List.of(type), ROLES, AvroEnvelopes.sign(type, event, signer), T1.toEpochMilli());
    assertThat(publishes(event)).as("published").isEqualTo(expected == null);
    assertThat(verdict.accepted()).as("accepted").isEqualTo(expected == null);
    if (expected != null) {
      assertThat(verdict.rejection().reason()).isEqualTo(expected);
    }
  }

  private static boolean publishes(SpecificRecordBase event) {
    try {
      EventRules.checkAny(event);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static RunCompleted run(String process, String version, Instant endedAt) {
    return RunCompleted.newBuilder()
        .setRunId("run:r1")
        .setProcessName(process)
        .setProcessVersion(version)
        .setInputs(List.of(DIGEST))
        .setOutputs(List.of(OTHER))
        .setStartedAt(endedAt.minusSeconds(60))
        .setEndedAt(endedAt)
        .setEnvironment(Map.of())
        .setAttributes(Map.of())
        .setSignedAt(T1)
        .build();
  }

  private static DeletionRequested deletion(String requestId, String subject) {
    return DeletionRequested.newBuilder()
        .setRequestId(requestId)
        .setSubject(subject)
        .setRecordSet(
            RecordSet.newBuilder()
                .setDigest(DIGEST)
                .setCount(3)
                .setLocation("cas:" + DIGEST)
                .setSalted(true)
                .build())
        .setSignedAt(T1)
        .build();
  }
}
