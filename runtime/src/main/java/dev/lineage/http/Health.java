package dev.lineage.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The health of a process: each part it started (broker, topics, apps) reports whether it runs.
 * {@code GET /v1/health} answers 200 only when every registered part is up, 503 before and after.
 */
public final class Health {
  /** One part's state and a short, log-safe detail. */
  public record Status(boolean up, String detail) {
    public static Status up(String detail) {
      return new Status(true, detail);
    }

    public static Status down(String detail) {
      return new Status(false, detail);
    }
  }

  private final Map<String, Supplier<Status>> components = new LinkedHashMap<>();
  private volatile boolean stopping;

  public synchronized void register(String component, Supplier<Status> check) {
    components.put(component, check);
  }

  /** Marks the process as shutting down: health answers 503 from now on. */
  public void stopping() {
    stopping = true;
  }

  public ApiResponse answer() {
    Map<String, Supplier<Status>> snapshot;
    synchronized (this) {
      snapshot = new LinkedHashMap<>(components);
    }
    Map<String, Object> parts = new LinkedHashMap<>();
    boolean allUp = !stopping && !snapshot.isEmpty();
    for (Map.Entry<String, Supplier<Status>> e : snapshot.entrySet()) {
      Status s;
      try {
        s = e.getValue().get();
      } catch (RuntimeException ex) {
        s = Status.down("check failed: " + ex.getClass().getSimpleName());
      }
      allUp &= s.up();
      parts.put(e.getKey(), Map.of("status", s.up() ? "UP" : "DOWN", "detail", s.detail()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", stopping ? "STOPPING" : allUp ? "UP" : "DOWN");
    body.put("components", parts);
    return ApiResponse.of(allUp ? 200 : 503, body);
  }

  /** Registers {@code GET /v1/health} on a server. */
  public void mount(ApiServer server) {
    server.route("GET", "/v1/health", request -> answer());
  }
}
