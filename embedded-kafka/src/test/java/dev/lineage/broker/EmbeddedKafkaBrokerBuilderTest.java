package dev.lineage.broker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerBuilderTest {

  @Test
  void requiresADataDir() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataDir");
  }

  @Test
  void rejectsPortsOutsideTheTcpRange() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().kafkaPort(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafkaPort");
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().controllerPort(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("controllerPort");
  }

  @Test
  void rejectsTheSamePortForClientsAndController() {
    assertThatThrownBy(
            () ->
                EmbeddedKafkaBroker.builder()
                    .dataDir(Path.of("target", "never-created"))
                    .kafkaPort(19092)
                    .controllerPort(19092)
                    .start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
  }

  @Test
  void rejectsANonPositiveStartupTimeout() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().startupTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesToOverrideListenersBecauseTheyFollowFromHostAndPorts() {
    assertThatThrownBy(
            () -> EmbeddedKafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listeners");
  }
}
