package dev.lineage.trust;

/**
 * A record of {@code lineage.keys} that grants or revokes nothing: kept with its original bytes so
 * it can be reported on the rejected topic like any other refused record.
 */
public record RejectedKeyEvent(
    String reason, String detail, int partition, long offset, byte[] key, byte[] value) {}
