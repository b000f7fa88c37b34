package dev.lineage.api;

import java.util.List;

/** The answer to {@code GET /v1/paths}: every path found from one node to another. */
public record Paths(String from, String to, List<List<PathStep>> paths, Receipt receipt) {}
