package dev.lineage.index;

import static org.assertj.core.api.Assertions.assertThat;

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
}
