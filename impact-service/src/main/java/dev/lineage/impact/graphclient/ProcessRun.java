package dev.lineage.impact.graphclient;

import java.time.Instant;

/** One run of a process ({@code GET /v1/processes/{name}/runs}, contract A.3). */
public record ProcessRun(String id, String version, Instant startedAt, Instant endedAt) {}
