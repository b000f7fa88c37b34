package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.GraphEdge;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraversalTest {
  static final String SOURCE = "source:transactions_q1";
  static final String EXTRACT = "run:fraud_signal_extractor_1";
  static final String FEATURES = "sha256:" + "a".repeat(64);
  static final String TRAINING = "run:training_j1829";
  static final String MODEL = "sha256:" + "b".repeat(64);

  private static MapGraph seed() {
    return new MapGraph().chain(SOURCE, EXTRACT, FEATURES, TRAINING, MODEL);
  }

  private static Traversal.Result walk(MapGraph g, String start, Direction d, int depth, int max) {
    return Traversal.walk(g, new Traversal.Request(start, d, depth, max, true));
  }

  @Test
  void downstreamOfTheSourceReachesTheModelFourHopsAwayOneBatchPerHop() {
    MapGraph g = seed();
    Traversal.Result r = walk(g, SOURCE, Direction.DOWNSTREAM, Integer.MAX_VALUE, 100);
    assertThat(r.depthOf())
        .containsExactly(
            java.util.Map.entry(SOURCE, 0),
            java.util.Map.entry(EXTRACT, 1),
            java.util.Map.entry(FEATURES, 2),
            java.util.Map.entry(TRAINING, 3),
            java.util.Map.entry(MODEL, 4));
    assertThat(r.edges()).contains(new GraphEdge(TRAINING, MODEL));
    assertThat(r.receipt().visited()).isEqualTo(5);
    assertThat(r.receipt().truncated()).isFalse();
    assertThat(r.receipt().depthReached()).isEqualTo(4);
    assertThat(r.receipt().position()).containsEntry("lineage.runs-0", 42L);
    assertThat(g.neighborCalls).isEqualTo(5);
  }

  @Test
  void upstreamOfTheModelReachesTheSourceWithEdgesInTheirOwnDirection() {
    Traversal.Result r = walk(seed(), MODEL, Direction.UPSTREAM, Integer.MAX_VALUE, 100);
    assertThat(r.depthOf()).containsEntry(SOURCE, 4);
    assertThat(r.edges()).contains(new GraphEdge(SOURCE, EXTRACT));
  }

  @Test
  void aDepthLimitCutsTheWalkAndSaysSo() {
    Traversal.Result r = walk(seed(), SOURCE, Direction.DOWNSTREAM, 2, 100);
    assertThat(r.depthOf()).containsOnlyKeys(SOURCE, EXTRACT, FEATURES);
    assertThat(r.receipt().truncated()).isTrue();
    assertThat(r.receipt().cutBy()).isEqualTo("depth");
    assertThat(r.receipt().depthReached()).isEqualTo(2);
  }

  @Test
  void aDepthLimitThatCutsNothingIsNotATruncation() {
    Traversal.Result r = walk(seed(), SOURCE, Direction.DOWNSTREAM, 4, 100);
    assertThat(r.receipt().truncated()).isFalse();
    assertThat(r.depthOf()).hasSize(5);
  }

  @Test
  void aSizeLimitCutsTheWalkAndSaysSo() {
    Traversal.Result r = walk(seed(), SOURCE, Direction.DOWNSTREAM, Integer.MAX_VALUE, 3);
    assertThat(r.depthOf()).hasSize(3);
    assertThat(r.receipt().cutBy()).isEqualTo("size");
  }

  @Test
  void aCycleEndsTheWalkInsteadOfHangingIt() {
    MapGraph g = new MapGraph().chain("run:a", "source:b", "run:c", "source:d", "run:a");
    Traversal.Result r = walk(g, "run:a", Direction.DOWNSTREAM, Integer.MAX_VALUE, 100);
    assertThat(r.depthOf()).hasSize(4);
    assertThat(r.edges()).contains(new GraphEdge("source:d", "run:a"));
    assertThat(r.receipt().truncated()).isFalse();
  }

  @Test
  void aDiamondVisitsItsJoinOnceButKeepsBothEdges() {
    MapGraph g = new MapGraph().chain(SOURCE, "run:left", MODEL).chain(SOURCE, "run:right", MODEL);
    Traversal.Result r = walk(g, SOURCE, Direction.DOWNSTREAM, Integer.MAX_VALUE, 100);
    assertThat(r.depthOf()).hasSize(4);
    assertThat(r.edges())
        .containsAll(List.of(new GraphEdge("run:left", MODEL), new GraphEdge("run:right", MODEL)));
  }

  @Test
  void severalStartsWalkTogetherThroughACycleEachNodeAtItsNearestDistance() {
    MapGraph g =
        new MapGraph()
            .chain("run:a", "source:b", "run:c", "source:d", "run:a")
            .chain("source:x", "run:y", "source:b");
    Traversal.Result r =
        Traversal.walk(
            g,
            new Traversal.Request(
                List.of("source:x", "source:d", "source:x"),
                Direction.DOWNSTREAM,
                Integer.MAX_VALUE,
                100,
                true));
    assertThat(r.depthOf())
        .containsEntry("source:x", 0)
        .containsEntry("source:d", 0)
        .containsEntry("run:y", 1)
        .containsEntry("run:a", 1)
        .containsEntry("source:b", 2)
        .containsEntry("run:c", 3)
        .hasSize(6);
    assertThat(r.edges())
        .contains(new GraphEdge("run:c", "source:d"), new GraphEdge("run:a", "source:b"));
    assertThat(r.receipt().visited()).isEqualTo(6);
    assertThat(r.receipt().truncated()).isFalse();
    assertThat(r.receipt().depthReached()).isEqualTo(3);
  }
}
