package dev.lineage.hash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waits for file work run on a pool: an I/O failure in a task comes back as the {@link IOException}
 * it was, not wrapped twice, so callers report the file that failed.
 */
public final class ParallelIo {
  private ParallelIo() {}

  /** Waits for every task; the first failure is rethrown as the caller would have thrown it. */
  public static void awaitAll(List<Future<?>> futures, String what) throws IOException {
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }
}
