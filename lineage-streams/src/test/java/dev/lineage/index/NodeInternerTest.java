package dev.lineage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeInternerTest {
  @Test
  void internsOnceAndGivesNamesAndKindsBack() {
    NodeInterner interner = new NodeInterner();
    int a = interner.intern("source:a");
    assertThat(interner.intern("source:a")).isEqualTo(a);
    int b = interner.intern("run:b");
    assertThat(b).isNotEqualTo(a);
    assertThat(interner.name(b)).isEqualTo("run:b");
    assertThat(interner.lookup("run:none")).isEqualTo(-1);

    assertThat(interner.kind(a)).isNull();
    interner.setKind(a, "SOURCE");
    interner.setKind(b, "RUN");
    assertThat(interner.kind(a)).isEqualTo("SOURCE");
    assertThat(interner.kind(b)).isEqualTo("RUN");
  }

  @Test
  void growsPastItsInitialCapacityKeepingKinds() {
    NodeInterner interner = new NodeInterner();
    for (int i = 0; i < 5000; i++) {
      int n = interner.intern("run:" + i);
      interner.setKind(n, i % 2 == 0 ? "RUN" : "MODEL");
    }
    assertThat(interner.size()).isEqualTo(5000);
    assertThat(interner.kind(interner.lookup("run:4999"))).isEqualTo("MODEL");
    assertThat(interner.kind(interner.lookup("run:0"))).isEqualTo("RUN");
  }

  @Test
  void idsOfAnyCharactersAndLengthComeBackAsTheyWent() {
    NodeInterner interner = new NodeInterner();
    String[] ids = {
      "name:café",
      "source:日本語",
      "oci:r.example/team/app@sha256:" + "c".repeat(64),
      "x".repeat(40_000),
      ""
    };
    int[] nodes = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      nodes[i] = interner.intern(ids[i]);
    }
    for (int i = 0; i < ids.length; i++) {
      assertThat(interner.name(nodes[i])).isEqualTo(ids[i]);
      assertThat(interner.lookup(ids[i])).isEqualTo(nodes[i]);
      assertThat(interner.intern(ids[i])).isEqualTo(nodes[i]);
    }
    assertThat(interner.lookup("name:cafe")).isEqualTo(-1);
    assertThat(interner.size()).isEqualTo(ids.length);
  }

  @Test
  void readersFindEveryPublishedIdWhileTheTablesGrow() throws Exception {
    NodeInterner interner = new NodeInterner();
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> problem = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                int n = interner.size();
                for (int node = Math.max(0, n - 50); node < n; node++) {
                  String name = interner.name(node);
                  if (!name.equals("sha256:" + node) || interner.lookup(name) != node) {
                    problem.set(node + " reads as " + name);
                  }
                }
              }
            });
    reader.start();
    for (int i = 0; i < 300_000; i++) {
      assertThat(interner.intern("sha256:" + i)).isEqualTo(i);
    }
    done.set(true);
    reader.join();
    assertThat(problem.get()).isNull();
    for (int i = 0; i < 300_000; i += 997) {
      assertThat(interner.lookup("sha256:" + i)).isEqualTo(i);
    }
    // the ids' bytes plus about 13 per node, not a String and a map entry each
    assertThat((double) interner.bytesUsed() / 300_000).isLessThan(40.0);
  }
}
