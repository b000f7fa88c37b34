package dev.lineage.bench.closure;

/**
 * A system that answers "how many nodes are downstream of this one?" — the thing the closure
 * benchmark times. One implementation per system under test (Lineage's HTTP API, PostgreSQL, the
 * in-memory reference); the harness times each the same way.
 */
public interface ClosureClient extends AutoCloseable {

  /**
   * The number of distinct nodes reachable downstream of {@code startId}, the start itself
   * excluded. Fails (unchecked) rather than answer a partial count.
   */
  long closureSize(String startId);

  /** Releases connections; the default holds none. */
  @Override
  default void close() {}
}
