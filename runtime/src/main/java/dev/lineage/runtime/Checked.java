package dev.lineage.runtime;

import dev.lineage.trust.Verdict;

/**
 * A record of an event topic after verification: the verdict, and what a rejection must carry (the
 * original value bytes and where the record came from). Lives only inside one sub-topology, never
 * on a topic. Public for {@link ParkingProcessor}, which other apps reuse.
 */
public record Checked(byte[] rawValue, String topic, int partition, long offset, Verdict verdict) {}
