package dev.lineage.query;

import static dev.lineage.governance.GovernanceDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.Role;
import dev.lineage.governance.GovernanceDriver;
import dev.lineage.graph.EdgeRecord;
import dev.lineage.graph.EquivalenceRecord;
import dev.lineage.graph.GraphStores;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Equivalence attestations on the runs topic: an equivalent verdict relates the two runs in their
 * own store, shown on both runs' nodes, and never as lineage.
 */
class EquivalenceTopologyTest {
  static final Instant T1 = T0.plusSeconds(3600);
  static final Instant T2 = T0.plusSeconds(7200);
  static final String FEATURES = "sha256:" + "f".repeat(64);
  static final String MODEL_1 = "sha256:" + "a".repeat(64);
  static final String MODEL_2 = "sha256:" + "b".repeat(64);
  static final String BASELINE = "run:training_j1829";
  static final String RERUN = "run:training_j1829_rerun";

  @TempDir Path stateDir;
  private GovernanceDriver g;
  private final Signer producer = GovernanceDriver.newKey();

  @BeforeEach
  void start() {
    g = new GovernanceDriver(stateDir);
    g.grant(producer, Role.PRODUCER);
    g.training(producer, BASELINE, FEATURES, MODEL_1, null, T1);
    g.training(producer, RERUN, FEATURES, MODEL_2, null, T1);
  }

  @AfterEach
  void stop() {
    g.close();
  }

  static EquivalenceAttested attestation(boolean equivalent, Instant at) {
    return EquivalenceAttested.newBuilder()
        .setBaselineRunId(BASELINE)
        .setCandidateRunId(RERUN)
        .setBaselineOutputsDigest("sha256:" + "1".repeat(64))
        .setCandidateOutputsDigest("sha256:" + "2".repeat(64))
        .setExamples(10_000)
        .setAucTolerance(0.005)
        .setMaxDiffFraction(0.01)
        .setDecisionThreshold(0.5)
        .setBaselineAuc(0.912)
        .setCandidateAuc(0.910)
        .setDecisionDiffFraction(0.004)
        .setMeanAbsScoreDiff(0.001)
        .setMaxAbsScoreDiff(0.02)
        .setEquivalent(equivalent)
        .setBaselineHardware(Map.of("cpu.arch", "x86_64"))
        .setCandidateHardware(Map.of("cpu.arch", "aarch64"))
        .setSignedAt(at)
        .build();
  }

  @Test
  void anEquivalentVerdictRelatesBothRunsOutsideTheLineageEdges() {
    KeyValueStore<String, EdgeRecord> edgesOut = g.driver.getKeyValueStore(GraphStores.EDGES_OUT);
    long edgesBefore = edgesOut.approximateNumEntries();
    byte[] value = g.attest(producer, attestation(true, T2));
    String digest = AvroEnvelopes.digest(value).toString();

    assertThat(g.rejected.isEmpty()).isTrue();
    KeyValueStore<String, EquivalenceRecord> store =
        g.driver.getKeyValueStore(GraphStores.EQUIVALENCES);
    EquivalenceRecord fromBaseline = store.get(GraphStores.equivalenceKey(BASELINE, RERUN, digest));
    assertThat(fromBaseline.role()).isEqualTo(EquivalenceRecord.CANDIDATE);
    assertThat(fromBaseline.signer()).isEqualTo(producer.keyId());
    assertThat(fromBaseline.aucDifference())
        .isCloseTo(0.002, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(store.get(GraphStores.equivalenceKey(RERUN, BASELINE, digest)).role())
        .isEqualTo(EquivalenceRecord.BASELINE);

    // no lineage between the runs: closures never cross an equivalence
    assertThat(edgesOut.approximateNumEntries()).isEqualTo(edgesBefore);
    assertThat(g.index.downstream().neighbors(BASELINE)).containsExactly(MODEL_1);
    assertThat(g.index.upstream().neighbors(RERUN)).containsExactly(FEATURES);

    for (String[] pair : new String[][] {{BASELINE, RERUN}, {RERUN, BASELINE}}) {
      Map<String, Object> node = g.graph().nodeJson(pair[0]);
      assertThat(node.get("equivalentTo"))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
          .singleElement()
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("run", pair[1])
          .containsEntry("attestation", digest)
          .containsEntry("decisionDiffFraction", 0.004)
          .containsEntry("signer", producer.keyId())
          .containsKey("aucDifference");
    }
    assertThat(g.graph().nodeJson(MODEL_1)).doesNotContainKey("equivalentTo");
  }

  @Test
  void aNotEquivalentVerdictIsAcceptedAndRelatesNothing() {
    g.attest(producer, attestation(false, T2));

    assertThat(g.rejected.isEmpty()).isTrue();
    assertThat(g.driver.getKeyValueStore(GraphStores.EQUIVALENCES).approximateNumEntries())
        .isZero();
    assertThat(g.graph().nodeJson(BASELINE)).doesNotContainKey("equivalentTo");
  }

  @Test
  void anAttestationByAKeyWithoutProducerIsRejected() {
    Signer approver = GovernanceDriver.newKey();
    g.grant(approver, Role.APPROVER);
    byte[] value = g.attest(approver, attestation(true, T2));

    TestRecord<byte[], byte[]> out = g.rejected.readRecord();
    assertThat(
            new String(
                out.headers().lastHeader(RejectedHeaders.REASON).value(), StandardCharsets.UTF_8))
        .isEqualTo(Reason.WRONG_ROLE.wire());
    assertThat(out.value()).isEqualTo(value);
    assertThat(g.driver.getKeyValueStore(GraphStores.EQUIVALENCES).approximateNumEntries())
        .isZero();
  }

  @Test
  void twoAttestationsOfThePairAreBothShown() {
    g.attest(producer, attestation(true, T2));
    g.attest(producer, attestation(true, T2.plusSeconds(60)));

    assertThat(g.graph().equivalences(List.of(BASELINE)).get(BASELINE)).hasSize(2);
  }
}
