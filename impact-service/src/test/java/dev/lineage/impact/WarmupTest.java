package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.Closure;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.ProcessRun;
import dev.lineage.impact.graphclient.LineageGraph;
import dev.lineage.impact.graphclient.RunQuery;
import dev.lineage.obligations.CompletionCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmupTest {
  private final MapLineageGraph graph =
      MapLineageGraph.seed("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), null);

  @Test
  void runsEveryRoundAndAsksLineageStreamsEachTimeWithinTheBudget() {
    Warmup.Report report = Warmup.run(graph, Duration.ofMinutes(5));

    assertThat(report.rounds()).isEqualTo(Warmup.ROUNDS);
    assertThat(report.closures()).isEqualTo(Warmup.ROUNDS);
    assertThat(graph.closureCalls.get()).isEqualTo(Warmup.ROUNDS);
    assertThat(report.barriers()).isEqualTo(Warmup.ROUNDS);
    // only times already past: a future time would be "not yet" without asking the cluster
    assertThat(graph.barriersAsked)
        .hasSize(Warmup.ROUNDS)
        .allMatch(t -> t < System.currentTimeMillis());
  }

  @Test
  void stopsAskingAnUnavailableLineageStreamsAfterTheFirstRefusal() {
    graph.unavailable = true;
    AtomicInteger asked = new AtomicInteger();
    LineageGraph counting =
        new LineageGraph() {
          @Override
          public Closure downstreamClosure(List<String> starts) {
            asked.incrementAndGet();
            return graph.downstreamClosure(starts);
          }

          @Override
          public Optional<NodeDetails> node(String id) {
            return graph.node(id);
          }

          @Override
          public boolean foldedBefore(long appendedAt) {
            return graph.foldedBefore(appendedAt);
          }

          @Override
          public List<ProcessRun> processRuns(RunQuery query) {
            return graph.processRuns(query);
          }

          @Override
          public Optional<CompletionCheck.TrainingRun> trainingRun(String runId) {
            return graph.trainingRun(runId);
          }
        };

    Warmup.Report report = Warmup.run(counting, Duration.ofMinutes(5));

    assertThat(report.rounds()).isEqualTo(Warmup.ROUNDS);
    assertThat(report.closures()).isZero();
    assertThat(report.barriers()).isZero();
    assertThat(asked.get()).isEqualTo(1);
  }

  @Test
  void aZeroBudgetDoesNothing() {
    Warmup.Report report = Warmup.run(graph, Duration.ZERO);

    assertThat(report.rounds()).isZero();
    assertThat(graph.closureCalls.get()).isZero();
  }
}
