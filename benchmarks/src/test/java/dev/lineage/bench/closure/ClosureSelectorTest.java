package dev.lineage.bench.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.bench.graph.DownstreamBfs;
import dev.lineage.bench.graph.GraphGenerator;
import dev.lineage.bench.graph.LineageGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClosureSelectorTest {
  private static final ClosureSelector.Options OPTIONS =
      new ClosureSelector.Options(0.2, 2, 1_000_000, Long.MAX_VALUE, 3);

  /** Stars: a start named {@code s<size>-<copy>} with {@code size} leaves. */
  private static LineageGraph stars(String kind, int... sizes) {
    LineageGraph.Builder b = LineageGraph.builder();
    int copy = 0;
    for (int size : sizes) {
      int start = b.node("s" + size + "-" + copy++, kind, null, null);
      for (int i = 0; i < size; i++) {
        b.edge(start, b.node("leaf-" + start + "-" + i, "PREDICTIONS", null, null));
      }
    }
    return b.build();
  }

  @Test
  void keepsTheStartsNearestEachTargetWithinTheTolerance() {
    LineageGraph g = stars("DATASET", 3, 7, 9, 10, 12, 13, 50, 79, 95, 100, 100, 130);

    ClosureSelector.Selection selection = ClosureSelector.select(g, new int[] {10, 100}, OPTIONS);

    List<ClosureSelector.SizeClass> classes = selection.classes();
    assertThat(classes).extracting(ClosureSelector.SizeClass::target).containsExactly(10, 100);
    assertThat(classes.get(0).min()).isEqualTo(8);
    assertThat(classes.get(0).max()).isEqualTo(12);
    // 9, 10 and 12 are within ±20% of 10; the two nearest are 10 and 9
    assertThat(sizes(classes.get(0))).containsExactly(9, 10);
    assertThat(sizes(classes.get(1))).containsExactly(100, 100);
  }

  @Test
  void reportsExactSizesAndIds() {
    LineageGraph g = stars("DATASET", 10);

    ClosureSelector.Start start =
        ClosureSelector.select(g, new int[] {10}, OPTIONS).classes().get(0).starts().get(0);

    assertThat(start.id()).isEqualTo("s10-0");
    assertThat(start.kind()).isEqualTo("DATASET");
    assertThat(start.closureSize()).isEqualTo(10);
    assertThat(start.onCycle()).isFalse();
  }

  @Test
  void aTargetWithNothingNearItGetsAnEmptyClass() {
    LineageGraph g = stars("DATASET", 10, 10);

    ClosureSelector.SizeClass c =
        ClosureSelector.select(g, new int[] {1_000}, OPTIONS).classes().get(0);

    assertThat(c.starts()).isEmpty();
    assertThat(c.min()).isEqualTo(800);
    assertThat(c.max()).isEqualTo(1_200);
  }

  @Test
  void runsAreNeverStarts() {
    LineageGraph g = stars("RUN", 10, 10, 10);

    assertThat(ClosureSelector.select(g, new int[] {10}, OPTIONS).classes().get(0).starts())
        .isEmpty();
  }

  @Test
  void marksAStartThatACycleLeadsBackTo() {
    LineageGraph.Builder b = LineageGraph.builder();
    int a = b.node("a", "DATASET", null, null);
    int r = b.node("run:r", "RUN", null, null);
    b.edge(a, r).edge(r, a);
    for (int i = 0; i < 9; i++) {
      b.edge(r, b.node("p" + i, "PREDICTIONS", null, null));
    }

    ClosureSelector.Start start =
        ClosureSelector.select(b.build(), new int[] {10}, OPTIONS).classes().get(0).starts().get(0);

    assertThat(start.id()).isEqualTo("a");
    assertThat(start.closureSize()).isEqualTo(10);
    assertThat(start.onCycle()).isTrue();
  }

  @Test
  void choosesTheSameStartsEveryTimeAndTheirSizesAreExact() {
    LineageGraph g = GraphGenerator.generate(30_000, 11);
    int[] targets = {10, 1_000};
    ClosureSelector.Options options =
        new ClosureSelector.Options(0.2, 5, 1_000_000, Long.MAX_VALUE, 3);

    ClosureSelector.Selection first = ClosureSelector.select(g, targets, options);
    ClosureSelector.Selection again = ClosureSelector.select(g, targets, options);

    assertThat(again).isEqualTo(first);
    DownstreamBfs bfs = new DownstreamBfs(g);
    for (ClosureSelector.SizeClass c : first.classes()) {
      assertThat(c.starts()).hasSize(5);
      for (ClosureSelector.Start s : c.starts()) {
        assertThat(s.closureSize()).isBetween(c.min(), c.max());
        assertThat(bfs.closureSize(s.node())).isEqualTo(s.closureSize());
        assertThat(g.kind(s.node())).isNotEqualTo(GraphGenerator.RUN);
      }
    }
  }

  @Test
  void stopsExaminingAtTheCandidateLimit() {
    LineageGraph g = stars("DATASET", 10, 10, 10, 10);
    ClosureSelector.Options two = new ClosureSelector.Options(0.2, 5, 2, Long.MAX_VALUE, 3);

    ClosureSelector.Selection selection = ClosureSelector.select(g, new int[] {10}, two);

    assertThat(selection.candidates()).isEqualTo(4);
    assertThat(selection.examined()).isEqualTo(2);
    assertThat(selection.classes().get(0).starts()).hasSize(2);
  }

  @Test
  void refusesNonsenseOptions() {
    assertThatThrownBy(() -> new ClosureSelector.Options(1.5, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClosureSelector.select(stars("DATASET", 1), new int[] {0}, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Integer> sizes(ClosureSelector.SizeClass c) {
    return c.starts().stream().map(ClosureSelector.Start::closureSize).toList();
  }
}
