package dev.lineage.bench.chaos;

import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Asks one query every 200 ms and keeps the longest stretch of 503 answers (partitions moving) and
 * of failed answers (503, no connection, timeout), and every stretch of 503 answers of a second or
 * more with what the API said in it (the message of its JSON error, digits as {@code N}), so a
 * report can tell a rebalance ("the nodes store is moving between instances") from a task restoring
 * its state or an instance that does not know its partitions yet. {@link #direct} asks one
 * instance, {@link #failover} asks through {@link LineageApiClient} over every instance, one round
 * per query, as impact-service and the CLI do.
 */
final class Probe {
  /** The 503 stretches kept in full (the longest is always kept apart). */
  static final int MAX_WINDOWS = 20;

  /** A stretch of 503 answers shorter than this is a blip, not a window worth naming. */
  static final Duration MIN_WINDOW = Duration.ofSeconds(1);

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** Always with seconds ({@code LocalTime.toString} leaves out ":00"). */
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** One answer: the HTTP status (0 when no answer came) and, for an error, what it said. */
  record Answer(int status, String why) {
    static final Answer OK = new Answer(200, "");
  }

  /** One query. */
  interface Query {
    Answer ask();
  }

  private final String name;
  private final Query query;
  private final Streak unavailable = new Streak();
  private final Streak failing = new Streak();
  private final List<Window> windows = new ArrayList<>();
  private Window open;
  private Window longestWindow;
  private long asked;
  private long ok;
  private long lastSeen;
  private ScheduledExecutorService timer;

  Probe(String name, Query query) {
    this.name = name;
    this.query = query;
  }

  static Probe direct(String name, URI base, String nodeId) {
    return through(name, List.of(base), nodeId);
  }

  static Probe failover(List<URI> bases, String nodeId) {
    return through("failover", bases, nodeId);
  }

  private static Probe through(String name, List<URI> bases, String nodeId) {
    LineageApiClient client =
        LineageApiClient.builder(bases)
            .maxAttempts(1)
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    return new Probe(
        name,
        () -> {
          try {
            client.node(nodeId, null);
            return Answer.OK;
          } catch (ApiErrorException e) {
            return new Answer(e.status(), e.getMessage());
          } catch (RuntimeException e) {
            return new Answer(0, e.getClass().getSimpleName());
          }
        });
  }

  private boolean answered;

  void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "probe-" + name));
    timer.scheduleWithFixedDelay(this::askOnce, 0, 200, TimeUnit.MILLISECONDS);
  }

  private void askOnce() {
    Answer answer = query.ask();
    see(answer, System.nanoTime(), Instant.now());
  }

  /** Takes in one answer seen at {@code now} (monotonic nanoseconds) and {@code wall}. */
  synchronized void see(Answer answer, long now, Instant wall) {
    if (!answered && answer.status() != 200) {
      // the load starts before the seed is folded: a probe counts from its first answer
      return;
    }
    answered = true;
    lastSeen = now;
    asked++;
    if (answer.status() == 200) {
      ok++;
    }
    boolean is503 = answer.status() == 503;
    unavailable.see(is503, now);
    failing.see(answer.status() != 200, now);
    if (is503) {
      if (open == null) {
        open = new Window(wall, now);
      }
      open.saw(reasonOf(answer.why()), now);
    } else if (open != null) {
      close(open, now);
      open = null;
    }
  }

  /** What the API said, with its numbers (partitions, offsets, times) as {@code N}. */
  static String reasonOf(String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    String r = DIGITS.matcher(message.strip()).replaceAll("N");
    return r.length() > 120 ? r.substring(0, 120) + "..." : r;
  }

  private void close(Window w, long now) {
    w.endNanos = now;
    if (longestWindow == null || w.nanos() > longestWindow.nanos()) {
      longestWindow = w;
    }
    if (w.nanos() >= MIN_WINDOW.toNanos() && windows.size() < MAX_WINDOWS) {
      windows.add(w);
    }
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

  /** Writes the figures as of the last answer seen (a stretch still open ends there). */
  synchronized void writeTo(Properties p) {
    long now = lastSeen;
    if (open != null) {
      close(open, now);
      open = null;
    }
    p.setProperty("probe." + name + ".asked", Long.toString(asked));
    p.setProperty("probe." + name + ".ok", Long.toString(ok));
    p.setProperty("probe." + name + ".longest503Ms", Long.toString(unavailable.longestMs(now)));
    p.setProperty("probe." + name + ".longestFailingMs", Long.toString(failing.longestMs(now)));
    p.setProperty(
        "probe." + name + ".longest503Reasons",
        longestWindow == null ? "" : longestWindow.reasons());
    p.setProperty(
        "probe." + name + ".windows503",
        windows.stream().map(Window::toString).collect(Collectors.joining(" | ")));
  }

  /** One stretch of 503 answers: when it began, how long it lasted, what was said how often. */
  private static final class Window {
    private final Instant start;
    private final long startNanos;
    private long endNanos;
    private final Map<String, Integer> said = new LinkedHashMap<>();

    Window(Instant start, long startNanos) {
      this.start = start;
      this.startNanos = startNanos;
      this.endNanos = startNanos;
    }

    void saw(String reason, long now) {
      said.merge(reason, 1, Integer::sum);
      endNanos = now;
    }

    long nanos() {
      return endNanos - startNanos;
    }

    String reasons() {
      return said.entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue() + "x)")
          .collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
      return CLOCK.format(start)
          + " "
          + TimeUnit.NANOSECONDS.toMillis(nanos())
          + " ms: "
          + reasons();
    }
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
