package dev.lineage.topics;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class TopicMigrationTest {
  private static final Topics TOPICS = Topics.defaults();
  private static final String BOOTSTRAP = "kafka-1:9092,kafka-2:9092";

  private static TopicMismatch createTime(String topic) {
    return new TopicMismatch(topic, "message.timestamp.type", "LogAppendTime", "CreateTime");
  }

  @Test
  void anEventTopicWithCreateTimeGetsTheCommandThatSetsLogAppendTime() {
    List<TopicMigration> plan =
        TopicMigration.plan(TOPICS, List.of(createTime("lineage.approvals")));

    assertThat(plan).hasSize(1);
    TopicMigration migration = plan.get(0);
    assertThat(migration.topic()).isEqualTo("lineage.approvals");
    assertThat(migration.addConfigs())
        .containsExactly(Map.entry("message.timestamp.type", "LogAppendTime"));
    assertThat(migration.command(BOOTSTRAP))
        .isEqualTo(
            "kafka-configs.sh --bootstrap-server kafka-1:9092,kafka-2:9092 --entity-type topics"
                + " --entity-name lineage.approvals --alter --add-config"
                + " message.timestamp.type=LogAppendTime");
    assertThat(migration.render(BOOTSTRAP))
        .containsExactly(
            "lineage.approvals: message.timestamp.type is CreateTime (set on the topic, or the"
                + " broker's default), required LogAppendTime",
            "  " + migration.command(BOOTSTRAP));
    assertThat(migration.reasons())
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("the time the broker appended each record")
        .contains("Records appended before the change keep the timestamp their producer gave");
    assertThat(migration.checks()).isEmpty();
  }

  @Test
  void everyEventTopicWithCreateTimeGetsItsOwnCommandInDeclarationOrderAndOneExplanation() {
    List<TopicMismatch> mismatches =
        new ArrayList<>(
            TOPICS.appendTimeTopics().stream()
                .map(TopicSpec::name)
                .map(TopicMigrationTest::createTime)
                .toList());
    Collections.reverse(mismatches);

    List<TopicMigration> plan = TopicMigration.plan(TOPICS, mismatches);

    assertThat(plan)
        .extracting(TopicMigration::topic)
        .containsExactly(
            "lineage.artifacts",
            "lineage.runs",
            "lineage.keys",
            "lineage.deletion-requests",
            "lineage.bug-reports",
            "lineage.approvals",
            "lineage.retraining-triggers",
            "lineage.impact-reports",
            "lineage.obligations",
            "lineage.openlineage-attested",
            "lineage.log");
    String message = new TopicMismatchException(mismatches, plan).getMessage();
    assertThat(message.split(Pattern.quote(TopicMigration.APPEND_TIME_REASON), -1))
        .as("the reason is printed once, not once per topic")
        .hasSize(2);
  }

  @Test
  void aCompactedKeysTopicGetsOneCommandForDeleteAndUnlimitedRetentionAndTheRevocationCheck() {
    List<TopicMismatch> mismatches =
        List.of(
            new TopicMismatch("lineage.keys", "cleanup.policy", "delete", "compact"),
            new TopicMismatch("lineage.keys", "retention.ms", "-1", "604800000"));

    List<TopicMigration> plan = TopicMigration.plan(TOPICS, mismatches);

    assertThat(plan).hasSize(1);
    TopicMigration migration = plan.get(0);
    assertThat(migration.found()).containsExactlyElementsOf(mismatches);
    assertThat(migration.command(BOOTSTRAP))
        .endsWith(
            " --entity-name lineage.keys --alter --add-config"
                + " cleanup.policy=delete,retention.bytes=-1,retention.ms=-1");
    String text = String.join("\n", migration.render(BOOTSTRAP));
    assertThat(text)
        .contains(
            "lineage.keys: cleanup.policy is compact, required delete (with retention.ms=-1 and"
                + " retention.bytes=-1)")
        .contains("before starting Lineage again, check that compaction has not already removed")
        .contains("kcat -b kafka-1:9092,kafka-2:9092 -C -t lineage.keys -o beginning -e -q")
        .contains(
            "lineage keys revoke --bootstrap-servers kafka-1:9092,kafka-2:9092 --key <root or"
                + " ADMIN private key> --key-id <revoked key id> --from <original revocation time>")
        .doesNotContain(TopicMigration.BOOTSTRAP_PLACEHOLDER)
        .doesNotContain("--topic-prefix");
    assertThat(migration.reasons())
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("a tombstone")
        .contains("erase that revocation");
  }

  @Test
  void aKeysTopicThatIsBothCompactedAndCreateTimeIsFixedByOneCommand() {
    List<TopicMigration> plan =
        TopicMigration.plan(
            TOPICS,
            List.of(
                new TopicMismatch("lineage.keys", "cleanup.policy", "delete", "compact,delete"),
                createTime("lineage.keys")));

    assertThat(plan).hasSize(1);
    assertThat(plan.get(0).command(BOOTSTRAP))
        .endsWith(
            " --add-config cleanup.policy=delete,message.timestamp.type=LogAppendTime,"
                + "retention.bytes=-1,retention.ms=-1");
    assertThat(plan.get(0).reasons()).hasSize(2);
  }

  @Test
  void theRevocationCheckNamesATopicPrefixOtherThanTheDefault() {
    Topics staging = Topics.withPrefix("staging.");
    List<TopicMigration> plan =
        TopicMigration.plan(
            staging,
            List.of(new TopicMismatch("staging.keys", "cleanup.policy", "delete", "compact")));

    assertThat(String.join("\n", plan.get(0).render(BOOTSTRAP)))
        .contains("-t staging.keys")
        .contains("lineage keys revoke --bootstrap-servers " + BOOTSTRAP + " --topic-prefix");
  }

  @Test
  void otherDifferencesHaveNoMigrationAPersonDecides() {
    List<TopicMismatch> mismatches =
        List.of(
            new TopicMismatch("lineage.runs", "retention.ms", "-1", "1000"),
            new TopicMismatch("lineage.runs", "cleanup.policy", "delete", "compact"),
            new TopicMismatch("lineage.keys", "retention.ms", "-1", "604800000"),
            new TopicMismatch("lineage.approvals", "partitions", "at least 3", "1"),
            new TopicMismatch("lineage.rejected", "message.timestamp.type", "x", "CreateTime"));

    assertThat(TopicMigration.plan(TOPICS, mismatches)).isEmpty();
  }

  @Test
  void theExceptionListsTheDifferencesThenTheMigrationWithTheAddressTheCallerGives() {
    List<TopicMismatch> mismatches =
        List.of(
            new TopicMismatch("lineage.runs", "retention.ms", "-1", "1000"),
            createTime("lineage.runs"),
            new TopicMismatch("lineage.keys", "cleanup.policy", "delete", "compact"));
    TopicMismatchException e =
        new TopicMismatchException(mismatches, TopicMigration.plan(TOPICS, mismatches));

    assertThat(e.getMessage())
        .startsWith("3 differences")
        .contains("lineage.runs: retention.ms expected -1, actual 1000")
        .contains("lineage.runs: message.timestamp.type expected LogAppendTime, actual CreateTime")
        .contains("lineage.keys: cleanup.policy expected delete, actual compact")
        .contains("Migration:")
        .contains("--bootstrap-server <bootstrap-servers> --entity-type topics");
    assertThat(e.message("127.0.0.1:9092"))
        .contains(
            "kafka-configs.sh --bootstrap-server 127.0.0.1:9092 --entity-type topics"
                + " --entity-name lineage.runs --alter --add-config"
                + " message.timestamp.type=LogAppendTime")
        .contains(
            "kafka-configs.sh --bootstrap-server 127.0.0.1:9092 --entity-type topics"
                + " --entity-name lineage.keys --alter --add-config"
                + " cleanup.policy=delete,retention.bytes=-1,retention.ms=-1")
        .doesNotContain(TopicMigration.BOOTSTRAP_PLACEHOLDER);
    assertThat(e.message("127.0.0.1:9092").indexOf("Migration:"))
        .as("the differences come first, the steps after them")
        .isGreaterThan(e.message("127.0.0.1:9092").indexOf("actual compact"));
    assertThat(e.migrations())
        .extracting(TopicMigration::topic)
        .containsExactly("lineage.runs", "lineage.keys");
    String afterWhy = e.getMessage().substring(e.getMessage().indexOf("Why:"));
    assertThat(afterWhy)
        .contains(TopicMigration.APPEND_TIME_REASON)
        .contains(TopicMigration.COMPACTION_REASON);
  }
}
