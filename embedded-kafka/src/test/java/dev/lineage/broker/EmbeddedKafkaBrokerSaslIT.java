package dev.lineage.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The embedded broker with SASL/SCRAM and the standard authorizer: who may do what. */
class EmbeddedKafkaBrokerSaslIT {
  private static final String TOPIC = "guarded";

  @Test
  void onlyTheSuperUserAndWhatAnAclGrantsGetThrough() throws Exception {
    Path dataDir = Path.of("target", "it-brokers", "sasl-" + UUID.randomUUID());
    SaslScram sasl = SaslScram.sha512("admin", "admin-" + UUID.randomUUID());
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().dataDir(dataDir).sasl(sasl).start()) {
      assertThat(broker.securityProtocol()).isEqualTo("SASL_PLAINTEXT");
      assertThat(Files.getPosixFilePermissions(broker.serverProperties()))
          .as("it holds the super user's password")
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      try (Admin admin = Admin.create(client(broker, broker.superUserClientProperties()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }

      Map<String, String> alice = broker.upsertScramUser("alice", "alice-password");
      assertThatThrownBy(() -> send(broker, alice))
          .as("no ACL: refused by the broker")
          .hasCauseInstanceOf(TopicAuthorizationException.class);

      try (Admin admin = Admin.create(client(broker, broker.superUserClientProperties()))) {
        admin
            .createAcls(
                List.of(
                    new AclBinding(
                        new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
                        new AccessControlEntry(
                            "User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
            .all()
            .get();
      }
      // an ACL takes effect once the broker has its metadata record: alice's send goes through
      // then; a refusal meanwhile is the only failure worth waiting out
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptionsMatching(
              e ->
                  e instanceof ExecutionException
                      && e.getCause() instanceof TopicAuthorizationException)
          .untilAsserted(() -> send(broker, alice));

      Map<String, String> impostor = sasl.clientProperties("alice", "wrong-password");
      assertThatThrownBy(() -> send(broker, impostor))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  private static Map<String, Object> client(EmbeddedKafkaBroker broker, Map<String, String> sasl) {
    Map<String, Object> config = new HashMap<>(sasl);
    config.put("bootstrap.servers", broker.bootstrapServers());
    return config;
  }

  private static void send(EmbeddedKafkaBroker broker, Map<String, String> user)
      throws ExecutionException, InterruptedException {
    Map<String, Object> config = client(broker, user);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(TOPIC, "v".getBytes(StandardCharsets.UTF_8))).get();
    }
  }
}
