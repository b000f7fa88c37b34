package dev.lineage.bench.chaos;

import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks one query every 200 ms and keeps the longest stretch of 503 answers (partitions moving) and
 * of failed answers (503, no connection, timeout). {@link #direct} asks one instance and reads only
 * the status code; {@link #failover} asks through {@link LineageApiClient} over every instance, one
 * round per query, as impact-service and the CLI do.
 */
final class Probe {
  /** One query: the HTTP status, or 0 when no answer came. */
  interface Query {
    int ask();
  }

  private final String name;
  private final Query query;
  private final Streak unavailable = new Streak();
  private final Streak failing = new Streak();
  private long asked;
  private long ok;
  private ScheduledExecutorService timer;

  private Probe(String name, Query query) {
    this.name = name;
    this.query = query;
  }

  static Probe direct(String name, URI base, String nodeId) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    URI uri = URI.create(base + "/v1/nodes/" + LineageApiClient.idPath(nodeId));
    return new Probe(
        name,
        () -> {
          try {
            return http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (java.io.IOException e) {
            return 0;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
          }
        });
  }

  static Probe failover(List<URI> bases, String nodeId) {
    LineageApiClient client =
        LineageApiClient.builder(bases)
            .maxAttempts(1)
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    return new Probe(
        "failover",
        () -> {
          try {
            client.node(nodeId, null);
            return 200;
          } catch (ApiErrorException e) {
            return e.status();
          } catch (RuntimeException e) {
            return 0;
          }
        });
  }

  private boolean answered;

  void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "probe-" + name));
    timer.scheduleWithFixedDelay(this::askOnce, 0, 200, TimeUnit.MILLISECONDS);
  }

  private synchronized void askOnce() {
    int status = query.ask();
    long now = System.nanoTime();
    if (!answered && status != 200) {
      // the load starts before the seed is folded: a probe counts from its first answer
      return;
    }
    answered = true;
    asked++;
    if (status == 200) {
      ok++;
    }
    unavailable.see(status == 503, now);
    failing.see(status != 200, now);
  }

  void stop() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized void writeTo(Properties p) {
    long now = System.nanoTime();
    p.setProperty("probe." + name + ".asked", Long.toString(asked));
    p.setProperty("probe." + name + ".ok", Long.toString(ok));
    p.setProperty("probe." + name + ".longest503Ms", Long.toString(unavailable.longestMs(now)));
    p.setProperty("probe." + name + ".longestFailingMs", Long.toString(failing.longestMs(now)));
  }

  /** The longest stretch in which every answer had some property, from its first to its end. */
  private static final class Streak {
    private long since = -1;
    private long longest;

    void see(boolean holds, long now) {
      if (holds && since < 0) {
        since = now;
      } else if (!holds && since >= 0) {
        longest = Math.max(longest, now - since);
        since = -1;
      }
    }

    long longestMs(long now) {
      long open = since >= 0 ? now - since : 0;
      return TimeUnit.NANOSECONDS.toMillis(Math.max(longest, open));
    }
  }
}
