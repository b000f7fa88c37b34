package dev.lineage.topics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Topics exist on the cluster but differ from their declaration. None was altered: altering a
 * system-of-record topic (shorter retention, compaction) can destroy history, so a person decides
 * whether the topic or the declaration is wrong.
 *
 * <p>Where the declaration is right by design and the fix is known (an event topic without {@code
 * LogAppendTime}, a compacted keys topic: see {@link TopicMigration}), the message also gives the
 * migration steps, with the exact commands. {@link #getMessage()} writes {@value
 * TopicMigration#BOOTSTRAP_PLACEHOLDER} where the cluster's address goes; {@link #message(String)}
 * fills in the address the caller used.
 */
public final class TopicMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<TopicMismatch> mismatches;
  private final transient List<TopicMigration> migrations;

  /** Differences none of which has a known migration. */
  public TopicMismatchException(List<TopicMismatch> mismatches) {
    this(mismatches, List.of());
  }

  /**
   * @param mismatches every difference found, in the order of the declared topics
   * @param migrations the steps for those differences that have a known fix (may be empty)
   */
  public TopicMismatchException(List<TopicMismatch> mismatches, List<TopicMigration> migrations) {
    super(message(mismatches, migrations, TopicMigration.BOOTSTRAP_PLACEHOLDER));
    this.mismatches = List.copyOf(mismatches);
    this.migrations = List.copyOf(migrations);
  }

  /** Every difference found, in the order of the declared topics. */
  public List<TopicMismatch> mismatches() {
    return mismatches;
  }

  /** The migration steps for the differences that have a known fix, in declaration order. */
  public List<TopicMigration> migrations() {
    return migrations;
  }

  /** The message with {@code bootstrapServers} written into every command. */
  public String message(String bootstrapServers) {
    return message(mismatches, migrations, bootstrapServers);
  }

  private static String message(
      List<TopicMismatch> mismatches, List<TopicMigration> migrations, String bootstrapServers) {
    if (mismatches.isEmpty()) {
      throw new IllegalArgumentException("a mismatch exception needs at least one mismatch");
    }
    String nl = System.lineSeparator();
    StringBuilder text =
        new StringBuilder()
            .append(mismatches.size())
            .append(mismatches.size() == 1 ? " difference" : " differences")
            .append(" between the declared topics and the cluster (no topic was altered;")
            .append(" fix the topic or the declaration):");
    for (TopicMismatch mismatch : mismatches) {
      text.append(nl).append("  ").append(mismatch);
    }
    if (!migrations.isEmpty()) {
      text.append(nl)
          .append("Migration: these topics were made before Lineage required what they lack;")
          .append(" the declaration is right, fix the topic, then start again:");
      Set<String> reasons = new LinkedHashSet<>();
      for (TopicMigration migration : migrations) {
        for (String line : migration.render(bootstrapServers)) {
          text.append(nl).append("  ").append(line);
        }
        reasons.addAll(migration.reasons());
      }
      text.append(nl).append("Why:");
      for (String reason : reasons) {
        text.append(nl).append("  ").append(reason);
      }
    }
    return text.toString();
  }
}
