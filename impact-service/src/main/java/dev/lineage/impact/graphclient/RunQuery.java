package dev.lineage.impact.graphclient;

import java.time.Instant;
import java.util.Objects;

/**
 * The runs of a process in a version range (inclusive bounds, null for open) that overlap a time
 * window ({@code startedAt < to} and {@code endedAt >= from}; null for open).
 */
public record RunQuery(
    String processName, String minVersion, String maxVersion, Instant from, Instant to) {
  public RunQuery {
    Objects.requireNonNull(processName, "processName");
  }
}
