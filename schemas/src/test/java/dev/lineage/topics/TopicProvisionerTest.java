package dev.lineage.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {
  private static final Node NODE = new Node(1, "localhost", 9092);

  @Test
  void aTopicAsDeclaredHasNoMismatch() {
    TopicSpec spec = Topics.defaults().runs();
    assertThat(
            TopicProvisioner.compare(
                spec, (short) 1, description(spec.name(), 3, 1), config(AS_DECLARED)))
        .isEmpty();
  }

  @Test
  void reportsEveryDifferenceWithTopicKeyExpectedAndActual() {
    TopicSpec spec = Topics.defaults().runs();
    List<TopicMismatch> mismatches =
        TopicProvisioner.compare(
            spec,
            (short) 3,
            description(spec.name(), 1, 1),
            config(
                Map.of(
                    "retention.ms",
                    "1000",
                    "cleanup.policy",
                    "compact",
                    "message.timestamp.type",
                    "CreateTime")));

    assertThat(mismatches)
        .containsExactly(
            new TopicMismatch("lineage.runs", "partitions", "at least 3", "1"),
            new TopicMismatch("lineage.runs", "replication.factor", "at least 3", "1"),
            new TopicMismatch("lineage.runs", "cleanup.policy", "delete", "compact"),
            new TopicMismatch(
                "lineage.runs", "message.timestamp.type", "LogAppendTime", "CreateTime"),
            new TopicMismatch("lineage.runs", "retention.bytes", "-1", "(unset)"),
            new TopicMismatch("lineage.runs", "retention.ms", "-1", "1000"));
  }

  @Test
  void morePartitionsThanDeclaredIsAScaledOutTopicNotAMismatch() {
    TopicSpec spec = Topics.defaults().keys();
    assertThat(
            TopicProvisioner.compare(
                spec, (short) 1, description(spec.name(), 4, 1), config(AS_DECLARED)))
        .isEmpty();
  }

  @Test
  void cleanupPolicyListsCompareAsSets() {
    assertThat(TopicProvisioner.sameValue("cleanup.policy", "compact,delete", "delete, compact"))
        .isTrue();
    assertThat(TopicProvisioner.sameValue("cleanup.policy", "compact", "compact,delete")).isFalse();
    assertThat(TopicProvisioner.sameValue("retention.ms", "-1", "-1")).isTrue();
    assertThat(TopicProvisioner.sameValue("retention.ms", "-1", "604800000")).isFalse();
  }

  @Test
  void theRejectedTopicMayKeepCreateTime() {
    TopicSpec spec = Topics.defaults().rejected();
    assertThat(
            TopicProvisioner.compare(
                spec,
                (short) 1,
                description(spec.name(), 3, 1),
                config(
                    Map.of(
                        "retention.ms",
                        "2592000000",
                        "cleanup.policy",
                        "delete",
                        "message.timestamp.type",
                        "CreateTime"))))
        .isEmpty();
  }

  @Test
  void theExceptionMessageListsEveryMismatch() {
    TopicMismatchException e =
        new TopicMismatchException(
            List.of(
                new TopicMismatch("lineage.runs", "retention.ms", "-1", "1000"),
                new TopicMismatch("lineage.keys", "partitions", "at least 1", "0")));
    assertThat(e.getMessage())
        .startsWith("2 differences")
        .contains("lineage.runs: retention.ms expected -1, actual 1000")
        .contains("lineage.keys: partitions expected at least 1, actual 0")
        .doesNotContain("Migration");
    assertThat(e.mismatches()).hasSize(2);
    assertThat(e.migrations()).isEmpty();
    assertThatThrownBy(() -> new TopicMismatchException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final Map<String, String> AS_DECLARED =
      Map.of(
          "retention.ms",
          "-1",
          "retention.bytes",
          "-1",
          "cleanup.policy",
          "delete",
          "message.timestamp.type",
          "LogAppendTime");

  private static TopicDescription description(String name, int partitions, int replicas) {
    List<TopicPartitionInfo> infos = new ArrayList<>();
    List<Node> replicaNodes = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      replicaNodes.add(new Node(r + 1, "localhost", 9092 + r));
    }
    for (int p = 0; p < partitions; p++) {
      infos.add(new TopicPartitionInfo(p, NODE, replicaNodes, replicaNodes));
    }
    return new TopicDescription(name, false, infos);
  }

  private static Config config(Map<String, String> values) {
    List<ConfigEntry> entries = new ArrayList<>();
    values.forEach((k, v) -> entries.add(new ConfigEntry(k, v)));
    return new Config(entries);
  }
}
