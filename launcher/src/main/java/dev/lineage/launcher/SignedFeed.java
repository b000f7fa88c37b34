package dev.lineage.launcher;

import dev.lineage.avro.Role;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.KeyLog;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.trust.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads signed events the impact service publishes (triggers, reports) as an orchestrator would:
 * only committed records ({@code read_committed}), each verified against the trust roots and the
 * keys topic read into memory, so nothing the service's key did not sign is ever shown as a
 * trigger. Reads every partition from the beginning without a consumer group: it is a viewer, it
 * commits nothing.
 */
final class SignedFeed implements AutoCloseable {
  /** One record of a followed topic with what verifying it decided. */
  record Item(String topic, int partition, long offset, Verdict verdict, byte[] value) {}

  private final KafkaConsumer<byte[], byte[]> events;
  private final KafkaConsumer<byte[], byte[]> keys;
  // topic -> event type -> the roles that may sign it
  private final Map<String, Map<EventType<?>, Set<Role>>> rules;
  private final KeyLog keyLog;
  private final EventVerifier verifier;
  private final Map<TopicPartition, Long> endAtStart;

  SignedFeed(
      String bootstrapServers,
      KafkaClientConfig kafka,
      Topics topics,
      TrustAnchors roots,
      Map<String, EventType<?>> typeOf,
      Role role,
      Duration timeout) {
    this(bootstrapServers, kafka, topics, roots, byTopic(typeOf, role), timeout);
  }

  /**
   * A feed of topics each holding event types signed by their own roles, e.g. every topic of a
   * request's trail ({@code lineage audit}).
   */
  SignedFeed(
      String bootstrapServers,
      KafkaClientConfig kafka,
      Topics topics,
      TrustAnchors roots,
      Map<String, Map<EventType<?>, Set<Role>>> rules,
      Duration timeout) {
    this.rules = Map.copyOf(rules);
    // the apps' default skew: a trigger is judged by the rules the apps judge events by
    this.keyLog = new KeyLog(roots, ClockSkew.defaults());
    this.verifier = new EventVerifier(keyLog.keyring(), ClockSkew.defaults());
    this.keys = consumer(kafka.clientProperties(bootstrapServers));
    this.events = consumer(kafka.clientProperties(bootstrapServers));
    try {
      assignFromStart(keys, List.of(topics.keys().name()), timeout);
      endAtStart = assignFromStart(events, this.rules.keySet(), timeout);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config) {
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // a read_committed fetch otherwise idles up to 500 ms after each transaction commits
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static Map<TopicPartition, Long> assignFromStart(
      KafkaConsumer<byte[], byte[]> consumer, Collection<String> topics, Duration timeout) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist (is Lineage up?)");
      }
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer.endOffsets(partitions, timeout);
  }

  /** The records that arrived within {@code wait}, each verified. */
  List<Item> poll(Duration wait) {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    events.poll(wait).forEach(batch::add);
    if (batch.isEmpty()) {
      return List.of();
    }
    readKeys();
    List<Item> items = new ArrayList<>(batch.size());
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      Verdict verdict = verify(r);
      if (!verdict.accepted() && verdict.rejection().reason() == Reason.UNKNOWN_KEY) {
        // the service granted its key moments ago: read the grant and decide again
        readKeys();
        verdict = verify(r);
      }
      items.add(new Item(r.topic(), r.partition(), r.offset(), verdict, r.value()));
    }
    return items;
  }

  private static Map<String, Map<EventType<?>, Set<Role>>> byTopic(
      Map<String, EventType<?>> typeOf, Role role) {
    Map<String, Map<EventType<?>, Set<Role>>> rules = new java.util.HashMap<>();
    typeOf.forEach((topic, type) -> rules.put(topic, Map.of(type, Set.of(role))));
    return rules;
  }

  private Verdict verify(ConsumerRecord<byte[], byte[]> r) {
    // the record timestamp is the broker's append time (the topics use LogAppendTime)
    Map<EventType<?>, Set<Role>> types = rules.get(r.topic());
    if (types.size() == 1) {
      Map.Entry<EventType<?>, Set<Role>> only = types.entrySet().iterator().next();
      return verifier.verify(List.of(only.getKey()), only.getValue(), r.value(), r.timestamp());
    }
    Map<EventType<?>, Role> one = new java.util.HashMap<>();
    types.forEach((type, roles) -> one.put(type, roles.iterator().next()));
    return verifier.verify(one, r.value(), r.timestamp());
  }

  /** Whether every record present when the feed opened has been read. */
  boolean caughtUp() {
    for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
      if (events.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void readKeys() {
    Map<TopicPartition, Long> end = keys.endOffsets(keys.assignment());
    while (end.entrySet().stream().anyMatch(e -> keys.position(e.getKey()) < e.getValue())) {
      keys.poll(Duration.ofMillis(200)).forEach(r -> keyLog.add(r.value(), r.timestamp()));
    }
  }

  @Override
  public void close() {
    if (events != null) {
      events.close(Duration.ofSeconds(5));
    }
    if (keys != null) {
      keys.close(Duration.ofSeconds(5));
    }
  }
}
