package dev.lineage.runtime;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings both apps share, in one place (lineage-streams' {@code
 * StreamsSettings}, impact-service's {@code ImpactSettings}): exactly-once, and how fast a failure
 * is got over. They are set without a client prefix, so a {@code streams.*} override in an app's
 * settings wins, with or without a prefix, as for every Streams setting. docs/reliability.md has
 * the chaos runs that measured them.
 *
 * <p><b>The transaction timeout</b> (30 s): under {@code exactly_once_v2} Kafka Streams lowers the
 * producers' {@code transaction.timeout.ms} from 60 s to 10 s. A broker that dies is noticed by the
 * controller only after {@code broker.session.timeout.ms} (9 s), and the transactions open then
 * wait for new partition leaders and for their coordinator's partition of {@code
 * __transaction_state} to be loaded on another broker: longer than 10 s, so the coordinator aborted
 * them and fenced stream threads of both apps 11-14 s after a broker's SIGKILL (2 of 3 kills). A
 * fenced thread closes its tasks dirty, which under exactly-once wipes their stores: a rebalance
 * and a restore from the changelogs after every broker failure. 30 s outlasts a broker failover
 * with room to spare. The cost: a transaction left open by an instance that dies holds back
 * read_committed readers of the partitions it wrote for up to 30 s instead of 10 s, unless the
 * instance comes back first (its restart aborts it at once: same transactional id).
 *
 * <p><b>The group session timeout</b> (15 s, heartbeats every 3 s): an instance that dies without
 * leaving the group (SIGKILL, a lost host) keeps its partitions until the group coordinator stops
 * hearing from it, by default 45 s; until then every instance answers queries for its partitions
 * 503 (they forward to it), and the restarted instance cannot join (the rebalance waits for the
 * dead member). Kafka's own default was 10 s until 3.0; it was raised for clients whose network
 * drops for seconds, where a needless rebalance is the greater harm. Here a needless rebalance is
 * cheap (standby replicas, cooperative rebalancing) and a dead owner is not, so 15 s: five missed
 * heartbeats. Heartbeats come from their own thread, so slow processing does not count (that is
 * {@code max.poll.interval.ms}).
 */
public final class StreamsDefaults {
  /** The Streams producers' {@code transaction.timeout.ms}. */
  public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

  /** The consumer group's {@code session.timeout.ms}. */
  public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);

  /** The consumer group's {@code heartbeat.interval.ms} (Kafka's default, said here with it). */
  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(3);

  private StreamsDefaults() {}

  /** Sets {@code exactly_once_v2}, the transaction timeout and the group's session timeout. */
  public static void applyTo(Properties streamsConfig) {
    streamsConfig.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    streamsConfig.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
    streamsConfig.put(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(SESSION_TIMEOUT.toMillis()));
    streamsConfig.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(HEARTBEAT_INTERVAL.toMillis()));
  }
}
