package dev.lineage.trust;

import dev.lineage.schemas.Reason;

/**
 * A record of {@code lineage.keys} that grants or revokes nothing: kept with its original bytes so
 * it can be reported on the rejected topic like any other refused record.
 */
public record RejectedKeyEvent(
    Reason reason, String detail, int partition, long offset, byte[] key, byte[] value) {}
