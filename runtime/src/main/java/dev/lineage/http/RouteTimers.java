package dev.lineage.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The latency timers of one route, one per status class, made on first use and kept: timing a
 * request looks up an array slot, no tags are built per request. The route label is the template
 * ({@code /v1/nodes/{id*}}), never the path asked for, so no id reaches a label and their number is
 * the number of routes.
 */
final class RouteTimers {
  static final String NAME = "lineage.http.requests";

  /** The label of requests that matched no route (404, 405, and heads refused before routing). */
  static final String UNMATCHED = "unmatched";

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(10)
  };

  private static final String[] STATUS = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

  private final String method;
  private final String route;
  private final Timer[] timers = new Timer[STATUS.length];

  RouteTimers(String method, String route) {
    this.method = method;
    this.route = route;
  }

  void record(MeterRegistry registry, int status, long nanos) {
    int c = status / 100;
    if (c < 1 || c >= STATUS.length) {
      c = 0;
    }
    Timer t = timers[c];
    if (t == null) {
      // a race makes the same timer twice: the registry hands back the one registered first
      t =
          Timer.builder(NAME)
              .description("HTTP requests by route template, method and status class")
              .tags("route", route, "method", method, "status", STATUS[c])
              .serviceLevelObjectives(BUCKETS)
              .register(registry);
      timers[c] = t;
    }
    t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
