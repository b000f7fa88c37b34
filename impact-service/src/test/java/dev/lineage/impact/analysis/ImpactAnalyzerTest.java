package dev.lineage.impact.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.impact.Fixtures;
import dev.lineage.impact.MapLineageGraph;
import dev.lineage.impact.graphclient.GraphUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImpactAnalyzerTest {
  static final String FEATURES = "sha256:" + "a".repeat(64);
  static final String MODEL = "sha256:" + "b".repeat(64);
  static final String MANIFEST = "sha256:" + "d".repeat(64);

  static DeletionRequested deletion(String id, String subject, long count) {
    return DeletionRequested.newBuilder()
        .setRequestId(id)
        .setSubject(subject)
        .setRecordSet(
            new RecordSet("sha256:" + "e".repeat(64), count, "cas:sha256:" + "e".repeat(64), true))
        .setDeadline(Instant.parse("2025-02-01T00:00:00Z"))
        .setSignedAt(Fixtures.T0.plusSeconds(7200))
        .build();
  }

  private static ImpactAnalyzer analyzer(MapLineageGraph graph, ManifestSource manifests) {
    return new ImpactAnalyzer(graph, manifests, new ActionRule(0.001), 100);
  }

  private static ManifestSource dpManifest() {
    return (run, digest, model) ->
        digest == null
            ? new ManifestCheck.Unusable("training run " + run + " declares no manifest")
            : new ManifestCheck.Verified(digest, Fixtures.manifest(model, "1.0"), "k");
  }

  @Test
  void theSeedDeletionReachesModelM92ThroughItsPath() {
    MapLineageGraph graph = MapLineageGraph.seed(FEATURES, MODEL, MANIFEST);

    Outcome outcome =
        analyzer(graph, dpManifest()).deletion(deletion("req-1", "source:transactions_q1", 10));

    ImpactResult r = ((Outcome.Done) outcome).result();
    assertThat(r.models()).containsExactly(MODEL);
    assertThat(r.countsByKind()).isEqualTo(Map.of("RUN", 2L, "DATASET", 1L, "MODEL", 1L));
    assertThat(r.truncated()).isFalse();
    TriggerDraft t = r.triggers().get(0);
    assertThat(t.triggerId()).isEqualTo(TriggerIds.of("req-1", MODEL));
    assertThat(t.modelName()).isEqualTo("model_m92");
    assertThat(t.trainingRunId()).isEqualTo("run:training_j1829");
    assertThat(t.paths())
        .containsExactly(
            List.of(
                new PathStep("source:transactions_q1", "transactions_q1"),
                new PathStep("run:fraud_signal_extractor_r1", "fraud_signal_extractor"),
                new PathStep(FEATURES, "features_v47"),
                new PathStep("run:training_j1829", "model_training"),
                new PathStep(MODEL, "model_m92")));
    assertThat(t.affectedFraction()).isEqualTo(0.01);
    // 10 of 1000 records is over the threshold, DP or not
    assertThat(t.decision().action()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(t.decision().rule()).endsWith("fraction 0.01 >= 0.001: RETRAIN");
    assertThat(r.recordSet().getCount()).isEqualTo(10);
  }

  @Test
  void aSmallDeletionFromADpTrainedModelIsAssessed() {
    MapLineageGraph graph = MapLineageGraph.seed(FEATURES, MODEL, MANIFEST);

    ImpactResult r =
        ((Outcome.Done)
                analyzer(graph, dpManifest())
                    .deletion(deletion("req-2", "source:transactions_q1", 0)))
            .result();

    assertThat(r.triggers().get(0).decision().action()).isEqualTo(RetrainingAction.ASSESS);
    assertThat(r.triggers().get(0).decision().rule()).endsWith("fraction 0 < 0.001: ASSESS");
  }

  @Test
  void predictionsAreListedAndModelsWithoutARunAreRetrainedSayingWhy() {
    MapLineageGraph graph =
        MapLineageGraph.seed(FEATURES, MODEL, null)
            .node("run:score_1", "RUN", "scoring")
            .node("sha256:" + "9".repeat(64), "PREDICTIONS", "scores_q1")
            .edge(MODEL, "run:score_1")
            .edge("run:score_1", "sha256:" + "9".repeat(64));

    ImpactResult r =
        ((Outcome.Done)
                analyzer(graph, dpManifest())
                    .deletion(deletion("req-3", "source:transactions_q1", 1)))
            .result();

    assertThat(r.predictions()).containsExactly("sha256:" + "9".repeat(64));
    assertThat(r.triggers().get(0).decision().rule())
        .isEqualTo("training run run:training_j1829 declares no manifest: RETRAIN");
  }

  @Test
  void anUnknownSubjectIsNotFoundWithAnEmptyReportReady() {
    Outcome outcome =
        analyzer(MapLineageGraph.seed(FEATURES, MODEL, null), dpManifest())
            .deletion(deletion("req-4", "source:elsewhere", 1));

    assertThat(outcome).isInstanceOf(Outcome.NotFound.class);
    ImpactResult empty = ((Outcome.NotFound) outcome).ifFinal();
    assertThat(empty.triggers()).isEmpty();
    assertThat(empty.cause()).isEqualTo(ImpactCause.DELETION);
  }

  @Test
  void aBugReportStartsFromTheAffectedRunsAndRetrains() {
    MapLineageGraph graph = MapLineageGraph.seed(FEATURES, MODEL, MANIFEST);
    BugReported bug =
        BugReported.newBuilder()
            .setReportId("bug-1")
            .setProcessName("fraud_signal_extractor")
            .setMinVersion("2.3")
            .setMaxVersion("2.3")
            .setWindowStart(Fixtures.T0)
            .setWindowEnd(Fixtures.T0.plusSeconds(86_400 * 90L))
            .setSignedAt(Fixtures.T0)
            .build();

    ImpactResult r = ((Outcome.Done) analyzer(graph, dpManifest()).bug(bug)).result();

    assertThat(r.cause()).isEqualTo(ImpactCause.BUG);
    assertThat(r.countsByKind()).isEqualTo(Map.of("RUN", 2L, "DATASET", 1L, "MODEL", 1L));
    TriggerDraft t = r.triggers().get(0);
    assertThat(t.paths().get(0).get(0).id()).isEqualTo("run:fraud_signal_extractor_r1");
    assertThat(t.affectedFraction()).isNull();
    assertThat(t.decision().action()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(t.decision().rule())
        .startsWith("bug reported in process fraud_signal_extractor versions 2.3..2.3 from ");
    assertThat(r.recordSet()).isNull();
  }

  @Test
  void anUnavailableGraphPassesThrough() {
    MapLineageGraph graph = MapLineageGraph.seed(FEATURES, MODEL, null);
    graph.unavailable = true;

    assertThatThrownBy(
            () ->
                analyzer(graph, dpManifest()).deletion(deletion("r", "source:transactions_q1", 1)))
        .isInstanceOf(GraphUnavailableException.class);
  }
}
