package dev.lineage.bench.closure;

import java.util.Map;

/**
 * One system's timings, by start id.
 *
 * @param countsStartOnCycle whether the system counts the start itself when a cycle leads back to
 *     it (SQL's recursive {@code UNION} does; Lineage and the BFS do not)
 */
public record SystemRun(
    String name, boolean countsStartOnCycle, Map<String, ClosureTimer.Timed> byStart) {

  /** The answer this system should give for a start, from the reference walk. */
  public long expected(ClosureSelector.Start start) {
    return start.closureSize() + (countsStartOnCycle && start.onCycle() ? 1 : 0);
  }
}
