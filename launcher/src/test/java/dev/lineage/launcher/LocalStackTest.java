package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.broker.BrokerStartException;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code lineage up} says it cannot start, without starting a broker. */
class LocalStackTest {
  @TempDir Path tmp;

  private static int occurrences(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void aBusyKafkaPortGivesOneHintAndItIsTheOption() {
    String m =
        LocalStack.brokerFailure(
            new BrokerStartException(
                BrokerStartException.Problem.PORT_IN_USE,
                "Kafka port 9092 on 127.0.0.1 is already in use: stop whatever listens there or"
                    + " choose another port",
                null),
            9092);
    assertThat(occurrences(m, "choose another")).isEqualTo(1);
    assertThat(occurrences(m, "--kafka-port")).isEqualTo(1);
    assertThat(m).startsWith("Kafka port 9092 is already in use");
  }

  @Test
  void aLockedDataDirectoryIsNotSentToAnotherPort() {
    String m =
        LocalStack.brokerFailure(
            new BrokerStartException(
                BrokerStartException.Problem.DATA_DIR_IN_USE,
                "Data directory /d/kafka is in use by another running broker (it holds"
                    + " /d/kafka/.embedded-broker.lock): stop it or choose another data directory",
                null),
            9092);
    assertThat(m).doesNotContain("port").contains("in use by another running broker");
  }

  @Test
  void aSecondStackOnTheSameDataDirectoryIsToldTheDirectoryIsInUseWhateverItsPorts()
      throws Exception {
    Path dir = tmp.resolve("stack");
    java.nio.file.Files.createDirectories(dir);
    try (FileChannel held =
            FileChannel.open(
                dir.resolve(".lineage.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        var lock = held.lock();
        ServerSocket httpTaken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LocalStack.Settings settings =
          LocalStack.Settings.local(
              dir,
              0,
              httpTaken.getLocalPort(),
              null,
              Topics.withPrefix("lineage."),
              List.of(),
              KafkaClientConfig.none());
      assertThatThrownBy(
              () -> LocalStack.start(settings, new PrintWriter(new StringWriter(), true)).close())
          .isInstanceOf(CommandFailedException.class)
          .hasMessageStartingWith("data directory " + dir + " is in use by another running Lineage")
          .hasMessageEndingWith("choose another directory with --data-dir")
          .hasMessageNotContaining("port");
    }
  }
}
