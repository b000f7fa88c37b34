package dev.lineage.metrics;

import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.RawBody;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;

/**
 * The meters of one process and {@code GET /metrics}, their Prometheus text exposition. Made once
 * per process by whoever starts the apps (the launcher's stack, an app's {@code main}); the apps
 * and their topologies count into {@link #registry()}, the HTTP server times its routes into it.
 *
 * <p>{@code /metrics} is a read route: open while the read API is, behind the same bearer token
 * when one is set ({@code ApiAccess}); Prometheus sends it with {@code authorization:
 * credentials_file}. No label carries an id, a path or anything a caller or signer wrote.
 */
public final class PrometheusMetrics {
  public static final String PATH = "/metrics";

  /** The Prometheus text format, version 0.0.4: what every Prometheus server reads. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private PrometheusMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** A registry with the JVM's own meters (memory, GC, threads, classes, CPU, uptime). */
  public static PrometheusMetrics create() {
    return new PrometheusMetrics();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The text exposition of every meter now. */
  public String scrape() {
    return registry.scrape();
  }

  /** Mounts {@code GET /metrics} and times the server's routes into this registry. */
  public void mount(ApiServer api) {
    api.timeWith(registry);
    api.route(
        "GET",
        PATH,
        request ->
            ApiResponse.ok(
                new RawBody(CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8))));
  }
}
