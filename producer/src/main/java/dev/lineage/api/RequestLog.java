package dev.lineage.api;

import java.util.List;

/**
 * {@code GET /v1/request-log}: the newest verified requests first, how many records were refused
 * (bad signature, wrong role, …), and whether every partition was read to its start.
 */
public record RequestLog(List<LoggedRequest> requests, int refused, boolean complete) {}
