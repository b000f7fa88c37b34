package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.GraphEdge;
import dev.lineage.index.AdjacencyIndex;
import dev.lineage.index.NodeInterner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory closure must count exactly what the generic batched walk counts. */
class IndexedClosureTest {
  private final Map<String, List<String>> out = new HashMap<>();
  private final Map<String, String> kinds = new HashMap<>();
  private final AdjacencyIndex index = new AdjacencyIndex(new NodeInterner());

  private final GraphReader generic =
      new GraphReader() {
        @Override
        public Map<String, List<String>> neighbors(Collection<String> ids, Direction direction) {
          Map<String, List<String>> r = new LinkedHashMap<>();
          ids.forEach(id -> r.put(id, out.getOrDefault(id, List.of())));
          return r;
        }

        @Override
        public Map<String, GraphNode> nodes(Collection<String> ids) {
          Map<String, GraphNode> r = new LinkedHashMap<>();
          for (String id : ids) {
            if (kinds.containsKey(id)) {
              r.put(id, new GraphNode(id, kinds.get(id), null, null, Map.of(), null, null, true));
            }
          }
          return r;
        }

        @Override
        public Optional<String> resolveName(String name, Optional<String> version) {
          return Optional.empty();
        }

        @Override
        public List<RunEntry> processRuns(String process, RunsQuery query) {
          return List.of();
        }

        @Override
        public Map<String, Long> position() {
          return Map.of();
        }
      };

  private void edge(String from, String to) {
    out.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    index.add("p" + Math.floorMod(from.hashCode(), 3), from, to);
  }

  private void kind(String id, String kind) {
    kinds.put(id, kind);
    NodeInterner interner = index.interner();
    interner.setKind(interner.intern(id), kind);
  }

  /** Layers artifact → run → artifact with random reuse, some cycles, some unregistered sources. */
  private List<GraphEdge> randomGraph(long seed) {
    Random random = new Random(seed);
    List<GraphEdge> edges = new ArrayList<>();
    List<String> artifacts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      artifacts.add("source:s" + i); // never registered: kind from the id
    }
    for (int run = 0; run < 400; run++) {
      String r = "run:r" + run;
      kind(r, "RUN");
      for (int in = 0; in < 1 + random.nextInt(3); in++) {
        String a = artifacts.get(random.nextInt(artifacts.size()));
        edge(a, r);
        edges.add(new GraphEdge(a, r));
      }
      String output = "sha256:" + String.format("%064x", run);
      kind(output, random.nextBoolean() ? "MODEL" : "DATASET");
      edge(r, output);
      edges.add(new GraphEdge(r, output));
      artifacts.add(output);
      if (random.nextInt(50) == 0) {
        edge(output, "run:r" + random.nextInt(run + 1)); // a cycle now and then
      }
    }
    return edges;
  }

  @Test
  void countsEqualTheGenericWalkForEveryStartAndLimit() {
    randomGraph(7);
    for (String start :
        List.of("source:s0", "source:s7", "run:r3", "sha256:" + String.format("%064x", 5))) {
      for (int depth : new int[] {0, 1, 2, 5, Integer.MAX_VALUE}) {
        for (int maxNodes : new int[] {3, 50, Integer.MAX_VALUE}) {
          Traversal.Request request =
              new Traversal.Request(start, Direction.DOWNSTREAM, depth, maxNodes, false);
          ClosureSummary expected = ClosureSummary.walk(generic, request, Set.of());
          ClosureSummary actual = IndexedClosure.summarize(index, request, Set.of(), Map.of());
          assertThat(actual.counts())
              .as("%s depth %s max %s", start, depth, maxNodes)
              .isEqualTo(expected.counts());
          assertThat(actual.receipt()).isEqualTo(expected.receipt());
        }
      }
    }
  }

  @Test
  void kindsFilterTheCounts() {
    randomGraph(11);
    Traversal.Request request =
        new Traversal.Request(
            "source:s1", Direction.DOWNSTREAM, Integer.MAX_VALUE, 1_000_000, false);
    ClosureSummary models = IndexedClosure.summarize(index, request, Set.of("MODEL"), Map.of());
    assertThat(models.counts()).containsOnlyKeys("MODEL");
    assertThat(models.counts())
        .isEqualTo(ClosureSummary.walk(generic, request, Set.of("MODEL")).counts());
  }

  @Test
  void anUnknownStartIsAnEmptyClosure() {
    ClosureSummary s =
        IndexedClosure.summarize(
            index,
            new Traversal.Request("source:none", Direction.DOWNSTREAM, 5, 10, false),
            Set.of(),
            Map.of());
    assertThat(s.counts()).isEmpty();
    assertThat(s.receipt().visited()).isEqualTo(1);
  }
}
