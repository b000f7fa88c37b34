package dev.lineage.query;

import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.id.NodeId;
import dev.lineage.id.VersionOrder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which runs of a process to list: an inclusive version range ({@link VersionOrder}) and a time
 * window a run must overlap, {@code startedAt < to} and {@code endedAt >= from}. Every bound is
 * optional. The same query parameters serve the public endpoint and the internal hop to the owner
 * of the process, which filters what its index holds (version, end) before the start times are read
 * from the runs' nodes.
 */
public record RunsQuery(String minVersion, String maxVersion, Instant from, Instant to) {

  public RunsQuery {
    if (minVersion != null
        && maxVersion != null
        && VersionOrder.INSTANCE.compare(minVersion, maxVersion) > 0) {
      throw ApiException.badRequest(
          "minVersion " + minVersion + " is above maxVersion " + maxVersion);
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw ApiException.badRequest("from " + from + " is after to " + to);
    }
  }

  public static RunsQuery all() {
    return new RunsQuery(null, null, null, null);
  }

  /**
   * Reads {@code minVersion}, {@code maxVersion}, {@code from} and {@code to}; mistakes are 400s.
   */
  public static RunsQuery parse(ApiRequest request) {
    return new RunsQuery(
        version(request, "minVersion"),
        version(request, "maxVersion"),
        instant(request, "from"),
        instant(request, "to"));
  }

  public boolean versionInRange(String version) {
    return (minVersion == null || VersionOrder.INSTANCE.compare(version, minVersion) >= 0)
        && (maxVersion == null || VersionOrder.INSTANCE.compare(version, maxVersion) <= 0);
  }

  /** What the owner of the index can decide alone: the version and the end of the run. */
  public boolean admits(RunEntry run) {
    return versionInRange(run.version())
        && (from == null || run.endedAtMillis() >= from.toEpochMilli());
  }

  /** Whether a run overlaps the window; a run whose start is not known yet never does. */
  public boolean overlaps(Long startedAtMillis, long endedAtMillis) {
    if (to != null && (startedAtMillis == null || startedAtMillis >= to.toEpochMilli())) {
      return false;
    }
    return from == null || endedAtMillis >= from.toEpochMilli();
  }

  /** The query parameters that ask for this query again, for the hop to the owner. */
  public Map<String, String> asParameters() {
    Map<String, String> p = new LinkedHashMap<>();
    if (minVersion != null) {
      p.put("minVersion", minVersion);
    }
    if (maxVersion != null) {
      p.put("maxVersion", maxVersion);
    }
    if (from != null) {
      p.put("from", from.toString());
    }
    if (to != null) {
      p.put("to", to.toString());
    }
    return p;
  }

  private static String version(ApiRequest request, String name) {
    Optional<String> v = request.queryParam(name);
    v.ifPresent(text -> NodeId.checkVersion(name, text));
    return v.orElse(null);
  }

  private static Instant instant(ApiRequest request, String name) {
    Optional<String> v = request.queryParam(name);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(v.get());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          name
              + " must be an ISO-8601 UTC time such as 2025-01-01T00:00:00Z, got '"
              + v.get()
              + "'");
    }
  }
}
