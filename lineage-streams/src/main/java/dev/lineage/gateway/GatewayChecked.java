package dev.lineage.gateway;

/**
 * A record of an OpenLineage topic after the gateway's checks: the verdict, what a rejection must
 * carry (the original value and where it came from) and, for an event the intake accepted, the
 * attested envelope to write. Lives only inside the sub-topology, never on a topic.
 *
 * @param attested the record value for the attested topic (intake only; null otherwise)
 * @param attestedKey its record key: the event's idempotency key (intake only)
 */
record GatewayChecked(
    byte[] rawValue,
    String topic,
    int partition,
    long offset,
    long appendedAt,
    GatewayVerdict verdict,
    byte[] attested,
    String attestedKey) {}
