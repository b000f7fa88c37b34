package dev.lineage.topics;

import java.util.List;

/**
 * Topics exist on the cluster but differ from their declaration. None was altered: altering a
 * system-of-record topic (shorter retention, compaction) can destroy history, so a person decides
 * whether the topic or the declaration is wrong.
 */
public final class TopicMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<TopicMismatch> mismatches;

  public TopicMismatchException(List<TopicMismatch> mismatches) {
    super(message(mismatches));
    this.mismatches = List.copyOf(mismatches);
  }

  /** Every difference found, in the order of the declared topics. */
  public List<TopicMismatch> mismatches() {
    return mismatches;
  }

  private static String message(List<TopicMismatch> mismatches) {
    if (mismatches.isEmpty()) {
      throw new IllegalArgumentException("a mismatch exception needs at least one mismatch");
    }
    StringBuilder text =
        new StringBuilder()
            .append(mismatches.size())
            .append(mismatches.size() == 1 ? " difference" : " differences")
            .append(" between the declared topics and the cluster (no topic was altered;")
            .append(" fix the topic or the declaration):");
    for (TopicMismatch mismatch : mismatches) {
      text.append(System.lineSeparator()).append("  ").append(mismatch);
    }
    return text.toString();
  }
}
