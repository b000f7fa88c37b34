package dev.lineage.impact.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.GraphEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClosurePathsTest {
  private static GraphEdge e(String from, String to) {
    return new GraphEdge(from, to);
  }

  @Test
  void followsTheSeedChainFromSourceToModel() {
    ClosurePaths paths =
        new ClosurePaths(
            List.of(
                e("source", "run:x"),
                e("run:x", "features"),
                e("features", "run:t"),
                e("run:t", "model"),
                e("run:t", "other")));

    PathSet found = paths.between(Set.of("source"), "model", 10);

    assertThat(found.paths())
        .containsExactly(List.of("source", "run:x", "features", "run:t", "model"));
    assertThat(found.cut()).isFalse();
  }

  @Test
  void aDiamondGivesBothPathsInAFixedOrder() {
    ClosurePaths paths =
        new ClosurePaths(
            List.of(
                e("s", "run:b"),
                e("s", "run:a"),
                e("run:a", "fa"),
                e("run:b", "fb"),
                e("fa", "run:t"),
                e("fb", "run:t"),
                e("run:t", "m")));

    assertThat(paths.between(Set.of("s"), "m", 10).paths())
        .containsExactly(
            List.of("s", "run:a", "fa", "run:t", "m"), List.of("s", "run:b", "fb", "run:t", "m"));
  }

  @Test
  void cutsAtTheCapAndSaysSo() {
    // 2^6 = 64 paths through six diamonds in a row
    List<GraphEdge> edges = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      edges.add(e("n" + i, "a" + i));
      edges.add(e("n" + i, "b" + i));
      edges.add(e("a" + i, "n" + (i + 1)));
      edges.add(e("b" + i, "n" + (i + 1)));
    }
    ClosurePaths paths = new ClosurePaths(edges);

    PathSet all = paths.between(Set.of("n0"), "n6", 64);
    PathSet capped = paths.between(Set.of("n0"), "n6", 10);

    assertThat(all.paths()).hasSize(64).doesNotHaveDuplicates();
    assertThat(all.cut()).isFalse();
    assertThat(capped.paths()).hasSize(10).isEqualTo(all.paths().subList(0, 10));
    assertThat(capped.cut()).isTrue();
  }

  @Test
  void aCycleEndsAndBranchesThatCannotReachTheTargetAreIgnored() {
    ClosurePaths paths =
        new ClosurePaths(
            List.of(
                e("s", "r1"),
                e("r1", "d"),
                e("d", "r2"),
                e("r2", "s"),
                e("r2", "m"),
                e("s", "dead-end")));

    assertThat(paths.between(Set.of("s"), "m", 10).paths())
        .containsExactly(List.of("s", "r1", "d", "r2", "m"));
  }

  @Test
  void pathsStartAtEveryStartThatReachesTheTarget() {
    ClosurePaths paths =
        new ClosurePaths(
            List.of(e("run:1", "f"), e("f", "run:2"), e("run:2", "m"), e("run:3", "x")));

    assertThat(paths.between(Set.of("run:1", "run:2", "run:3"), "m", 10).paths())
        .containsExactly(List.of("run:1", "f", "run:2", "m"), List.of("run:2", "m"));
  }

  @Test
  void aDeepChainDoesNotOverflowTheStack() {
    List<GraphEdge> edges = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      edges.add(e("n" + i, "n" + (i + 1)));
    }
    PathSet found = new ClosurePaths(edges).between(Set.of("n0"), "n50000", 5);

    assertThat(found.paths()).hasSize(1);
    assertThat(found.paths().get(0)).hasSize(50_001);
  }
}
