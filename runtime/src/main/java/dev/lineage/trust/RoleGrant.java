package dev.lineage.trust;

import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.Role;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.publish.Events;
import dev.lineage.publish.LineageClient;
import dev.lineage.publish.PublishResult;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Grants a service's own key its role on the keys topic, signed by an admin key, through the
 * producer library (so the record key is the keys topic's {@code <keyId>/granted/<envelope
 * digest>}). Valid from its append time on, which is before anything the service signs afterwards.
 * The impact service grants its key {@code IMPACT_SERVICE} here, lineage-streams its OpenLineage
 * gateway key {@code GATEWAY}.
 *
 * <p>Only when the key does not hold the role already: the keys topic keeps every record forever,
 * so a grant at every start would add one record per restart for nothing. The topic is read into a
 * {@link KeyLog} under the service's trust roots, the same rule the apps judge by.
 */
public final class RoleGrant {
  private RoleGrant() {}

  /**
   * Grants {@code role} to {@code service} unless it holds it now.
   *
   * @return the grant published, or empty when the key already held the role
   */
  public static Optional<PublishResult<KeyGranted>> ensure(
      String bootstrapServers,
      KafkaClientConfig kafka,
      Topics topics,
      TrustAnchors roots,
      Signer admin,
      Signer service,
      Role role,
      Duration timeout)
      throws IOException, InterruptedException {
    if (holds(bootstrapServers, kafka, topics, roots, service.keyId(), role, timeout)) {
      return Optional.empty();
    }
    return Optional.of(publish(bootstrapServers, kafka, topics, admin, service, role, timeout));
  }

  /** Whether the keys topic, as it stands, lets {@code keyId} act in {@code role} now. */
  public static boolean holds(
      String bootstrapServers,
      KafkaClientConfig kafka,
      Topics topics,
      TrustAnchors roots,
      String keyId,
      Role role,
      Duration timeout)
      throws IOException {
    KeyLog log = new KeyLog(roots, ClockSkew.defaults());
    // the cluster's security settings first, so the reader's own settings below win
    Map<String, Object> config = new HashMap<>(kafka.properties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> keys =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = keys.partitionsFor(topics.keys().name(), timeout);
      if (infos == null || infos.isEmpty()) {
        return false;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      keys.assign(partitions);
      keys.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = keys.endOffsets(partitions, timeout);
      while (end.entrySet().stream().anyMatch(e -> keys.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IOException("could not read " + topics.keys().name() + " within " + timeout);
        }
        keys.poll(Duration.ofMillis(200)).forEach(r -> log.add(r.value(), r.timestamp()));
      }
    } catch (KafkaException e) {
      throw new IOException("could not read " + topics.keys().name() + ": " + e.getMessage(), e);
    }
    return log.keyring().holds(keyId, role, System.currentTimeMillis());
  }

  /** Publishes the grant of {@code role} to {@code service}, signed by {@code admin}. */
  public static PublishResult<KeyGranted> publish(
      String bootstrapServers,
      KafkaClientConfig kafka,
      Topics topics,
      Signer admin,
      Signer service,
      Role role,
      Duration timeout)
      throws IOException, InterruptedException {
    try (LineageClient client =
        LineageClient.builder()
            .bootstrapServers(bootstrapServers)
            .properties(kafka.properties())
            .topics(topics)
            .signer(admin)
            .timeout(timeout)
            .build()) {
      return client
          .grantKey(Events.keyGrant(service.publicKey(), List.of(role)).build())
          .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(
          "could not grant the key " + role + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("could not grant the key " + role + " within " + timeout, e);
    }
  }
}
