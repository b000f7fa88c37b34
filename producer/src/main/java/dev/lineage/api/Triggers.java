package dev.lineage.api;

import java.util.List;

/**
 * {@code GET /v1/triggers?request=ID}: the request's verified triggers, the first appended copy of
 * each trigger id (later copies counted as {@code repeats}), records refused by the signature
 * check, how much of each partition was read, and whether that reached every partition's start.
 */
public record Triggers(
    String request,
    List<LoggedTrigger> triggers,
    int repeats,
    int refused,
    Scanned scanned,
    boolean complete) {

  /** How far back each partition was read, and how many partitions. */
  public record Scanned(int perPartition, int partitions) {}
}
