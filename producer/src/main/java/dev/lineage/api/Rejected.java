package dev.lineage.api;

import java.util.List;

/** {@code GET /v1/rejected}: the newest records of the rejected topic, at most {@code limit}. */
public record Rejected(String topic, int limit, boolean complete, List<RejectedRecord> records) {}
