package dev.lineage.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.lineage.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kafka.admin.ConfigCommand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Exit;
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
        .as("the keys topic is never compacted")
        .isEqualTo("delete");
    for (TopicSpec spec : topics.appendTimeTopics()) {
      assertThat(
              configs
                  .get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                  .get("message.timestamp.type")
                  .value())
          .as(spec.name())
          .isEqualTo("LogAppendTime");
    }
    assertThat(
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, topics.rejected().name()))
                .get("message.timestamp.type")
                .value())
        .as("the rejected topic keeps the broker default")
        .isEqualTo("CreateTime");
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
            List.of(
                new NewTopic(runs, 3, ONE_REPLICA)
                    .configs(
                        Map.of("retention.ms", "1000", "message.timestamp.type", "LogAppendTime"))))
        .all()
        .get();

    assertThatThrownBy(() -> TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT))
        .isInstanceOfSatisfying(
            TopicMismatchException.class,
            e -> {
              assertThat(e.mismatches())
                  .containsExactly(new TopicMismatch(runs, "retention.ms", "-1", "1000"));
              assertThat(e.migrations())
                  .as("a shorter retention has no migration: a person decides")
                  .isEmpty();
            })
        .hasMessageContaining(runs + ": retention.ms expected -1, actual 1000")
        .hasMessageNotContaining("Migration");
  }

  @Test
  void listsEveryMismatchOfEveryTopicAtOnce() throws Exception {
    Topics topics = freshTopics();
    String keys = topics.keys().name();
    String approvals = topics.approvals().name();
    admin
        .createTopics(
            List.of(
                new NewTopic(keys, 1, ONE_REPLICA).configs(Map.of("retention.bytes", "1024")),
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
        .hasMessageContaining(keys + ": retention.bytes expected -1, actual 1024")
        .hasMessageContaining(keys + ": retention.ms expected -1, actual 604800000")
        .hasMessageContaining(
            keys + ": message.timestamp.type expected LogAppendTime, actual CreateTime")
        .hasMessageContaining(approvals + ": partitions expected at least 3, actual 1")
        .hasMessageContaining(approvals + ": retention.ms expected -1, actual 604800000");
    assertThat(admin.listTopics().names().get())
        .as("a mismatch stops provisioning before anything is created")
        .doesNotContain(topics.artifacts().name(), topics.runs().name());
  }

  @Test
  void theBrokerStampsEveryEventTopicRecordWithItsAppendTimeWhateverTheProducerSaid()
      throws Exception {
    Topics topics = freshTopics();
    TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT);
    long claimed = System.currentTimeMillis() - Duration.ofDays(30).toMillis();

    for (TopicSpec spec : List.of(topics.runs(), topics.keys(), topics.approvals())) {
      long before = System.currentTimeMillis();
      RecordMetadata sent = produce(spec.name(), claimed);
      ConsumerRecord<byte[], byte[]> read = readFirst(spec.name());
      long after = System.currentTimeMillis();

      assertThat(read.timestampType()).as(spec.name()).isEqualTo(TimestampType.LOG_APPEND_TIME);
      assertThat(read.timestamp())
          .as(spec.name() + ": the broker's clock, not the producer's claim")
          .isBetween(before, after);
      assertThat(sent.timestamp())
          .as("the producer is told the append time")
          .isEqualTo(read.timestamp());
    }
    ConsumerRecord<byte[], byte[]> rejected = readFirstAfterProducing(topics.rejected(), claimed);
    assertThat(rejected.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    assertThat(rejected.timestamp())
        .as("the rejected topic keeps the timestamp it is given")
        .isEqualTo(claimed);
  }

  @Test
  void refusesEventTopicsWithCreateTimeAndTheCommandsItPrintsFixThem() throws Exception {
    Topics topics = freshTopics();
    String runs = topics.runs().name();
    String approvals = topics.approvals().name();
    // runs as an older Lineage created it (no timestamp type: the broker default, CreateTime);
    // approvals with CreateTime set explicitly
    createAndAwait(
        new NewTopic(runs, 3, ONE_REPLICA).configs(withoutTimestampType(topics.runs())),
        new NewTopic(approvals, 3, ONE_REPLICA)
            .configs(withTimestampType(topics.approvals(), "CreateTime")));

    TopicMismatchException refused = refusal(topics);

    assertThat(refused.mismatches())
        .containsExactly(
            new TopicMismatch(runs, "message.timestamp.type", "LogAppendTime", "CreateTime"),
            new TopicMismatch(approvals, "message.timestamp.type", "LogAppendTime", "CreateTime"));
    String message = refused.message(KAFKA.bootstrapServers());
    assertThat(message)
        .contains(runs + ": message.timestamp.type is CreateTime")
        .contains(
            "kafka-configs.sh --bootstrap-server "
                + KAFKA.bootstrapServers()
                + " --entity-type topics --entity-name "
                + runs
                + " --alter --add-config message.timestamp.type=LogAppendTime")
        .contains("--entity-name " + approvals + " --alter");
    assertThat(admin.listTopics().names().get())
        .as("nothing is created while an existing topic is refused")
        .doesNotContain(topics.artifacts().name());

    runKafkaConfigsCommandsOf(message);
    awaitConfig(runs, "message.timestamp.type", "LogAppendTime");
    awaitConfig(approvals, "message.timestamp.type", "LogAppendTime");

    ProvisionReport report = TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT);
    assertThat(report.existing()).containsExactly(runs, approvals);
    assertThat(readFirstAfterProducing(topics.runs(), 0L).timestampType())
        .isEqualTo(TimestampType.LOG_APPEND_TIME);
  }

  @Test
  void refusesACompactedKeysTopicWithTheRevocationCheckAndTheCommandItPrintsFixesIt()
      throws Exception {
    Topics topics = freshTopics();
    String keys = topics.keys().name();
    // the keys topic as Lineage declared it before: compacted, nothing else set
    createAndAwait(new NewTopic(keys, 1, ONE_REPLICA).configs(Map.of("cleanup.policy", "compact")));

    TopicMismatchException refused = refusal(topics);

    assertThat(refused.mismatches())
        .contains(
            new TopicMismatch(keys, "cleanup.policy", "delete", "compact"),
            new TopicMismatch(keys, "message.timestamp.type", "LogAppendTime", "CreateTime"));
    String message = refused.message(KAFKA.bootstrapServers());
    assertThat(message)
        .contains(keys + ": cleanup.policy is compact, required delete")
        .contains(
            "--entity-name "
                + keys
                + " --alter --add-config cleanup.policy=delete,message.timestamp.type=LogAppendTime,"
                + "retention.bytes=-1,retention.ms=-1")
        .contains("check that compaction has not already removed a revocation")
        .contains("kcat -b " + KAFKA.bootstrapServers() + " -C -t " + keys)
        .contains("lineage keys revoke --bootstrap-servers " + KAFKA.bootstrapServers());

    runKafkaConfigsCommandsOf(message);
    awaitConfig(keys, "cleanup.policy", "delete");
    awaitConfig(keys, "retention.ms", "-1");
    awaitConfig(keys, "message.timestamp.type", "LogAppendTime");

    ProvisionReport report = TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT);
    assertThat(report.existing()).containsExactly(keys);
  }

  @Test
  void aDeploymentOfTheOlderDeclarationsIsRefusedUntilMigratedThenPassesUnchanged()
      throws Exception {
    Topics topics = freshTopics();
    List<NewTopic> older = new ArrayList<>();
    for (TopicSpec spec : topics.all()) {
      Map<String, String> configs =
          spec.equals(topics.keys())
              ? Map.of("cleanup.policy", "compact")
              : withoutTimestampType(spec);
      older.add(new NewTopic(spec.name(), spec.partitions(), ONE_REPLICA).configs(configs));
    }
    createAndAwait(older.toArray(NewTopic[]::new));

    TopicMismatchException refused = refusal(topics);
    assertThat(refused.migrations())
        .extracting(TopicMigration::topic)
        .containsExactlyElementsOf(
            topics.appendTimeTopics().stream().map(TopicSpec::name).collect(Collectors.toList()));

    runKafkaConfigsCommandsOf(refused.message(KAFKA.bootstrapServers()));
    for (TopicSpec spec : topics.appendTimeTopics()) {
      awaitConfig(spec.name(), "message.timestamp.type", "LogAppendTime");
    }
    awaitConfig(topics.keys().name(), "cleanup.policy", "delete");

    ProvisionReport report = TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT);
    assertThat(report.changedNothing()).isTrue();
    assertThat(report.existing()).hasSize(topics.all().size());
  }

  private static TopicMismatchException refusal(Topics topics) {
    TopicMismatchException refused =
        catchThrowableOfType(
            TopicMismatchException.class,
            () -> TopicProvisioner.ensure(admin, topics, ONE_REPLICA, TIMEOUT));
    assertThat(refused).as("the provisioner refuses the existing topics").isNotNull();
    return refused;
  }

  private static Map<String, String> withoutTimestampType(TopicSpec spec) {
    Map<String, String> configs = new HashMap<>(spec.configs());
    configs.remove("message.timestamp.type");
    return configs;
  }

  private static Map<String, String> withTimestampType(TopicSpec spec, String type) {
    Map<String, String> configs = new HashMap<>(spec.configs());
    configs.put("message.timestamp.type", type);
    return configs;
  }

  /** Creates topics as another tool would, and waits until the broker lists them. */
  private static void createAndAwait(NewTopic... topics) throws Exception {
    admin.createTopics(List.of(topics)).all().get();
    List<String> names = Arrays.stream(topics).map(NewTopic::name).collect(Collectors.toList());
    await().atMost(TIMEOUT).until(() -> admin.listTopics().names().get().containsAll(names));
  }

  /**
   * Runs every {@code kafka-configs.sh} line of a refusal as printed, with Kafka's own tool: the
   * steps must work as written.
   */
  private static void runKafkaConfigsCommandsOf(String message) {
    List<String> commands =
        message
            .lines()
            .map(String::trim)
            .filter(line -> line.startsWith("kafka-configs.sh "))
            .collect(Collectors.toList());
    assertThat(commands).isNotEmpty();
    Exit.setExitProcedure(
        (code, why) -> {
          throw new AssertionError("kafka-configs exited " + code + ": " + why);
        });
    try {
      for (String command : commands) {
        String[] words = command.split(" ");
        ConfigCommand.main(Arrays.copyOfRange(words, 1, words.length));
      }
    } finally {
      Exit.resetExitProcedure();
    }
  }

  /** Polls until the broker reports {@code key=value} for the topic (alterations propagate). */
  private static void awaitConfig(String topic, String key, String value) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                value.equals(
                    admin
                        .describeConfigs(List.of(resource))
                        .all()
                        .get()
                        .get(resource)
                        .get(key)
                        .value()));
  }

  private static RecordMetadata produce(String topic, long timestamp) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      return producer
          .send(
              new ProducerRecord<>(
                  topic,
                  0,
                  timestamp,
                  "key".getBytes(StandardCharsets.UTF_8),
                  "value".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
  }

  private static ConsumerRecord<byte[], byte[]> readFirstAfterProducing(
      TopicSpec spec, long timestamp) throws Exception {
    produce(spec.name(), timestamp);
    return readFirst(spec.name());
  }

  private static ConsumerRecord<byte[], byte[]> readFirst(String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      await()
          .atMost(TIMEOUT)
          .pollInSameThread() // a KafkaConsumer belongs to one thread
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
              });
    }
    return records.get(0);
  }
}
