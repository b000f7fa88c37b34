package dev.lineage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsDefaultsTest {
  private static Properties minimal() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
    return p;
  }

  @Test
  void theProducersGetTheLongerTransactionTimeoutAndTheMainConsumerTheShorterSession() {
    Properties p = minimal();
    StreamsDefaults.applyTo(p);

    StreamsConfig config = new StreamsConfig(p);
    assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(config.getProducerConfigs("client"))
        .containsEntry("transaction.timeout.ms", "30000");
    assertThat(config.getMainConsumerConfigs("group", "client", 0))
        .containsEntry("session.timeout.ms", "15000")
        .containsEntry("heartbeat.interval.ms", "3000");
  }

  @Test
  void withoutThemExactlyOnceProducersAbortAfterTenSecondsAndTheGroupWaits45() {
    // what the settings are there to change: Kafka Streams' own exactly-once default, and the
    // consumer's default session (not set by Streams at all)
    Properties p = minimal();
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

    StreamsConfig config = new StreamsConfig(p);
    assertThat(config.getProducerConfigs("client")).containsEntry("transaction.timeout.ms", 10000);
    assertThat(config.getMainConsumerConfigs("group", "client", 0))
        .doesNotContainKey("session.timeout.ms");
  }

  @Test
  void anOverrideAppliedAfterwardsWinsWithOrWithoutItsClientPrefix() {
    Properties p = minimal();
    StreamsDefaults.applyTo(p);
    p.put("producer.transaction.timeout.ms", "60000");
    p.put("session.timeout.ms", "45000");

    StreamsConfig config = new StreamsConfig(p);
    assertThat(config.getProducerConfigs("client"))
        .containsEntry("transaction.timeout.ms", "60000");
    assertThat(config.getMainConsumerConfigs("group", "client", 0))
        .containsEntry("session.timeout.ms", "45000");
  }
}
