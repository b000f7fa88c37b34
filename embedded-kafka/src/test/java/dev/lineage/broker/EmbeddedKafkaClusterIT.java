package dev.lineage.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Three nodes of one KRaft cluster in this JVM, as {@code lineage broker} runs them in three (one
 * node id each, one voter list, one cluster id): they form one cluster, and a topic created without
 * a replication factor gets three copies and wants two in sync.
 */
class EmbeddedKafkaClusterIT {
  @Test
  void threeVotersFormOneClusterWithThreeCopiesAndTwoInSync() throws Exception {
    Path root = Files.createDirectories(Path.of("target", "cluster-it"));
    Path dir = Files.createTempDirectory(root, "three-");
    int[] kafka = freePorts(3);
    int[] controller = freePorts(3);
    StringBuilder voters = new StringBuilder();
    for (int n = 0; n < 3; n++) {
      voters.append(n == 0 ? "" : ",").append(n + 1).append("@127.0.0.1:").append(controller[n]);
    }
    String clusterId = Uuid.randomUuid().toString();

    // a node answers only once a majority of voters runs: start all three at once
    List<CompletableFuture<EmbeddedKafkaBroker>> starting = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      EmbeddedKafkaBroker.Builder node =
          EmbeddedKafkaBroker.builder()
              .dataDir(dir.resolve("kafka-" + (n + 1)))
              .nodeId(n + 1)
              .controllerQuorumVoters(voters.toString())
              .clusterId(clusterId)
              .kafkaPort(kafka[n])
              .startupTimeout(Duration.ofSeconds(120));
      starting.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return node.start();
                } catch (BrokerStartException e) {
                  throw new CompletionException(e);
                }
              }));
    }
    List<EmbeddedKafkaBroker> nodes = new ArrayList<>();
    try {
      for (CompletableFuture<EmbeddedKafkaBroker> f : starting) {
        nodes.add(f.get(180, TimeUnit.SECONDS));
      }
      assertThat(nodes).extracting(EmbeddedKafkaBroker::clusterId).containsOnly(clusterId);
      assertThat(nodes.get(1).controllerPort()).isEqualTo(controller[1]);

      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, nodes.get(0).bootstrapServers()))) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
        admin
            .createTopics(
                List.of(
                    new NewTopic(
                        "three-copies", java.util.Optional.of(2), java.util.Optional.empty())))
            .all()
            .get(30, TimeUnit.SECONDS);
        // every node learns the new topic from the metadata log a moment later
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  TopicDescription topic =
                      admin
                          .describeTopics(List.of("three-copies"))
                          .allTopicNames()
                          .get(30, TimeUnit.SECONDS)
                          .get("three-copies");
                  assertThat(topic.partitions())
                      .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                  ConfigResource resource =
                      new ConfigResource(ConfigResource.Type.TOPIC, "three-copies");
                  Config config =
                      admin
                          .describeConfigs(List.of(resource))
                          .all()
                          .get(30, TimeUnit.SECONDS)
                          .get(resource);
                  assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
                });
      }
    } finally {
      // all at once: a node closed after the quorum is gone waits for it to shut down cleanly
      CompletableFuture.allOf(
              starting.stream()
                  .map(f -> f.thenAcceptAsync(EmbeddedKafkaBroker::close))
                  .toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .get(180, TimeUnit.SECONDS);
    }
  }

  private static int[] freePorts(int count) throws Exception {
    List<ServerSocket> open = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : open) {
        s.close();
      }
    }
  }
}
