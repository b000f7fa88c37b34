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

  /**
   * Untimed calls on {@code starts} round-robin until {@code seconds} have passed, at least one per
   * start; answers are checked to agree per start as in {@link #time}. Returns the calls made.
   */
  public static int warmClass(
      ClosureClient client, java.util.List<ClosureSelector.Start> starts, double seconds) {
    long until = System.nanoTime() + (long) (seconds * 1e9);
    java.util.Map<String, Long> answers = new java.util.HashMap<>();
    int calls = 0;
    do {
      for (ClosureSelector.Start s : starts) {
        long size = client.closureSize(s.id());
        answers.merge(s.id(), size, (a, b) -> agree(a, b, s.id()));
        calls++;
      }
    } while (!starts.isEmpty() && System.nanoTime() < until);
    return calls;
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
