package dev.lineage.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lineage.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicProvisionerIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final short ONE_REPLICA = 1;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static Admin admin;

  @BeforeAll
  static void connect() {
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  /** A prefix of its own per test: the broker is shared by every IT of the JVM. */
  private static Topics freshTopics() {
    return Topics.withPrefix(KafkaBroker.uniqueName("it") + ".");
  }

  @Test
  void createsEveryDeclaredTopicWithItsPartitionsAndConfigs() throws Exception {
    Topics topics = freshTopics();

    ProvisionReport report = TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT);

    List<String> names = topics.all().stream().map(TopicSpec::name).collect(Collectors.toList());
    assertThat(report.created()).containsExactlyElementsOf(names);
    assertThat(report.existing()).isEmpty();
    Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
    List<ConfigResource> resources = new ArrayList<>();
    names.forEach(name -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name)));
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    for (TopicSpec spec : topics.all()) {
      assertThat(descriptions.get(spec.name()).partitions()).hasSize(spec.partitions());
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      spec.configs()
          .forEach(
              (key, value) ->
                  assertThat(config.get(key).value()).as(spec.name() + " " + key).isEqualTo(value));
    }
    assertThat(
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, topics.keys().name()))
                .get("cleanup.policy")
                .value())
        .isEqualTo("compact");
    assertThat(
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, topics.rejected().name()))
                .get("retention.ms")
                .value())
        .isEqualTo("2592000000");
  }

  @Test
  void aSecondEnsureChangesNothingAndReportsEveryTopicAsExisting() {
    Topics topics = freshTopics();
    TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT);

    ProvisionReport again = TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT);

    assertThat(again.created()).isEmpty();
    assertThat(again.changedNothing()).isTrue();
    assertThat(again.existing())
        .containsExactlyElementsOf(
            topics.all().stream().map(TopicSpec::name).collect(Collectors.toList()));
  }

  @Test
  void refusesATopicCreatedBeforehandWithAShorterRetentionAndNamesIt() throws Exception {
    Topics topics = freshTopics();
    String runs = topics.runs().name();
    admin
        .createTopics(
            List.of(new NewTopic(runs, 3, ONE_REPLICA).configs(Map.of("retention.ms", "1000"))))
        .all()
        .get();

    assertThatThrownBy(() -> TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT))
        .isInstanceOfSatisfying(
            TopicMismatchException.class,
            e ->
                assertThat(e.mismatches())
                    .containsExactly(new TopicMismatch(runs, "retention.ms", "-1", "1000")))
        .hasMessageContaining(runs + ": retention.ms expected -1, actual 1000");
  }

  @Test
  void listsEveryMismatchOfEveryTopicAtOnce() throws Exception {
    Topics topics = freshTopics();
    String keys = topics.keys().name();
    String approvals = topics.approvals().name();
    admin
        .createTopics(
            List.of(
                new NewTopic(keys, 1, ONE_REPLICA).configs(Map.of("cleanup.policy", "delete")),
                new NewTopic(approvals, 1, ONE_REPLICA)))
        .all()
        .get();
    // createTopics returns once the controller has them; the broker's metadata may lag a moment,
    // and the provisioner must see them as existing to report them rather than create the rest
    await()
        .atMost(TIMEOUT)
        .until(() -> admin.listTopics().names().get().containsAll(List.of(keys, approvals)));

    assertThatThrownBy(() -> TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT))
        .isInstanceOf(TopicMismatchException.class)
        .hasMessageContaining(keys + ": cleanup.policy expected compact, actual delete")
        .hasMessageContaining(approvals + ": partitions expected at least 3, actual 1")
        .hasMessageContaining(approvals + ": retention.ms expected -1, actual 604800000");
    assertThat(admin.listTopics().names().get())
        .as("a mismatch stops provisioning before anything is created")
        .doesNotContain(topics.artifacts().name(), topics.runs().name());
  }
}
