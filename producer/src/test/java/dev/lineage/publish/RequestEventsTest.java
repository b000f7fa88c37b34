package dev.lineage.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.RecordSet;
import dev.lineage.compare.Comparison;
import dev.lineage.compare.ScoreFile;
import dev.lineage.compare.Tolerances;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Builders and rules of DeletionRequested, BugReported and EquivalenceAttested. */
class RequestEventsTest {
  static final Digest KEYS = Digest.parse("sha256:" + "12".repeat(32));
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2025-04-01T00:00:00Z");

  static RecordSet records() {
    return Events.recordSet(KEYS, 1_204, "cas:" + KEYS);
  }

  @Test
  void buildsADeletionRequest() {
    DeletionRequested d =
        Events.deletion("gdpr-2025-0042", "source:transactions_q1", records())
            .reason("GDPR Art. 17, ticket DPO-1234")
            .deadline(Instant.parse("2025-04-01T00:00:00.123456Z"))
            .build();
    assertThat(d.getRecordSet().getDigest()).isEqualTo(KEYS.toString());
    assertThat(d.getRecordSet().getCount()).isEqualTo(1_204);
    assertThat(d.getRecordSet().getLocation()).isEqualTo("cas:" + KEYS);
    assertThat(d.getDeadline()).isEqualTo(Instant.parse("2025-04-01T00:00:00.123Z"));
    assertThat(d.getSignedAt()).isNull();
  }

  @Test
  void deletionRequestsAreAboutOneDataNode() {
    assertThatThrownBy(() -> Events.deletion("r1", "name:features_v47", records()).build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("name: reference");
    assertThatThrownBy(() -> Events.deletion("r1", "run:training_j1829", records()).build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("is a run");
    // a request id is text, as the impact service takes it
    assertThat(Events.deletion("r 1", "source:t", records()).build().getRequestId())
        .isEqualTo("r 1");
    assertThatThrownBy(() -> Events.deletion("r\n1", "source:t", records()).build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("request id contains a control character");
    assertThatThrownBy(() -> Events.deletion("r".repeat(201), "source:t", records()).build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("request id is 201 characters long; at most 200");
    assertThatThrownBy(
            () -> Events.deletion("r1", "source:t", Events.recordSet(KEYS, 0, "cas:x")).build())
        .hasMessageContaining("count must be at least 1");
    assertThatThrownBy(
            () -> Events.deletion("r1", "source:t", Events.recordSet(KEYS, 1, "/tmp/x")).build())
        .hasMessageContaining("not a URI with a scheme");
    RecordSet badDigest = RecordSet.newBuilder(records()).setDigest("sha256:12").build();
    assertThatThrownBy(() -> Events.deletion("r1", "source:t", badDigest).build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("recordSet.digest");
    assertThatThrownBy(() -> Events.deletion("r1", "source:t", null).build())
        .hasMessageContaining("recordSet is required");
  }

  @Test
  void buildsABugReport() {
    BugReported b =
        Events.bugReport("bug-17", "fraud_signal_extractor", T0, T1)
            .minVersion("2.3")
            .maxVersion("2.10")
            .description("feature leak\nin column 7")
            .build();
    assertThat(b.getWindowStart()).isEqualTo(T0);
    assertThat(b.getWindowEnd()).isEqualTo(T1);
    assertThat(b.getMaxVersion()).isEqualTo("2.10");
    assertThat(Events.bugReport("bug-18", "p", T0, T1).build().getMinVersion()).isNull();
  }

  @Test
  void bugReportsNeedOrderedVersionsAndWindow() {
    assertThatThrownBy(() -> Events.bugReport("b", "p", T1, T0).build())
        .hasMessageContaining("must end after it starts");
    assertThatThrownBy(() -> Events.bugReport("b", "p", T0, T0).build())
        .hasMessageContaining("must end after it starts");
    assertThatThrownBy(() -> Events.bugReport("b", "p", null, T1).build())
        .hasMessageContaining("windowStart is required");
    assertThatThrownBy(
            () -> Events.bugReport("b", "p", T0, T1).minVersion("2.10").maxVersion("2.9").build())
        .hasMessageContaining("min version 2.10 is after max version 2.9");
    // a process name is text, as readers take it: a run of "p q" may be in the graph
    assertThat(Events.bugReport("b", "p q", T0, T1).build().getProcessName()).isEqualTo("p q");
    assertThatThrownBy(() -> Events.bugReport("b", "p\u0007q", T0, T1).build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("process name contains a control character");
    assertThatThrownBy(() -> Events.bugReport("b", "p", T0, T1).minVersion("").build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("min version is empty");
    assertThatThrownBy(() -> Events.bugReport("b", "p", T0, T1).description("a\u0000b").build())
        .hasMessageContaining("control character");
  }

  static Comparison comparison(String candidate, Tolerances t) {
    ScoreFile a =
        ScoreFile.parse("a.csv", "p,1,0.9\nq,1,0.6\nn,0,0.2\n".getBytes(StandardCharsets.UTF_8));
    ScoreFile b = ScoreFile.parse("b.csv", candidate.getBytes(StandardCharsets.UTF_8));
    return Comparison.of(a, b, 0.5, t);
  }

  static Events.EquivalenceBuilder equivalence(Comparison c) {
    return Events.equivalence("run:train_1", "run:train_1_rerun")
        .outputs(KEYS, Digest.parse("sha256:" + "34".repeat(32)))
        .comparison(c);
  }

  @Test
  void buildsAnAttestationFromAComparison() {
    Comparison c =
        comparison(
            "p,1,0.9\nq,1,0.4\nn,0,0.2\n", new Tolerances(0.01, 0.5, OptionalDouble.of(0.3)));
    EquivalenceAttested e =
        equivalence(c)
            .baselineHardware(Map.of("cpu.arch", "amd64"))
            .candidateHardware(Map.of("cpu.arch", "arm64"))
            .build();
    assertThat(e.getExamples()).isEqualTo(3);
    assertThat(e.getBaselineAuc()).isEqualTo(1.0);
    assertThat(e.getCandidateAuc()).isEqualTo(1.0);
    assertThat(e.getDecisionDiffFraction()).isEqualTo(1.0 / 3);
    assertThat(e.getMaxAbsScoreDiff()).isEqualTo(c.scoreDiffs().maxAbs());
    assertThat(e.getScoreTolerance()).isEqualTo(0.3);
    assertThat(e.getDecisionThreshold()).isEqualTo(0.5);
    assertThat(e.getEquivalent()).isTrue();
    assertThat(e.getBaselineHardware()).containsEntry("cpu.arch", "amd64");
    assertThat(e.getCandidateHardware()).containsEntry("cpu.arch", "arm64");
    assertThat(e.getBaselineOutputsDigest()).isEqualTo(KEYS.toString());

    EquivalenceAttested refused =
        equivalence(comparison("p,1,0.9\nq,1,0.4\nn,0,0.2\n", Tolerances.defaults())).build();
    assertThat(refused.getEquivalent()).isFalse();
    assertThat(refused.getScoreTolerance()).isNull();
  }

  @Test
  void anAttestationIsAboutTwoRunsAndItsVerdictFollowsItsFigures() {
    Comparison c = comparison("p,1,0.9\nq,1,0.6\nn,0,0.2\n", Tolerances.defaults());
    EquivalenceAttested ok = equivalence(c).signedAt(T0).build();
    assertThat(ok.getEquivalent()).isTrue();

    EquivalenceAttested lying = EquivalenceAttested.newBuilder(ok).setEquivalent(false).build();
    assertThatThrownBy(() -> EventRules.check(lying))
        .hasMessageContaining("equivalent is false but the figures and tolerances say true");
    EquivalenceAttested badAuc = EquivalenceAttested.newBuilder(ok).setCandidateAuc(1.5).build();
    assertThatThrownBy(() -> EventRules.check(badAuc)).hasMessageContaining("candidateAuc");

    assertThatThrownBy(
            () -> Events.equivalence("run:a", "run:a").outputs(KEYS, KEYS).comparison(c).build())
        .hasMessageContaining("same run");
    assertThatThrownBy(
            () -> Events.equivalence("source:a", "run:b").outputs(KEYS, KEYS).comparison(c).build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("baselineRunId");
    assertThatThrownBy(() -> Events.equivalence("run:a", "run:b").comparison(c).build())
        .hasMessageContaining("baselineOutputsDigest is required");
    assertThatThrownBy(() -> Events.equivalence("run:a", "run:b").outputs(KEYS, KEYS).build())
        .hasMessageContaining("give the comparison");
  }
}
