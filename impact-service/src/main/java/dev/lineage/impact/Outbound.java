package dev.lineage.impact;

/**
 * A signed record the impact processor publishes: a trigger or a report. Lives only inside one
 * sub-topology; the topology sends each kind to its topic.
 */
record Outbound(Kind kind, byte[] value) {
  enum Kind {
    TRIGGER,
    REPORT
  }
}
