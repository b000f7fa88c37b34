package dev.lineage.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class TopicTailTest {
  @Test
  void readsAsTheAppWithItsAddressAndSecurityButNoGroupAndCommittedRecordsOnly() {
    Properties streams = new Properties();
    streams.put("bootstrap.servers", "kafka-1:9092");
    streams.put("application.id", "lineage-streams");
    streams.put("security.protocol", "SASL_SSL");
    streams.put("sasl.mechanism", "SCRAM-SHA-512");
    streams.put("ssl.truststore.location", "/etc/kafka/trust.jks");
    streams.put("processing.guarantee", "exactly_once_v2");
    Properties client = TopicTail.clientConfig(streams);
    assertThat(client)
        .containsEntry("bootstrap.servers", "kafka-1:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/trust.jks")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", "false")
        .doesNotContainKeys("application.id", "group.id", "processing.guarantee");
  }

  @Test
  void findsThePartitionKafkasDefaultPartitionerGivesAKey() {
    for (String key : List.of("gdpr-demo-1796433789", "sha256:" + "ab".repeat(32), "x")) {
      int expected = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 3);
      for (int p = 0; p < 3; p++) {
        assertThat(TopicTail.Partitions.ofKeys(List.of(key)).read(p, 3))
            .as("%s in partition %d", key, p)
            .isEqualTo(p == expected);
      }
    }
  }
}
