package dev.lineage.query;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a registration states about a node beyond its name: sizes for artifacts, and for runs the
 * process, its configuration, manifest, times and the hardware it ran on. Every field may be null
 * (not stated, or not a run). Times are epoch millis.
 */
public record StatedDetails(
    String mediaType,
    Long sizeBytes,
    Long recordCount,
    String processName,
    String processVersion,
    String configDigest,
    String manifestDigest,
    Long startedAtMillis,
    Long endedAtMillis,
    Map<String, String> environment) {

  public StatedDetails {
    environment = environment == null ? null : new TreeMap<>(environment);
  }
}
