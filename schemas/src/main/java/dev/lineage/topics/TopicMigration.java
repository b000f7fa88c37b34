package dev.lineage.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The steps that bring a topic made by an older deployment to its declaration, for the differences
 * where the declaration is right by design and the fix is known:
 *
 * <ul>
 *   <li>an event topic (or the keys topic) whose {@code message.timestamp.type} is not {@code
 *       LogAppendTime} (set to {@code CreateTime}, or left to a broker default of {@code
 *       CreateTime}): trust decisions use the broker's append time, and under {@code CreateTime} a
 *       record's timestamp is whatever its producer claims;
 *   <li>a keys topic whose {@code cleanup.policy} contains {@code compact}: compaction lets a
 *       tombstone erase a revocation, so the topic must be {@code delete} with unlimited retention,
 *       and the operator must check that no revocation is lost already.
 * </ul>
 *
 * <p>Every other difference (a shorter retention, fewer partitions, ...) has no migration: a person
 * decides whether the topic or the declaration is wrong. The provisioner never runs these steps
 * itself: changing a system-of-record topic is an operator's decision, and the revocation check
 * needs the operator's own records.
 *
 * @param topic the topic name
 * @param found the differences these steps fix, as the provisioner reported them
 * @param addConfigs the configs to set, all in one {@code kafka-configs.sh --alter} call; sorted
 * @param summary what is found and what is required, one short line per item
 * @param reasons why the declaration is right, one sentence per item; migrations of several topics
 *     share the same sentences, so a report prints each once
 * @param checks what to do after the alteration and before starting Lineage again (may be empty);
 *     {@value #BOOTSTRAP_PLACEHOLDER} stands for the cluster's bootstrap servers
 */
public record TopicMigration(
    String topic,
    List<TopicMismatch> found,
    Map<String, String> addConfigs,
    List<String> summary,
    List<String> reasons,
    List<String> checks) {

  /** Stands for the bootstrap servers in commands until {@link #render} fills them in. */
  public static final String BOOTSTRAP_PLACEHOLDER = "<bootstrap-servers>";

  static final String CLEANUP_POLICY = "cleanup.policy";

  static final String APPEND_TIME_REASON =
      "Trust decisions use the time the broker appended each record; under CreateTime a record's"
          + " timestamp is whatever its producer claims. Records appended before the change keep"
          + " the timestamp their producer gave them.";

  static final String COMPACTION_REASON =
      "A compacted keys topic lets a tombstone (or any later record) with a revocation's record"
          + " key erase that revocation, and every keyring rebuilt afterwards trusts the revoked"
          + " key again. Delete and unlimited retention are set in one command, so the topic is"
          + " never under delete with a finite retention.";

  public TopicMigration {
    Objects.requireNonNull(topic, "topic");
    found = List.copyOf(found);
    addConfigs = Collections.unmodifiableSortedMap(new TreeMap<>(addConfigs));
    summary = List.copyOf(summary);
    reasons = List.copyOf(reasons);
    checks = List.copyOf(checks);
    if (addConfigs.isEmpty()) {
      throw new IllegalArgumentException("a migration sets at least one config");
    }
  }

  /**
   * The migrations for {@code mismatches}, one per topic that needs one, in the order of the
   * declaration. Mismatches without a known migration are left out (they stay in the report).
   */
  public static List<TopicMigration> plan(Topics topics, List<TopicMismatch> mismatches) {
    Objects.requireNonNull(topics, "topics");
    Map<String, List<TopicMismatch>> byTopic = new LinkedHashMap<>();
    for (TopicSpec spec : topics.all()) {
      byTopic.put(spec.name(), new ArrayList<>());
    }
    for (TopicMismatch mismatch : mismatches) {
      List<TopicMismatch> ofTopic = byTopic.get(mismatch.topic());
      if (ofTopic != null) {
        ofTopic.add(mismatch);
      }
    }
    List<TopicMigration> migrations = new ArrayList<>();
    for (TopicSpec spec : topics.all()) {
      forTopic(topics, spec, byTopic.get(spec.name())).ifPresent(migrations::add);
    }
    return migrations;
  }

  private static Optional<TopicMigration> forTopic(
      Topics topics, TopicSpec spec, List<TopicMismatch> mismatches) {
    TopicMismatch timestamp = find(mismatches, Topics.TIMESTAMP_TYPE);
    boolean appendTimeMissing =
        timestamp != null
            && Topics.LOG_APPEND_TIME.equals(spec.configs().get(Topics.TIMESTAMP_TYPE));
    TopicMismatch cleanup = find(mismatches, CLEANUP_POLICY);
    boolean keysCompacted =
        spec.name().equals(topics.keys().name())
            && cleanup != null
            && tokens(cleanup.actual()).contains("compact");
    if (!appendTimeMissing && !keysCompacted) {
      return Optional.empty();
    }
    Map<String, String> add = new TreeMap<>();
    List<TopicMismatch> fixed = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    if (keysCompacted) {
      // Delete and unlimited retention in one request: the topic is never "delete" with the
      // broker's finite default retention, which would age grants and revocations out.
      for (String key : List.of(CLEANUP_POLICY, "retention.ms", "retention.bytes")) {
        add.put(key, spec.configs().get(key));
        TopicMismatch m = find(mismatches, key);
        if (m != null) {
          fixed.add(m);
        }
      }
      summary.add(
          CLEANUP_POLICY
              + " is "
              + cleanup.actual()
              + ", required "
              + spec.configs().get(CLEANUP_POLICY)
              + " (with retention.ms=-1 and retention.bytes=-1)");
      reasons.add(COMPACTION_REASON);
      checks.addAll(revocationCheck(topics));
    }
    if (appendTimeMissing) {
      add.put(Topics.TIMESTAMP_TYPE, Topics.LOG_APPEND_TIME);
      fixed.add(timestamp);
      summary.add(
          Topics.TIMESTAMP_TYPE
              + " is "
              + timestamp.actual()
              + " (set on the topic, or the broker's default), required "
              + Topics.LOG_APPEND_TIME);
      reasons.add(APPEND_TIME_REASON);
    }
    return Optional.of(new TopicMigration(spec.name(), fixed, add, summary, reasons, checks));
  }

  private static List<String> revocationCheck(Topics topics) {
    String keys = topics.keys().name();
    String prefixOption =
        topics.prefix().equals(Topics.DEFAULT_PREFIX)
            ? ""
            : " --topic-prefix '" + topics.prefix() + "'";
    return List.of(
        "Then, before starting Lineage again, check that compaction has not already removed a"
            + " revocation. List the revocations still on the topic, and any tombstone (size -1):",
        "  kcat -b "
            + BOOTSTRAP_PLACEHOLDER
            + " -C -t "
            + keys
            + " -o beginning -e -q -f '%o %k %S\\n' | grep -e '/revoked/' -e ' -1$'",
        "Compare them with your own records of every revocation issued (a revocation's record key"
            + " starts with the key id), and publish each missing one again, from its original"
            + " time:",
        "  lineage keys revoke --bootstrap-servers "
            + BOOTSTRAP_PLACEHOLDER
            + prefixOption
            + " --key <root or ADMIN private key> --key-id <revoked key id> --from <original"
            + " revocation time> --reason 'republished after keys topic compaction'");
  }

  /**
   * The {@code kafka-configs.sh} command that sets {@link #addConfigs}, for {@code
   * bootstrapServers}.
   */
  public String command(String bootstrapServers) {
    return "kafka-configs.sh --bootstrap-server "
        + bootstrapServers
        + " --entity-type topics --entity-name "
        + topic
        + " --alter --add-config "
        + addConfigs.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /**
   * The steps for a person, one line each, with {@code bootstrapServers} filled in: what is found
   * and required, the command, then the checks. The {@link #reasons} are left to the caller, which
   * prints each once for all topics.
   */
  public List<String> render(String bootstrapServers) {
    List<String> lines = new ArrayList<>();
    lines.add(topic + ": " + String.join("; ", summary));
    lines.add("  " + command(bootstrapServers));
    for (String check : checks) {
      lines.add("  " + check.replace(BOOTSTRAP_PLACEHOLDER, bootstrapServers));
    }
    return lines;
  }

  private static TopicMismatch find(List<TopicMismatch> mismatches, String key) {
    return mismatches.stream().filter(m -> m.key().equals(key)).findFirst().orElse(null);
  }

  private static List<String> tokens(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(token -> !token.isEmpty())
        .collect(Collectors.toList());
  }
}
