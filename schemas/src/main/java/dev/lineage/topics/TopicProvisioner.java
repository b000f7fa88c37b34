package dev.lineage.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the declared topics that are missing and checks that every declared topic matches its
 * declaration. Run it at every start, before any application reads or writes: it is idempotent, and
 * a topic that differs (shorter retention, wrong cleanup policy, fewer partitions, {@code
 * CreateTime} timestamps) stops the start instead of being used.
 *
 * <p>Configs are compared with the value the cluster reports for the topic, whether set on the
 * topic or inherited from a broker default: an event topic created without {@code
 * message.timestamp.type} on a broker whose default is {@code CreateTime} is refused like one set
 * to {@code CreateTime}. Every difference is an error; for those of a deployment made before the
 * current declarations (an event topic without {@code LogAppendTime}, a compacted keys topic) the
 * {@link TopicMismatchException} also carries the {@link TopicMigration} steps.
 */
public final class TopicProvisioner {
  /** A topic just created may not be visible to every request for a moment. */
  private static final long RETRY_PAUSE_MS = 100;

  private TopicProvisioner() {}

  /**
   * Makes sure every topic of {@code topics} exists with its declared partitions and configs.
   *
   * @param admin a client of the cluster; not closed
   * @param topics the declaration
   * @param replicationFactor the replication factor of created topics, and the least an existing
   *     topic must have (1 for a single broker)
   * @param timeout how long the whole call may take
   * @return which topics were created and which already existed
   * @throws TopicMismatchException if any declared topic differs from its declaration; it lists
   *     every difference, and the migration steps of those that have one. No existing topic is
   *     altered, and when an existing topic differs, nothing is created either
   * @throws TopicProvisioningException if the cluster does not answer in time or refuses a request
   */
  public static ProvisionReport ensure(
      Admin admin, Topics topics, short replicationFactor, Duration timeout) {
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(timeout, "timeout");
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replicationFactor must be at least 1, got " + replicationFactor);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    Deadline deadline = new Deadline(timeout);
    List<TopicSpec> specs = topics.all();

    Set<String> present =
        deadline.await(
            "list topics",
            admin.listTopics(new ListTopicsOptions().timeoutMs(deadline.remainingMs())).names());
    List<TopicSpec> existing = new ArrayList<>();
    List<TopicSpec> missing = new ArrayList<>();
    for (TopicSpec spec : specs) {
      (present.contains(spec.name()) ? existing : missing).add(spec);
    }
    // Existing topics are checked before anything is created, so a mismatch leaves the cluster as
    // it was.
    throwIfAny(topics, mismatches(admin, existing, replicationFactor, deadline));
    List<TopicSpec> created = new ArrayList<>();
    List<TopicSpec> raced = new ArrayList<>();
    create(admin, missing, replicationFactor, deadline, created, raced);
    // A broker policy may alter a created topic, and a racing instance may have created one its
    // own way.
    throwIfAny(topics, mismatches(admin, missing, replicationFactor, deadline));
    existing.addAll(raced);
    return new ProvisionReport(namesInOrder(created, specs), namesInOrder(existing, specs));
  }

  private static List<TopicMismatch> mismatches(
      Admin admin, List<TopicSpec> specs, short replicationFactor, Deadline deadline) {
    if (specs.isEmpty()) {
      return List.of();
    }
    List<String> names = specs.stream().map(TopicSpec::name).collect(Collectors.toList());
    Map<String, TopicDescription> descriptions = describeTopics(admin, names, deadline);
    Map<String, Config> configs = describeConfigs(admin, names, deadline);
    List<TopicMismatch> mismatches = new ArrayList<>();
    for (TopicSpec spec : specs) {
      mismatches.addAll(
          compare(
              spec, replicationFactor, descriptions.get(spec.name()), configs.get(spec.name())));
    }
    return mismatches;
  }

  private static void throwIfAny(Topics topics, List<TopicMismatch> mismatches) {
    if (!mismatches.isEmpty()) {
      throw new TopicMismatchException(mismatches, TopicMigration.plan(topics, mismatches));
    }
  }

  private static void create(
      Admin admin,
      List<TopicSpec> missing,
      short replicationFactor,
      Deadline deadline,
      List<TopicSpec> created,
      List<TopicSpec> raced) {
    if (missing.isEmpty()) {
      return;
    }
    List<NewTopic> newTopics = new ArrayList<>();
    for (TopicSpec spec : missing) {
      newTopics.add(
          new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()));
    }
    Map<String, KafkaFuture<Void>> results =
        admin
            .createTopics(newTopics, new CreateTopicsOptions().timeoutMs(deadline.remainingMs()))
            .values();
    for (TopicSpec spec : missing) {
      try {
        deadline.awaitRaw(results.get(spec.name()));
        created.add(spec);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          // Another instance created it between our listing and our request; it is checked below.
          raced.add(spec);
        } else {
          throw new TopicProvisioningException(
              "Cannot create topic " + spec.name() + ": " + e.getCause(), e.getCause());
        }
      }
    }
  }

  private static Map<String, TopicDescription> describeTopics(
      Admin admin, List<String> names, Deadline deadline) {
    while (true) {
      try {
        return deadline.awaitRaw(
            admin
                .describeTopics(
                    names, new DescribeTopicsOptions().timeoutMs(deadline.remainingMs()))
                .allTopicNames());
      } catch (ExecutionException e) {
        deadline.retryIfUnknownTopic("describe topics " + names, e);
      }
    }
  }

  private static Map<String, Config> describeConfigs(
      Admin admin, List<String> names, Deadline deadline) {
    List<ConfigResource> resources =
        names.stream()
            .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
            .collect(Collectors.toList());
    while (true) {
      try {
        Map<ConfigResource, Config> byResource =
            deadline.awaitRaw(
                admin
                    .describeConfigs(
                        resources, new DescribeConfigsOptions().timeoutMs(deadline.remainingMs()))
                    .all());
        Map<String, Config> byName = new LinkedHashMap<>();
        byResource.forEach((resource, config) -> byName.put(resource.name(), config));
        return byName;
      } catch (ExecutionException e) {
        deadline.retryIfUnknownTopic("describe the configs of " + names, e);
      }
    }
  }

  static List<TopicMismatch> compare(
      TopicSpec spec, short replicationFactor, TopicDescription description, Config config) {
    List<TopicMismatch> mismatches = new ArrayList<>();
    String topic = spec.name();
    int partitions = description.partitions().size();
    if (partitions < spec.partitions()) {
      mismatches.add(
          new TopicMismatch(
              topic, "partitions", "at least " + spec.partitions(), Integer.toString(partitions)));
    }
    int replicas =
        description.partitions().stream()
            .map(TopicPartitionInfo::replicas)
            .mapToInt(List::size)
            .min()
            .orElse(0);
    if (replicas < replicationFactor) {
      mismatches.add(
          new TopicMismatch(
              topic,
              "replication.factor",
              "at least " + replicationFactor,
              Integer.toString(replicas)));
    }
    spec.sortedConfigs()
        .forEach(
            (key, expected) -> {
              ConfigEntry entry = config.get(key);
              String actual = entry == null || entry.value() == null ? "(unset)" : entry.value();
              if (!sameValue(key, expected, actual)) {
                mismatches.add(new TopicMismatch(topic, key, expected, actual));
              }
            });
    return mismatches;
  }

  /** List-valued configs such as {@code cleanup.policy=compact,delete} compare as sets. */
  static boolean sameValue(String key, String expected, String actual) {
    if (key.equals("cleanup.policy")) {
      return tokens(expected).equals(tokens(actual));
    }
    return expected.trim().equals(actual.trim());
  }

  private static Set<String> tokens(String list) {
    Set<String> tokens = new HashSet<>();
    Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(token -> !token.isEmpty())
        .forEach(tokens::add);
    return tokens;
  }

  private static List<String> namesInOrder(List<TopicSpec> subset, List<TopicSpec> declared) {
    return declared.stream()
        .filter(subset::contains)
        .map(TopicSpec::name)
        .collect(Collectors.toList());
  }

  /** One time budget shared by every request of a call. */
  private static final class Deadline {
    private final Duration timeout;
    private final long endNanos;

    Deadline(Duration timeout) {
      this.timeout = timeout;
      this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    int remainingMs() {
      long ms = TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime());
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    <T> T await(String what, KafkaFuture<T> future) {
      try {
        return awaitRaw(future);
      } catch (ExecutionException e) {
        throw new TopicProvisioningException("Cannot " + what + ": " + e.getCause(), e.getCause());
      }
    }

    <T> T awaitRaw(KafkaFuture<T> future) throws ExecutionException {
      try {
        return future.get(remainingMs(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw timedOut(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TopicProvisioningException("Interrupted while provisioning topics", e);
      }
    }

    void retryIfUnknownTopic(String what, ExecutionException e) {
      boolean unknownTopic = e.getCause() instanceof UnknownTopicOrPartitionException;
      if (!unknownTopic) {
        throw new TopicProvisioningException("Cannot " + what + ": " + e.getCause(), e.getCause());
      }
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS) >= endNanos) {
        throw timedOut(e.getCause());
      }
      try {
        TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new TopicProvisioningException("Interrupted while provisioning topics", interrupted);
      }
    }

    private TopicProvisioningException timedOut(Throwable cause) {
      return new TopicProvisioningException(
          "The Kafka cluster did not answer within "
              + timeout.toMillis()
              + " ms while provisioning topics",
          cause);
    }
  }
}
