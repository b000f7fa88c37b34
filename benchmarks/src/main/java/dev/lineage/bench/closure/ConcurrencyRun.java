package dev.lineage.bench.closure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Closure answers per second under concurrency: {@code connections} threads, each with its own
 * connection ({@code clients} makes one per thread), ask for the same start's closure one call
 * after another (a closed loop) for a warm-up and then for the measured time; every answer is
 * checked against the reference size. What a sustained stream of small answers costs, beside the
 * sporadic calls {@link ClosureTimer} times.
 */
public final class ConcurrencyRun {
  /** One system at one concurrency: answers in the measured time and their latencies. */
  public record Result(
      String system, int connections, long answers, double seconds, Latency latency) {
    public double answersPerSecond() {
      return answers / seconds;
    }
  }

  private ConcurrencyRun() {}

  /**
   * Runs the loop.
   *
   * @param expected the closure size every answer must equal
   */
  public static Result run(
      String system,
      Supplier<ClosureClient> clients,
      String startId,
      long expected,
      int connections,
      double warmupSeconds,
      double seconds)
      throws InterruptedException {
    long[][] samples = new long[connections][];
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(connections);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int slot = c;
      threads.add(
          new Thread(
              () -> {
                try (ClosureClient client = clients.get()) {
                  check(client.closureSize(startId), expected, startId);
                  ready.countDown();
                  ready.await();
                  while (System.nanoTime() < window[0]) {
                    check(client.closureSize(startId), expected, startId);
                  }
                  long[] nanos = new long[1 << 14];
                  int n = 0;
                  long end = window[1];
                  for (long t0 = System.nanoTime(); t0 < end; t0 = System.nanoTime()) {
                    long size = client.closureSize(startId);
                    long took = System.nanoTime() - t0;
                    check(size, expected, startId);
                    if (n == nanos.length) {
                      nanos = Arrays.copyOf(nanos, n * 2);
                    }
                    nanos[n++] = took;
                  }
                  samples[slot] = Arrays.copyOf(nanos, n);
                } catch (RuntimeException e) {
                  failure.compareAndSet(null, e);
                  ready.countDown();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "concurrency-" + c));
    }
    // every connection opens (and answers once) before the clock starts
    long start = System.nanoTime() + 1_000_000_000L + connections * 20_000_000L;
    window[0] = start + (long) (warmupSeconds * 1e9);
    window[1] = window[0] + (long) (seconds * 1e9);
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).toArray();
    if (all.length == 0) {
      throw new IllegalStateException(system + " answered nothing in " + seconds + " s");
    }
    long total = all.length;
    return new Result(system, connections, total, seconds, Latency.ofNanos(all));
  }

  private static void check(long size, long expected, String startId) {
    if (size != expected) {
      throw new IllegalStateException(
          "closure of " + startId + " answered " + size + ", the reference is " + expected);
    }
  }

  /** The results as a markdown table. */
  public static String table(List<Result> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| system | connections | answers/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |"
            + " answers |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      Latency l = r.latency();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %,.0f | %.3f | %.3f | %.3f | %.3f | %.3f | %,d |%n",
              r.system(),
              r.connections(),
              r.answersPerSecond(),
              l.medianMillis(),
              l.percentileMillis(90),
              l.percentileMillis(99),
              l.percentileMillis(99.9),
              l.percentileMillis(100),
              r.answers()));
    }
    return out.toString();
  }
}
