package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathFinderTest {
  private static final String S = "source:transactions_q1";
  private static final String M = "sha256:" + "b".repeat(64);

  @Test
  void theSeedChainIsOnePath() {
    MapGraph g = new MapGraph().chain(S, "run:x", "sha256:" + "a".repeat(64), "run:t", M);
    PathFinder.Result r = PathFinder.find(g, S, M, 10, 1000);
    assertThat(r.paths())
        .containsExactly(List.of(S, "run:x", "sha256:" + "a".repeat(64), "run:t", M));
    assertThat(r.receipt().truncated()).isFalse();
  }

  @Test
  void aDiamondIsTwoPathsAndSideBranchesAreNotEntered() {
    MapGraph g =
        new MapGraph()
            .chain(S, "run:left", M)
            .chain(S, "run:right", M)
            .chain(S, "run:elsewhere", "source:unrelated");
    PathFinder.Result r = PathFinder.find(g, S, M, 10, 1000);
    assertThat(r.paths())
        .containsExactlyInAnyOrder(List.of(S, "run:left", M), List.of(S, "run:right", M));
  }

  @Test
  void noPathIsAnEmptyAnswer() {
    MapGraph g = new MapGraph().chain(M, "run:x", S);
    assertThat(PathFinder.find(g, S, M, 10, 1000).paths()).isEmpty();
  }

  @Test
  void cyclesDoNotHangAndPathsStaySimple() {
    MapGraph g =
        new MapGraph()
            .chain(S, "run:a", "source:b", "run:c", M)
            .edge("source:b", "run:a")
            .edge("run:c", "source:b");
    PathFinder.Result r = PathFinder.find(g, S, M, 10, 1000);
    assertThat(r.paths()).containsExactly(List.of(S, "run:a", "source:b", "run:c", M));
  }

  @Test
  void theNumberOfPathsIsCappedAndTheReceiptSaysSo() {
    MapGraph g = new MapGraph();
    for (int i = 0; i < 5; i++) {
      g.chain(S, "run:r" + i, M);
    }
    PathFinder.Result r = PathFinder.find(g, S, M, 3, 1000);
    assertThat(r.paths()).hasSize(3);
    assertThat(r.receipt().truncated()).isTrue();
    assertThat(r.receipt().cutBy()).isEqualTo("paths");
  }

  @Test
  void exactlyAsManyPathsAsTheCapIsNotACut() {
    MapGraph one = new MapGraph().chain(S, "run:only", M);
    PathFinder.Result r = PathFinder.find(one, S, M, 1, 1000);
    assertThat(r.paths()).hasSize(1);
    assertThat(r.receipt().truncated()).isFalse();
    assertThat(r.receipt().cutBy()).isNull();

    MapGraph two = new MapGraph().chain(S, "run:left", M).chain(S, "run:right", M);
    assertThat(PathFinder.find(two, S, M, 2, 1000).receipt().truncated()).isFalse();
    PathFinder.Result cut = PathFinder.find(two, S, M, 1, 1000);
    assertThat(cut.paths()).hasSize(1);
    assertThat(cut.receipt().cutBy()).isEqualTo("paths");
  }
}
