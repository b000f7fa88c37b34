package dev.lineage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AdjacencyIndexTest {
  @Test
  void keepsEachNodesNeighborsInInsertionOrder() {
    AdjacencyIndex index = new AdjacencyIndex(new NodeInterner());
    index.add("p0", "source:a", "run:1");
    index.add("p0", "source:a", "run:2");
    index.add("p1", "run:1", "sha256:" + "b".repeat(64));
    assertThat(index.neighbors("source:a")).containsExactly("run:1", "run:2");
    assertThat(index.neighbors("run:1")).containsExactly("sha256:" + "b".repeat(64));
    assertThat(index.neighbors("run:unknown")).isEmpty();
    assertThat(index.edgeCount()).isEqualTo(3);
  }

  @Test
  void droppingAPartitionForgetsOnlyTheEdgesItHeld() {
    AdjacencyIndex index = new AdjacencyIndex(new NodeInterner());
    index.add("p0", "source:a", "run:1");
    index.add("p1", "source:b", "run:2");
    index.dropPartition("p0");
    assertThat(index.neighbors("source:a")).isEmpty();
    assertThat(index.neighbors("source:b")).containsExactly("run:2");
    assertThat(index.holdsPartition("p0")).isFalse();
    assertThat(index.edgeCount()).isEqualTo(1);
    index.add("p0", "source:a", "run:3");
    assertThat(index.neighbors("source:a")).containsExactly("run:3");
  }

  @Test
  void aNodeWithManyNeighborsGrowsWithoutLosingAny() {
    AdjacencyIndex index = new AdjacencyIndex(new NodeInterner());
    for (int i = 0; i < 100_000; i++) {
      index.add("p0", "source:hub", "run:" + i);
    }
    List<String> ns = index.neighbors("source:hub");
    assertThat(ns).hasSize(100_000);
    assertThat(ns.get(99_999)).isEqualTo("run:99999");
  }

  @Test
  void readersSeeAConsistentPrefixWhileAWriterAppends() throws Exception {
    AdjacencyIndex index = new AdjacencyIndex(new NodeInterner());
    index.add("p0", "source:hub", "run:0");
    int hub = index.interner().lookup("source:hub");
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> problem = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                int[] ns = index.neighbors(hub);
                for (int i = 0; i < ns.length; i++) {
                  if (!index.interner().name(ns[i]).equals("run:" + i)) {
                    problem.set("position " + i + " holds " + index.interner().name(ns[i]));
                  }
                }
              }
            });
    reader.start();
    List<String> expected = new ArrayList<>();
    expected.add("run:0");
    for (int i = 1; i < 50_000; i++) {
      index.add("p0", "source:hub", "run:" + i);
      expected.add("run:" + i);
    }
    done.set(true);
    reader.join();
    assertThat(problem.get()).isNull();
    assertThat(index.neighbors("source:hub")).isEqualTo(expected);
  }

  @Test
  void manyNodesGrowingInTurnKeepTheirNeighborsThroughCompactions() {
    AdjacencyIndex index = new AdjacencyIndex(new NodeInterner());
    Map<String, List<String>> expected = new HashMap<>();
    Random random = new Random(19);
    for (int i = 0; i < 200_000; i++) {
      String key = "source:n" + random.nextInt(20_000);
      String other = "run:" + i;
      String partition = "p" + Math.floorMod(key.hashCode(), 3);
      index.add(partition, key, other);
      expected.computeIfAbsent(key, k -> new ArrayList<>()).add(other);
      if (i == 120_000) {
        index.dropPartition("p1");
        expected.keySet().removeIf(k -> Math.floorMod(k.hashCode(), 3) == 1);
      }
    }
    long edges = expected.values().stream().mapToLong(List::size).sum();
    assertThat(index.edgeCount()).isEqualTo(edges);
    expected.forEach((key, ns) -> assertThat(index.neighbors(key)).as(key).isEqualTo(ns));
    for (int n = 0; n < 20_000; n++) {
      String key = "source:n" + n;
      if (!expected.containsKey(key)) {
        assertThat(index.neighbors(key)).as(key).isEmpty();
      }
    }
  }

  @Test
  void holdsAnEdgeInAFewIntsNotInObjectsPerNode() {
    NodeInterner interner = new NodeInterner();
    AdjacencyIndex index = new AdjacencyIndex(interner);
    // the benchmark graph's shape: about two edges per node, most nodes with one to three
    Random random = new Random(4);
    int nodes = 100_000;
    for (int i = 0; i < nodes; i++) {
      interner.intern("n:" + i);
    }
    int edges = 0;
    for (int i = 0; i < nodes; i++) {
      int degree = random.nextInt(5);
      for (int d = 0; d < degree; d++) {
        index.add("p0", "n:" + i, "n:" + random.nextInt(nodes));
        edges++;
      }
    }
    // CSR: three ints per node slot and one to two per edge, with room to grow; the list-per-node
    // layout this replaced took about 60 bytes per edge on this shape
    assertThat((double) index.bytesUsed() / edges).isLessThan(24.0);
  }
}
