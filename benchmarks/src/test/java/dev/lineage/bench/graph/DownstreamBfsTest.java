package dev.lineage.bench.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownstreamBfsTest {

  /** Nodes named by number; edges as pairs. */
  static LineageGraph graph(int nodes, int... edges) {
    LineageGraph.Builder b = LineageGraph.builder();
    for (int i = 0; i < nodes; i++) {
      b.node("n" + i, "ARTIFACT", null, null);
    }
    for (int i = 0; i < edges.length; i += 2) {
      b.edge(edges[i], edges[i + 1]);
    }
    return b.build();
  }

  @Test
  void countsEachNodeOfADiamondOnce() {
    LineageGraph g = graph(5, 0, 1, 0, 2, 1, 3, 2, 3, 3, 4);
    DownstreamBfs bfs = new DownstreamBfs(g);

    assertThat(bfs.closureSize(0)).isEqualTo(4);
    assertThat(bfs.closureSize(3)).isEqualTo(1);
    assertThat(bfs.closureSize(4)).isZero();
    assertThat(bfs.lastWalkReturnedToStart()).isFalse();
  }

  @Test
  void aCycleEndsAndNeverCountsTheStart() {
    LineageGraph g = graph(4, 0, 1, 1, 2, 2, 0, 2, 3);
    DownstreamBfs bfs = new DownstreamBfs(g);

    assertThat(bfs.closureSize(0)).isEqualTo(3);
    assertThat(bfs.lastWalkReturnedToStart()).isTrue();
    assertThat(bfs.closureSize(3)).isZero();
    assertThat(bfs.lastWalkReturnedToStart()).isFalse();
  }

  @Test
  void aCappedWalkStopsJustPastTheCap() {
    LineageGraph g = graph(101, star(100));
    DownstreamBfs bfs = new DownstreamBfs(g);

    assertThat(bfs.closureSize(0, 10)).isEqualTo(11);
    assertThat(bfs.closureSize(0, 100)).isEqualTo(100);
    assertThat(bfs.closureSize(0)).isEqualTo(100);
  }

  @Test
  void walksDoNotSeeEachOthersMarks() {
    LineageGraph g = graph(4, 0, 1, 1, 2, 3, 1);
    DownstreamBfs bfs = new DownstreamBfs(g);

    for (int i = 0; i < 1_000; i++) {
      assertThat(bfs.closureSize(i % 2 == 0 ? 0 : 3)).isEqualTo(2);
    }
  }

  private static int[] star(int leaves) {
    int[] edges = new int[2 * leaves];
    for (int i = 0; i < leaves; i++) {
      edges[2 * i] = 0;
      edges[2 * i + 1] = i + 1;
    }
    return edges;
  }
}
