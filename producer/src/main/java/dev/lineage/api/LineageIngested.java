package dev.lineage.api;

import java.util.List;

/**
 * The answer of {@code POST /api/v1/lineage}: every OpenLineage event of the request was valid,
 * attested by the gateway for this producer and written to the attested topic, in order. (Marquez
 * answers 201 with no body; this API answers 200 with where each attestation went.)
 *
 * @param producer the producer name the bearer token maps to; the attestations' source is {@code
 *     http:<producer>}
 * @param events one per event of the request, in its order
 */
public record LineageIngested(String producer, List<Event> events) {
  public LineageIngested {
    events = events == null ? List.of() : List.copyOf(events);
  }

  /**
   * One attested event.
   *
   * @param idempotencyKey {@code sha256:} of the event's canonical JSON (the attested record's key;
   *     a replay has the same key and is folded once)
   * @param envelope the digest of the attested envelope record
   * @param topic the attested topic
   * @param partition where it was written
   * @param offset where it was written
   */
  public record Event(
      String idempotencyKey, String envelope, String topic, int partition, long offset) {}
}
