package dev.lineage.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a stream thread that died, unless {@code maxFailures} threads died within {@code
 * window}: then something is persistently wrong and the whole application shuts down (every
 * instance), rather than spinning.
 */
public final class MaxFailuresHandler implements StreamsUncaughtExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(MaxFailuresHandler.class);

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Deque<Long> failures = new ArrayDeque<>();

  public MaxFailuresHandler(int maxFailures, Duration window) {
    this(maxFailures, window, Clock.systemUTC());
  }

  MaxFailuresHandler(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1");
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    long now = clock.millis();
    failures.addLast(now);
    while (!failures.isEmpty() && failures.peekFirst() < now - window.toMillis()) {
      failures.removeFirst();
    }
    if (failures.size() >= maxFailures) {
      log.error(
          "{} stream thread failures within {}: shutting the application down",
          failures.size(),
          window,
          exception);
      return StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
    }
    log.error("stream thread failed; replacing it", exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
