package dev.lineage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

class KafkaBrokerLifecycleIT {

  /** What the probe saw; written by the separate JUnit run, read after it ended. */
  static final List<String> SEEN = new ArrayList<>();

  @Test
  void startsOneBrokerForAllTestClassesOfARunAndClosesItWhenTheRunEnds() throws Exception {
    SEEN.clear();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(FirstProbe.class), selectClass(SecondProbe.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(2).failed(0));

    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(1)).as("second class shares the broker").isEqualTo(SEEN.get(0));
    String[] hostPort = SEEN.get(0).split(",")[0].split(":");
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(
                    new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
              }
            })
        .as("the run's broker is closed once the run ends")
        .isInstanceOf(ConnectException.class);
  }

  @ExtendWith(KafkaBroker.class)
  static class FirstProbe {
    @Test
    void recordsItsBroker(KafkaBroker kafka) throws Exception {
      record(kafka);
    }
  }

  @ExtendWith(KafkaBroker.class)
  static class SecondProbe {
    @Test
    void recordsItsBroker(KafkaBroker kafka) throws Exception {
      record(kafka);
    }
  }

  private static void record(KafkaBroker kafka) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.describeCluster().nodes().get();
    }
    SEEN.add(kafka.bootstrapServers());
  }
}
