package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One run of a process: its id, the process version, and when it started (null when its node does
 * not say) and ended, ISO-8601 UTC.
 */
public record ProcessRun(String id, String version, String startedAt, String endedAt) {
  public static ProcessRun of(String id, String version, Instant startedAt, Instant endedAt) {
    return new ProcessRun(
        id,
        version,
        startedAt == null ? null : startedAt.toString(),
        endedAt == null ? null : endedAt.toString());
  }

  /**
   * @throws java.time.format.DateTimeParseException when the server sent a time that does not parse
   */
  @JsonIgnore
  public Instant startedAtInstant() {
    return startedAt == null ? null : Instant.parse(startedAt);
  }

  /**
   * @throws java.time.format.DateTimeParseException when the server sent a time that does not parse
   */
  @JsonIgnore
  public Instant endedAtInstant() {
    return endedAt == null ? null : Instant.parse(endedAt);
  }
}
