package dev.lineage.query;

/**
 * One entry of the process-runs index: a run of a process, its version and when it ended (epoch
 * millis). When it started is on the run's node, held by the run id's owner.
 */
public record RunEntry(String id, String version, long endedAtMillis) {}
