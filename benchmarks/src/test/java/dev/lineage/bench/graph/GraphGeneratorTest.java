package dev.lineage.bench.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphGeneratorTest {
  private static final Pattern ARTIFACT_ID = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern SOURCE_ID = Pattern.compile("source:[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern RUN_ID = Pattern.compile("run:[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Set<String> ARTIFACT_KINDS =
      Set.of(GraphGenerator.DATASET, GraphGenerator.MODEL, GraphGenerator.PREDICTIONS);

  private static final LineageGraph GRAPH = GraphGenerator.generate(20_000, 42);

  @Test
  void sameSeedGivesTheSameGraph() throws IOException {
    assertThat(text(GraphGenerator.generate(5_000, 9)))
        .isEqualTo(text(GraphGenerator.generate(5_000, 9)));
  }

  @Test
  void anotherSeedGivesAnotherGraph() throws IOException {
    assertThat(text(GraphGenerator.generate(5_000, 9)))
        .isNotEqualTo(text(GraphGenerator.generate(5_000, 10)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 10, 999, 12_345})
  void hasExactlyTheNodesAskedFor(int nodes) {
    assertThat(GraphGenerator.generate(nodes, 1).size()).isEqualTo(nodes);
  }

  @Test
  void refusesAnEmptyGraph() {
    assertThatThrownBy(() -> GraphGenerator.generate(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyEdgeJoinsAnArtifactAndARun() {
    for (int v = 0; v < GRAPH.size(); v++) {
      boolean run = isRun(v);
      for (int w : GRAPH.successors(v)) {
        assertThat(isRun(w)).as(GRAPH.id(v) + " -> " + GRAPH.id(w)).isNotEqualTo(run);
      }
    }
  }

  @Test
  void edgesPointForwardInTimeSoTheGraphIsAcyclic() {
    for (int v = 0; v < GRAPH.size(); v++) {
      for (int w : GRAPH.successors(v)) {
        assertThat(w).isGreaterThan(v);
      }
    }
  }

  @Test
  void idsHaveLineageNodeIdFormsAndAreUnique() {
    Set<String> seen = new HashSet<>();
    for (int v = 0; v < GRAPH.size(); v++) {
      String id = GRAPH.id(v);
      assertThat(seen.add(id)).as(id).isTrue();
      switch (GRAPH.kind(v)) {
        case GraphGenerator.RUN -> assertThat(id).matches(RUN_ID);
        case GraphGenerator.SOURCE -> assertThat(id).matches(SOURCE_ID);
        default -> {
          assertThat(GRAPH.kind(v)).isIn(ARTIFACT_KINDS);
          assertThat(id).matches(ARTIFACT_ID);
        }
      }
    }
  }

  @Test
  void runsCarryProcessNameAndVersionAndReadAndWriteSomething() {
    for (int v = 0; v < GRAPH.size(); v++) {
      if (isRun(v)) {
        assertThat(GRAPH.name(v)).matches("(ingest|features|train|score)_[0-9]{3}");
        assertThat(GRAPH.version(v)).matches("1\\.[0-9]+");
        assertThat(GRAPH.inDegree(v)).isBetween(1, 6);
        assertThat(GRAPH.outDegree(v)).isBetween(1, 3);
      }
    }
  }

  @Test
  void sourcesHaveNoProducerAndEveryOtherArtifactExactlyOne() {
    for (int v = 0; v < GRAPH.size(); v++) {
      if (GraphGenerator.SOURCE.equals(GRAPH.kind(v))) {
        assertThat(GRAPH.inDegree(v)).isZero();
      } else if (!isRun(v)) {
        assertThat(GRAPH.inDegree(v)).as(GRAPH.id(v)).isEqualTo(1);
      }
    }
  }

  @Test
  void layersFollowTheLineageOrder() {
    for (int v = 0; v < GRAPH.size(); v++) {
      if (!isRun(v)) {
        continue;
      }
      String process = GRAPH.name(v).substring(0, GRAPH.name(v).indexOf('_'));
      Set<String> inputs = kinds(GRAPH.predecessors(v));
      Set<String> outputs = kinds(GRAPH.successors(v));
      switch (process) {
        case "ingest" -> {
          assertThat(inputs).containsOnly(GraphGenerator.SOURCE);
          assertThat(outputs).containsOnly(GraphGenerator.DATASET);
        }
        case "features" -> {
          assertThat(inputs).containsOnly(GraphGenerator.DATASET);
          assertThat(outputs).containsOnly(GraphGenerator.DATASET);
        }
        case "train" -> {
          assertThat(inputs).containsOnly(GraphGenerator.DATASET);
          assertThat(outputs).containsOnly(GraphGenerator.MODEL);
        }
        default -> {
          assertThat(inputs).contains(GraphGenerator.MODEL, GraphGenerator.DATASET);
          assertThat(outputs).containsOnly(GraphGenerator.PREDICTIONS);
        }
      }
    }
  }

  @Test
  void hasAboutTwoEdgesPerNodeAndEveryKind() {
    assertThat(GRAPH.edgeCount() / (double) GRAPH.size()).isBetween(1.8, 2.2);
    Map<String, Integer> counts = GRAPH.countsByKind();
    assertThat(counts.keySet())
        .containsExactlyInAnyOrder(
            GraphGenerator.SOURCE,
            GraphGenerator.RUN,
            GraphGenerator.DATASET,
            GraphGenerator.MODEL,
            GraphGenerator.PREDICTIONS);
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(GRAPH.size());
  }

  @Test
  void reuseIsHeavyTailed() {
    int[] reuse =
        IntStream.range(0, GRAPH.size())
            .filter(v -> !isRun(v) && !GraphGenerator.PREDICTIONS.equals(GRAPH.kind(v)))
            .map(GRAPH::outDegree)
            .sorted()
            .toArray();
    int median = reuse[reuse.length / 2];
    int max = reuse[reuse.length - 1];
    double mean = Arrays.stream(reuse).average().orElseThrow();
    // most artifacts feed a run or two, a few feed hundreds
    assertThat(median).isLessThanOrEqualTo(2);
    assertThat(max).isGreaterThan((int) (100 * mean));
  }

  private static boolean isRun(int v) {
    return GraphGenerator.RUN.equals(GRAPH.kind(v));
  }

  private static Set<String> kinds(int[] nodes) {
    Set<String> kinds = new HashSet<>();
    for (int n : nodes) {
      kinds.add(GRAPH.kind(n));
    }
    return kinds;
  }

  private static String text(LineageGraph graph) throws IOException {
    StringWriter out = new StringWriter();
    GraphCsv.writeEdges(graph, out, true);
    for (int v = 0; v < graph.size(); v++) {
      out.write(
          graph.id(v) + "," + graph.kind(v) + "," + graph.name(v) + "," + graph.version(v) + "\n");
    }
    return out.toString();
  }
}
