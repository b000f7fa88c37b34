package dev.lineage.explorer;

import dev.lineage.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latest records of a topic, read on demand by a short-lived consumer without a group (it
 * commits nothing and joins nothing): the end of each partition is looked up, the consumer seeks
 * back by the number asked for and reads up to that end. Only committed records are read, so a
 * transaction the writer aborted never shows. At most four reads run at a time; a fifth caller gets
 * a 503 with {@code Retry-After}.
 */
final class TopicTail {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Comparator<ConsumerRecord<byte[], byte[]>> NEWEST_FIRST =
      Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> -r.timestamp())
          .thenComparingInt(ConsumerRecord::partition)
          .thenComparingLong(r -> -r.offset());
  private final Properties client;
  private final Semaphore running = new Semaphore(4);

  /** Which partitions to read, knowing how many the topic has. */
  @FunctionalInterface
  interface Partitions {
    Partitions ALL = (partition, count) -> true;

    boolean read(int partition, int count);

    /** The partitions Kafka's default partitioner sends these record keys to. */
    static Partitions ofKeys(java.util.Collection<String> keys) {
      return (partition, count) ->
          keys.stream()
              .anyMatch(
                  k ->
                      org.apache.kafka.common.utils.Utils.toPositive(
                                  org.apache.kafka.common.utils.Utils.murmur2(
                                      k.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                              % count
                          == partition);
    }
  }

  /** What was read, newest first, and whether every partition was read up to its end in time. */
  record Tail(List<ConsumerRecord<byte[], byte[]>> records, boolean complete, int partitions) {}

  /**
   * @param streamsConfig the app's Kafka Streams settings: the address and the security settings
   *     are taken from it, so the tail reads the cluster the app reads, as the app
   */
  TopicTail(Properties streamsConfig) {
    this.client = clientConfig(streamsConfig);
  }

  static Properties clientConfig(Properties streamsConfig) {
    Properties p = new Properties();
    for (String name : streamsConfig.stringPropertyNames()) {
      String value = streamsConfig.getProperty(name);
      if (name.equals(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
          || name.equals("client.dns.lookup")
          || name.startsWith("security.")
          || name.startsWith("sasl.")
          || name.startsWith("ssl.")) {
        p.put(name, value);
      }
    }
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "lineage-explorer-tail");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
    return p;
  }

  /**
   * The last {@code perPartition} records of each partition {@code partitions} admits, newest first
   * (by timestamp, then partition and offset).
   */
  Tail latest(String topic, Partitions partitions, int perPartition) {
    if (!running.tryAcquire()) {
      throw ApiException.unavailable("other reads of the topics are running; try again", 1);
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(client, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw ApiException.notFound("topic " + topic + " does not exist");
      }
      List<TopicPartition> assigned = new ArrayList<>();
      for (PartitionInfo info : infos) {
        if (partitions.read(info.partition(), infos.size())) {
          assigned.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(assigned, TIMEOUT);
      Set<TopicPartition> open = new HashSet<>();
      for (TopicPartition tp : assigned) {
        long from = Math.max(begin.get(tp), end.get(tp) - perPartition);
        consumer.seek(tp, from);
        if (from < end.get(tp)) {
          open.add(tp);
        }
      }
      List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(tp)) {
            found.add(r);
          }
        }
        open.removeIf(tp -> consumer.position(tp, TIMEOUT) >= end.get(tp));
      }
      found.sort(NEWEST_FIRST);
      return new Tail(found, open.isEmpty(), assigned.size());
    } catch (TimeoutException e) {
      throw ApiException.unavailable("Kafka did not answer in time: " + e.getMessage(), 1);
    } finally {
      running.release();
    }
  }
}
