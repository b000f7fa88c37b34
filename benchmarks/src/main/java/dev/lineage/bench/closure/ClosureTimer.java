package dev.lineage.bench.closure;

/**
 * Times one system on one start: {@code warmup} untimed calls (caches, JIT, prepared plans), then
 * {@code reps} timed calls one after another, each timed on its own with {@link System#nanoTime()}.
 */
public final class ClosureTimer {

  /** The size the system answered (the same every time) and how long it took. */
  public record Timed(long answer, Latency latency) {}

  private ClosureTimer() {}

  public static Timed time(ClosureClient client, String startId, int warmup, int reps) {
    if (warmup < 0 || reps < 1) {
      throw new IllegalArgumentException("need warmup >= 0 and reps >= 1");
    }
    long answer = -1;
    for (int i = 0; i < warmup; i++) {
      answer = agree(answer, client.closureSize(startId), startId);
    }
    long[] nanos = new long[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      long size = client.closureSize(startId);
      nanos[i] = System.nanoTime() - t0;
      answer = agree(answer, size, startId);
    }
    return new Timed(answer, Latency.ofNanos(nanos));
  }

  /** A system whose answer changes between calls on an unchanging graph is not being measured. */
  private static long agree(long previous, long size, String startId) {
    if (previous >= 0 && previous != size) {
      throw new IllegalStateException(
          "closure of " + startId + " answered " + previous + " then " + size);
    }
    return size;
  }
}
