package dev.lineage.barrier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@link FoldOffsets} read with the app's own admin client (it reads the app's own consumer group:
 * no ACL beyond the app's) and, for the rare marker check, a group-less read_committed consumer.
 * Both are made on first use and kept; every call is bounded by the timeout.
 */
public final class AdminFoldOffsets implements FoldOffsets, AutoCloseable {
  private final Map<String, Object> config;
  private final String groupId;
  private final Duration timeout;
  private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
  private Admin admin;
  private KafkaConsumer<byte[], byte[]> reader;

  /**
   * @param config the admin client's configuration (bootstrap servers and security)
   * @param groupId the application id: the Streams consumer group
   */
  public AdminFoldOffsets(Map<String, Object> config, String groupId, Duration timeout) {
    this.config = Map.copyOf(config);
    this.groupId = groupId;
    this.timeout = timeout;
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(config);
    }
    return admin;
  }

  private List<TopicPartition> partitions(Collection<String> topics) {
    List<String> unknown = topics.stream().filter(t -> !partitionCounts.containsKey(t)).toList();
    if (!unknown.isEmpty()) {
      get(admin().describeTopics(unknown).allTopicNames(), "the partitions of " + unknown)
          .forEach((t, desc) -> partitionCounts.put(t, desc.partitions().size()));
    }
    List<TopicPartition> all = new ArrayList<>();
    for (String t : topics) {
      for (int p = 0; p < partitionCounts.get(t); p++) {
        all.add(new TopicPartition(t, p));
      }
    }
    return all;
  }

  @Override
  public Map<TopicPartition, Long> offsetsAt(Collection<String> topics, long time) {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (TopicPartition tp : partitions(topics)) {
      specs.put(tp, OffsetSpec.forTimestamp(time));
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> at =
        get(admin().listOffsets(specs).all(), "the offsets at " + time);
    Map<TopicPartition, Long> targets = new HashMap<>();
    List<String> none = new ArrayList<>();
    for (TopicPartition tp : specs.keySet()) {
      ListOffsetsResult.ListOffsetsResultInfo info = at.get(tp);
      if (info == null || info.offset() < 0) {
        none.add(tp.topic());
      } else {
        targets.put(tp, info.offset());
      }
    }
    if (!none.isEmpty()) {
      Map<TopicPartition, Long> ends = ends(none.stream().distinct().toList());
      for (TopicPartition tp : specs.keySet()) {
        targets.computeIfAbsent(tp, ends::get);
      }
    }
    return targets;
  }

  @Override
  public Map<TopicPartition, Long> ends(Collection<String> topics) {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    for (TopicPartition tp : partitions(topics)) {
      specs.put(tp, OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        get(
            admin()
                .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all(),
            "the end offsets of " + topics);
    Map<TopicPartition, Long> out = new HashMap<>();
    ends.forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  @Override
  public Map<TopicPartition, Long> committed() {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        get(
            admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
            "the committed offsets of " + groupId);
    Map<TopicPartition, Long> out = new HashMap<>();
    offsets.forEach(
        (tp, o) -> {
          if (o != null) {
            out.put(tp, o.offset());
          }
        });
    return out;
  }

  @Override
  public synchronized boolean nothingToRead(TopicPartition partition, long from, long to) {
    if (reader == null) {
      Map<String, Object> c = new HashMap<>(config);
      c.put("isolation.level", "read_committed");
      c.put("enable.auto.commit", "false");
      c.put("auto.offset.reset", "earliest");
      c.put("max.poll.records", "50");
      c.remove("group.id");
      reader = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    try {
      reader.assign(List.of(partition));
      long start =
          Math.max(from, reader.beginningOffsets(List.of(partition), timeout).get(partition));
      reader.seek(partition, start);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (reader.position(partition, timeout) < to) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
          if (r.offset() < to) {
            return false;
          }
        }
      }
      return true;
    } catch (RuntimeException e) {
      throw new FoldOffsetsUnavailable("cannot read " + partition + ": " + e.getMessage(), e);
    }
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new FoldOffsetsUnavailable("cannot read " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FoldOffsetsUnavailable("interrupted reading " + what, e);
    }
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(timeout);
    }
    if (reader != null) {
      reader.close();
    }
  }
}
