package dev.lineage.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServerPropertiesTest {
  private static final Path LOGS = Path.of("/data/kraft-logs");

  @Test
  void aSingleNodeIsNodeOneAloneWithFactorsOfOne() {
    Properties p = ServerProperties.singleNode("127.0.0.1", 9092, 9093, LOGS, Map.of());

    assertThat(p.getProperty("node.id")).isEqualTo("1");
    assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9093");
    assertThat(p.getProperty("default.replication.factor")).isEqualTo("1");
    assertThat(p.getProperty("min.insync.replicas")).isEqualTo("1");
    assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
    assertThat(p.getProperty("unclean.leader.election.enable")).isNull();
  }

  @Test
  void aNodeOfThreeVotersKeepsThreeCopiesAndWantsTwoInSync() {
    String voters = "1@127.0.0.1:19093,2@127.0.0.1:29093,3@127.0.0.1:39093";
    Properties p =
        ServerProperties.node(
            "127.0.0.1",
            29092,
            29093,
            LOGS,
            null,
            new ServerProperties.Quorum(2, voters),
            Map.of());

    assertThat(p.getProperty("node.id")).isEqualTo("2");
    assertThat(p.getProperty("controller.quorum.voters")).isEqualTo(voters);
    assertThat(p.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093");
    for (String key :
        new String[] {
          "default.replication.factor",
          "offsets.topic.replication.factor",
          "transaction.state.log.replication.factor",
          "share.coordinator.state.topic.replication.factor"
        }) {
      assertThat(p.getProperty(key)).as(key).isEqualTo("3");
    }
    for (String key :
        new String[] {
          "min.insync.replicas",
          "transaction.state.log.min.isr",
          "share.coordinator.state.topic.min.isr"
        }) {
      assertThat(p.getProperty(key)).as(key).isEqualTo("2");
    }
    assertThat(p.getProperty("unclean.leader.election.enable")).isEqualTo("false");
  }

  @Test
  void twoVotersKeepTwoCopies() {
    Properties p =
        ServerProperties.node(
            "127.0.0.1", 1, 2, LOGS, null, new ServerProperties.Quorum(1, "1@h:2,2@h:4"), Map.of());

    assertThat(p.getProperty("default.replication.factor")).isEqualTo("2");
    assertThat(p.getProperty("min.insync.replicas")).isEqualTo("2");
  }

  @Test
  void theBuilderRefusesAQuorumWithoutThisNodeOrAMalformedOne(
      @org.junit.jupiter.api.io.TempDir Path dir) {
    assertThatThrownBy(
            () ->
                EmbeddedKafkaBroker.builder()
                    .dataDir(dir)
                    .nodeId(4)
                    .controllerQuorumVoters("1@127.0.0.1:19093,2@127.0.0.1:29093")
                    .start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not name node 4");
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().controllerQuorumVoters("1@host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id@host:port");
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(dir).nodeId(2).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs controllerQuorumVoters");
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().clusterId("not-a-uuid"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base64 UUID");
  }
}
