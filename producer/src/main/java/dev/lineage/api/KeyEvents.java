package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to {@code GET /v1/keys/{keyId}}: every grant and revocation of a key the keyring
 * admitted, in append order. Times are ISO-8601 UTC.
 */
public record KeyEvents(String keyId, List<Event> events) {
  public KeyEvents {
    events = events == null ? List.of() : List.copyOf(events);
  }

  /**
   * One grant ({@code roles}, {@code validFrom}, maybe {@code validUntil}) or revocation ({@code
   * revokedFrom}); what does not apply is left out.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Event(
      String kind,
      String appendedAt,
      String signedAt,
      List<String> roles,
      String validFrom,
      String validUntil,
      String revokedFrom,
      String envelope) {}
}
