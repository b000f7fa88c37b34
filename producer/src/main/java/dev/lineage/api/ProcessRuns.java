package dev.lineage.api;

import java.util.List;

/**
 * The answer to {@code GET /v1/processes/{name}/runs}: the runs of the process that match the
 * version range and time window, by start then id.
 */
public record ProcessRuns(String process, List<ProcessRun> runs, Receipt receipt) {}
