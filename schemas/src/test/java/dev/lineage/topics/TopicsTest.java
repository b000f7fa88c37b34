package dev.lineage.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void declaresTheTwelveTopicsOfTheDesignUnderTheDefaultPrefix() {
    assertThat(Topics.defaults().all())
        .extracting(TopicSpec::name)
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
            "lineage.log",
            "lineage.rejected");
  }

  @Test
  void eventLogsKeepEverythingAndCarryTheBrokersAppendTime() {
    Topics topics = Topics.defaults();
    for (TopicSpec log :
        new TopicSpec[] {
          topics.artifacts(),
          topics.runs(),
          topics.deletionRequests(),
          topics.bugReports(),
          topics.approvals(),
          topics.retrainingTriggers(),
          topics.impactReports(),
          topics.obligations(),
          topics.openLineageAttested()
        }) {
      assertThat(log.configs())
          .as(log.name())
          .containsOnly(
              Map.entry("retention.ms", "-1"),
              Map.entry("retention.bytes", "-1"),
              Map.entry("cleanup.policy", "delete"),
              Map.entry("message.timestamp.type", "LogAppendTime"));
      assertThat(log.partitions()).isEqualTo(Topics.DEFAULT_EVENT_PARTITIONS);
    }
  }

  @Test
  void theKeysTopicIsNeverCompactedKeepsEverythingOnOnePartitionAndCarriesTheAppendTime() {
    TopicSpec keys = Topics.defaults().keys();
    assertThat(keys.configs())
        .containsOnly(
            Map.entry("cleanup.policy", "delete"),
            Map.entry("retention.ms", "-1"),
            Map.entry("retention.bytes", "-1"),
            Map.entry("message.timestamp.type", "LogAppendTime"));
    assertThat(keys.partitions()).isEqualTo(1);
  }

  @Test
  void theLogTopicKeepsEverythingOnOnePartitionWithTheAppendTimeWhateverTheEventPartitions() {
    TopicSpec log = Topics.defaults().withEventPartitions(6).log();
    assertThat(log.configs())
        .containsOnly(
            Map.entry("cleanup.policy", "delete"),
            Map.entry("retention.ms", "-1"),
            Map.entry("retention.bytes", "-1"),
            Map.entry("message.timestamp.type", "LogAppendTime"));
    assertThat(log.partitions()).isEqualTo(1);
  }

  @Test
  void rejectedKeepsThirtyDaysAndTheTimestampItWasGiven() {
    assertThat(Topics.defaults().rejected().configs())
        .containsOnly(
            Map.entry("retention.ms", "2592000000"), Map.entry("cleanup.policy", "delete"));
  }

  @Test
  void everyTopicButRejectedCarriesTheAppendTime() {
    Topics topics = Topics.withPrefix("staging.");
    assertThat(topics.appendTimeTopics())
        .containsExactlyElementsOf(
            topics.all().stream().filter(t -> !t.equals(topics.rejected())).toList())
        .allSatisfy(
            t ->
                assertThat(t.configs())
                    .containsEntry(Topics.TIMESTAMP_TYPE, Topics.LOG_APPEND_TIME));
    assertThat(topics.appendTimeTopics()).hasSize(11);
  }

  @Test
  void prefixAndPartitionsAreConfigurableAndTheKeyringStaysSingle() {
    Topics topics = Topics.withPrefix("staging_lineage-").withEventPartitions(12);
    assertThat(topics.runs().name()).isEqualTo("staging_lineage-runs");
    assertThat(topics.runs().partitions()).isEqualTo(12);
    assertThat(topics.rejected().partitions()).isEqualTo(12);
    assertThat(topics.keys().partitions()).isEqualTo(1);
    assertThat(topics.log().partitions()).isEqualTo(1);
    assertThat(topics.log().name()).isEqualTo("staging_lineage-log");
    assertThat(Topics.withPrefix("").approvals().name()).isEqualTo("approvals");
  }

  @Test
  void rejectsPrefixesKafkaWouldRefuse() {
    assertThatThrownBy(() -> Topics.withPrefix("lineage/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lineage/");
    assertThatThrownBy(() -> Topics.withPrefix("line age."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Topics.withPrefix("x".repeat(240)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("249");
  }

  @Test
  void specsAreImmutableCopies() {
    Map<String, String> configs = new HashMap<>(Map.of("retention.ms", "-1"));
    TopicSpec spec = new TopicSpec("t", 1, configs);
    configs.put("retention.ms", "1");
    assertThat(spec.configs()).containsEntry("retention.ms", "-1");
    assertThatThrownBy(() -> spec.configs().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new TopicSpec("t", 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalDeclarationsAreEqual() {
    assertThat(Topics.withPrefix("lineage.")).isEqualTo(Topics.defaults());
    assertThat(Topics.defaults().withEventPartitions(6)).isNotEqualTo(Topics.defaults());
  }
}
