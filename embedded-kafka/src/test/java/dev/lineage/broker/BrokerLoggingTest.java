package dev.lineage.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BrokerLoggingTest {

  @Test
  void lowersUnconfiguredBrokerLoggersToWarnButKeepsWhatTheApplicationSet() {
    System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", "debug");

    BrokerLogging.quietUnlessConfigured();

    assertThat(LoggerFactory.getLogger("kafka.server.BrokerServer").isInfoEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("kafka.server.BrokerServer").isWarnEnabled()).isTrue();
    assertThat(LoggerFactory.getLogger("org.apache.kafka.raft.KafkaRaftClient").isInfoEnabled())
        .isFalse();
    assertThat(LoggerFactory.getLogger("state.change.logger").isDebugEnabled()).isTrue();
    assertThat(System.getProperty("org.slf4j.simpleLogger.log.state.change.logger"))
        .isEqualTo("debug");
  }

  @Test
  void leavesTheApplicationsClientLoggersAlone() {
    BrokerLogging.quietUnlessConfigured();

    assertThat(
            LoggerFactory.getLogger("org.apache.kafka.clients.consumer.KafkaConsumer")
                .isInfoEnabled())
        .isTrue();
  }
}
