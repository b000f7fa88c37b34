package dev.lineage.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aTakenPortAndAHeldDataDirectorySayWhichProblemTheyAre(@TempDir Path tmp) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  EmbeddedKafkaBroker.builder()
                      .dataDir(tmp.resolve("a"))
                      .kafkaPort(taken.getLocalPort())
                      .start())
          .isInstanceOfSatisfying(
              BrokerStartException.class,
              e -> assertThat(e.problem()).isEqualTo(BrokerStartException.Problem.PORT_IN_USE));
    }
    Path dir = Files.createDirectories(tmp.resolve("b"));
    try (FileChannel held =
            FileChannel.open(
                dir.resolve(DataDirLock.LOCK_FILE),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = held.lock()) {
      assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(dir).start())
          .isInstanceOfSatisfying(
              BrokerStartException.class,
              e -> assertThat(e.problem()).isEqualTo(BrokerStartException.Problem.DATA_DIR_IN_USE));
    }
  }
}
