package dev.lineage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
}
