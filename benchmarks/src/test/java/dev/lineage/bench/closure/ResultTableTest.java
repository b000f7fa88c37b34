package dev.lineage.bench.closure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  private static final ClosureSelector.Start PLAIN =
      new ClosureSelector.Start(0, "source:a", "SOURCE", 10, false);
  private static final ClosureSelector.Start CYCLIC =
      new ClosureSelector.Start(1, "source:b", "SOURCE", 11, true);
  private static final List<ClosureSelector.SizeClass> CLASSES =
      List.of(
          new ClosureSelector.SizeClass(10, 8, 12, List.of(PLAIN, CYCLIC)),
          new ClosureSelector.SizeClass(1_000, 800, 1_200, List.of()));

  private static ClosureTimer.Timed timed(long answer, long... nanos) {
    return new ClosureTimer.Timed(answer, Latency.ofNanos(nanos));
  }

  @Test
  void sqlMayCountACyclicStartButNobodyMayMiscount() {
    SystemRun sql =
        new SystemRun(
            "PostgreSQL", true, Map.of("source:a", timed(10, 1), "source:b", timed(12, 1)));
    SystemRun wrong =
        new SystemRun(
            "Lineage HTTP", false, Map.of("source:a", timed(10, 1), "source:b", timed(12, 1)));

    assertThat(ResultTable.mismatches(CLASSES, List.of(sql))).isEmpty();
    assertThat(ResultTable.mismatches(CLASSES, List.of(wrong)))
        .containsExactly("Lineage HTTP answered 12 for source:b, expected 11");
  }

  @Test
  void classRowsPoolTheStartsAndCompareWithTheFirstSystem() {
    SystemRun pg =
        new SystemRun(
            "PostgreSQL",
            true,
            Map.of("source:a", timed(10, 4_000_000), "source:b", timed(12, 6_000_000)));
    SystemRun bfs =
        new SystemRun(
            "in-memory BFS",
            false,
            Map.of("source:a", timed(10, 1_000), "source:b", timed(11, 3_000)));

    String table = ResultTable.bySizeClass(CLASSES, List.of(pg, bfs));

    assertThat(table.lines())
        .containsExactly(
            "| target | starts | closure sizes | PostgreSQL median ms | PostgreSQL p99 ms"
                + " | in-memory BFS median ms | in-memory BFS p99 ms | PostgreSQL ÷ in-memory BFS |",
            "|---|---|---|---|---|---|---|---|",
            "| 10 | 2 | 10, 11 | 5.00 | 6.00 | 0.0020 | 0.0030 | 2,500× |",
            "| 1,000 | 0 | none in 800–1,200 | – | – | – | – | – |");
  }

  @Test
  void startRowsNameEachStart() {
    SystemRun bfs = new SystemRun("in-memory BFS", false, Map.of("source:a", timed(10, 1_000)));

    String table = ResultTable.byStart(CLASSES, List.of(bfs));

    assertThat(table.lines())
        .contains("| 10 | `source:a` | SOURCE | 10 | 0.0010 | 0.0010 |")
        .contains("| 10 | `source:b` | SOURCE | 11 | – | – |");
  }
}
