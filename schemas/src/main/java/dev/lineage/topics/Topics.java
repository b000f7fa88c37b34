package dev.lineage.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The project's topics, declared once with their configs (DESIGN §4). Immutable; every application
 * and the provisioner take their names from here, so a prefix change reaches all of them.
 *
 * <p>Event logs are the system of record and keep everything: {@code cleanup.policy=delete} with
 * {@code retention.ms=-1} and {@code retention.bytes=-1} (declared, not left to the broker's
 * defaults, so a broker with a finite default retention cannot quietly age the history out). The
 * keys topic is an event log like the others and is <b>never compacted</b>: under compaction a
 * tombstone (or any later record) with a revocation's record key erases that revocation, and every
 * keyring rebuilt afterwards would trust the revoked key again. The rejected topic keeps 30 days.
 *
 * <p>Time: every event topic, the keys topic included, has {@code
 * message.timestamp.type=LogAppendTime}. The broker overwrites each record's timestamp with the
 * time it appended the record, so the timestamp every consumer sees ({@code ConsumerRecord
 * #timestamp()}, with {@code TimestampType.LOG_APPEND_TIME}) is the broker's clock, not a claim of
 * the producer: trust decisions (which key held which role when) use it (DESIGN §5). The rejected
 * topic keeps the broker default ({@code CreateTime}), so a refused record keeps the timestamp it
 * had on the topic it came from (its append time there), for investigation.
 *
 * <p>The {@link TopicProvisioner} refuses a deployment whose existing topics say otherwise, and for
 * the two settings above (an event topic with {@code CreateTime}, a compacted keys topic) its
 * {@link TopicMismatchException} gives the migration steps ({@link TopicMigration}).
 *
 * <p>Partitions: event logs and the rejected topic default to {@value #DEFAULT_EVENT_PARTITIONS}.
 * Partitions are the unit of parallelism of the Streams applications, and adding some later moves
 * keys to other partitions (losing per-key order across the change), so the count is chosen up
 * front: 3 lets up to three instances share the work while the embedded one-JVM setup keeps a small
 * number of tasks and RocksDB stores. They are all equal because the Streams topologies join and
 * merge these topics, which needs co-partitioned inputs. The keys topic has one partition: it is
 * small, read whole by every instance, and one partition gives every reader the same order of
 * grants and revocations (and one append-time order).
 */
public final class Topics {
  public static final String DEFAULT_PREFIX = "lineage.";
  public static final int DEFAULT_EVENT_PARTITIONS = 3;
  public static final int KEYS_PARTITIONS = 1;

  /** The transparency log's sequencer: one partition fixes one total order of its leaves. */
  public static final int LOG_PARTITIONS = 1;

  /** 30 days: long enough to investigate a rejection, short enough not to become a second log. */
  public static final long REJECTED_RETENTION_MS = 30L * 24 * 60 * 60 * 1000;

  /** The config that makes the broker's append time every record's timestamp. */
  public static final String TIMESTAMP_TYPE = "message.timestamp.type";

  /** The value of {@link #TIMESTAMP_TYPE} every event topic needs. */
  public static final String LOG_APPEND_TIME = "LogAppendTime";

  static final Map<String, String> EVENT_LOG_CONFIGS =
      Map.of(
          "cleanup.policy",
          "delete",
          "retention.ms",
          "-1",
          "retention.bytes",
          "-1",
          TIMESTAMP_TYPE,
          LOG_APPEND_TIME);

  /**
   * The keys topic is kept like every event log, never compacted: a tombstone must not erase a
   * revocation.
   */
  static final Map<String, String> KEYRING_CONFIGS = EVENT_LOG_CONFIGS;

  static final Map<String, String> REJECTED_CONFIGS =
      Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(REJECTED_RETENTION_MS));

  /** The longest suffix, so a prefix is checked against Kafka's 249-character limit once. */
  private static final String LONGEST_SUFFIX = "retraining-triggers";

  private final String prefix;
  private final int eventPartitions;
  private final TopicSpec artifacts;
  private final TopicSpec runs;
  private final TopicSpec keys;
  private final TopicSpec deletionRequests;
  private final TopicSpec bugReports;
  private final TopicSpec approvals;
  private final TopicSpec retrainingTriggers;
  private final TopicSpec impactReports;
  private final TopicSpec obligations;
  private final TopicSpec openLineageAttested;
  private final TopicSpec log;
  private final TopicSpec rejected;

  private Topics(String prefix, int eventPartitions) {
    this.prefix = prefix;
    this.eventPartitions = eventPartitions;
    this.artifacts = eventLog("artifacts");
    this.runs = eventLog("runs");
    this.keys = new TopicSpec(prefix + "keys", KEYS_PARTITIONS, KEYRING_CONFIGS);
    this.deletionRequests = eventLog("deletion-requests");
    this.bugReports = eventLog("bug-reports");
    this.approvals = eventLog("approvals");
    this.retrainingTriggers = eventLog("retraining-triggers");
    this.impactReports = eventLog("impact-reports");
    this.obligations = eventLog("obligations");
    this.openLineageAttested = eventLog("openlineage-attested");
    this.log = new TopicSpec(prefix + "log", LOG_PARTITIONS, EVENT_LOG_CONFIGS);
    this.rejected = new TopicSpec(prefix + "rejected", eventPartitions, REJECTED_CONFIGS);
  }

  /** The topics under the default prefix {@value #DEFAULT_PREFIX}. */
  public static Topics defaults() {
    return withPrefix(DEFAULT_PREFIX);
  }

  /**
   * The topics under {@code prefix}, e.g. {@code "lineage."} or {@code "staging.lineage."}; the
   * empty prefix gives bare names. The prefix may hold only the characters Kafka allows in topic
   * names: ASCII letters, digits, '.', '_' and '-'.
   */
  public static Topics withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty() && !TopicSpec.LEGAL_NAME.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Illegal topic prefix '"
              + prefix
              + "': use only ASCII letters, digits, '.', '_' and '-'");
    }
    if (prefix.length() + LONGEST_SUFFIX.length() > TopicSpec.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "Topic prefix is too long: "
              + prefix.length()
              + " characters leave no room under Kafka's limit of "
              + TopicSpec.MAX_NAME_LENGTH);
    }
    return new Topics(prefix, DEFAULT_EVENT_PARTITIONS);
  }

  /**
   * The same topics with {@code partitions} partitions for every event log and the rejected topic
   * (the keyring keeps one). Choose before the first start: the provisioner never lowers or raises
   * an existing topic's partitions, and refuses one that has fewer than declared.
   */
  public Topics withEventPartitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    return new Topics(prefix, partitions);
  }

  public String prefix() {
    return prefix;
  }

  public int eventPartitions() {
    return eventPartitions;
  }

  /** {@code ArtifactRegistered}, keyed by digest. */
  public TopicSpec artifacts() {
    return artifacts;
  }

  /** {@code RunCompleted}, keyed by run id. */
  public TopicSpec runs() {
    return runs;
  }

  /**
   * {@code KeyGranted} / {@code KeyRevoked}, keyed by {@code <keyId>/<granted|revoked>/<envelope
   * digest>}; one partition, kept forever, never compacted.
   */
  public TopicSpec keys() {
    return keys;
  }

  /** {@code DeletionRequested}, keyed by request id. */
  public TopicSpec deletionRequests() {
    return deletionRequests;
  }

  /** {@code BugReported}, keyed by report id. */
  public TopicSpec bugReports() {
    return bugReports;
  }

  /** {@code DeploymentApproved}, keyed by model digest. */
  public TopicSpec approvals() {
    return approvals;
  }

  /** {@code RetrainingTriggered}, keyed by model node id. */
  public TopicSpec retrainingTriggers() {
    return retrainingTriggers;
  }

  /** {@code ImpactReport}, keyed by request id. */
  public TopicSpec impactReports() {
    return impactReports;
  }

  /**
   * What closes a trigger's obligation and what erasure followed, keyed by request id (so every
   * fact of one request is on one partition, in append order): {@code RetrainingCompleted} (signed
   * by a {@code PRODUCER}), {@code ImpactAssessed} ({@code APPROVER}), {@code
   * PredictionInvalidated} ({@code PRODUCER}: the key that registered the prediction), {@code
   * RecordListErased} and {@code SnapshotErased} ({@code IMPACT_SERVICE}).
   */
  public TopicSpec obligations() {
    return obligations;
  }

  /**
   * OpenLineage events as lineage-streams' gateway attested them (issue 15): a DSSE envelope of the
   * event's exact bytes, signed by a {@code GATEWAY} key, payload type {@code
   * application/vnd.openlineage+json; source="<authenticated source>"}; keyed by the event's
   * idempotency key (SHA-256 of its canonical JSON). Written by the Kafka intake and by {@code POST
   * /api/v1/lineage}, kept forever: the original events stay checkable.
   */
  public TopicSpec openLineageAttested() {
    return openLineageAttested;
  }

  /**
   * The transparency log's sequencer (issue 16): one leaf record per accepted envelope, keyed by
   * its envelope digest, its value a {@code LogLeaf} line. One partition, so its offsets are the
   * one total order in which the leaves enter the Merkle tree; kept forever, so the tree can always
   * be rebuilt from it, root for root.
   */
  public TopicSpec log() {
    return log;
  }

  /** The original bytes of whatever was refused, with headers saying why; kept 30 days. */
  public TopicSpec rejected() {
    return rejected;
  }

  /**
   * The topics whose record timestamps are the broker's append time ({@link #LOG_APPEND_TIME}):
   * every declared topic but {@link #rejected()}, in the order of DESIGN §4 (the obligations topic
   * of issue 14 after the impact reports, then the OpenLineage attestations of issue 15, then the
   * log of issue 16).
   */
  public List<TopicSpec> appendTimeTopics() {
    return List.of(
        artifacts,
        runs,
        keys,
        deletionRequests,
        bugReports,
        approvals,
        retrainingTriggers,
        impactReports,
        obligations,
        openLineageAttested,
        log);
  }

  /** Every declared topic, in the order of DESIGN §4. */
  public List<TopicSpec> all() {
    List<TopicSpec> all = new ArrayList<>(appendTimeTopics());
    all.add(rejected);
    return List.copyOf(all);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Topics other
        && prefix.equals(other.prefix)
        && eventPartitions == other.eventPartitions;
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, eventPartitions);
  }

  @Override
  public String toString() {
    return "Topics[prefix=" + prefix + ", eventPartitions=" + eventPartitions + "]";
  }

  private TopicSpec eventLog(String suffix) {
    return new TopicSpec(prefix + suffix, eventPartitions, EVENT_LOG_CONFIGS);
  }
}
