package dev.lineage.publish;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.PredictionInvalidated;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RunCompleted;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.id.Digest;
import dev.lineage.schemas.AvroTrust;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.Signer;
import dev.lineage.topics.TopicSpec;
import dev.lineage.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes signed lineage events: the one client a pipeline needs. Each event is checked ({@link
 * EventRules}), encoded as the DSSE payload ({@link EventType#encode}), signed under its payload
 * type, wrapped in the Avro envelope and written to its topic by an idempotent producer with {@code
 * acks=all}. A {@code signedAt} left unset becomes the signing time.
 *
 * <p>Record keys: an artifact's node id, a run's run id, a deletion request's request id, a bug
 * report's report id, an equivalence attestation's candidate run id, an obligation event's (a
 * completion's, an assessment's, an erasure fact's) request id, the caller's key for the topics
 * without a typed method. On the compacted {@code keys} topic the key is {@code
 * <keyId>/granted/<envelope digest>} or {@code <keyId>/revoked/<envelope digest>}: unique per
 * distinct record, so compaction only ever drops byte-identical copies and a grant is never lost
 * behind the revocation that follows it (trust is rebuilt from the whole topic). The key id first
 * keeps a key's history together for tools that read keys.
 *
 * <p>Invalid events are refused at the call ({@link IllegalArgumentException}); what Kafka does not
 * accept completes the future with a {@link PublishException}, within the client's timeout, never
 * later. Thread-safe; close it to flush what is still in flight.
 */
public final class LineageClient implements AutoCloseable {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** A little batching for pipelines that publish many events; invisible to one-off commands. */
  static final int DEFAULT_LINGER_MS = 5;

  private static final Set<EventType<?>> KEYED_BY_CONTENT =
      Set.of(
          EventType.ARTIFACT_REGISTERED,
          EventType.RUN_COMPLETED,
          EventType.KEY_GRANTED,
          EventType.KEY_REVOKED);

  static {
    // deep copies instantiate the generated classes, which Avro refuses until they are trusted
    AvroTrust.ensure();
  }

  private final Producer<byte[], byte[]> producer;
  private final Topics topics;
  private final Signer signer;
  private final Clock clock;
  private final Duration timeout;
  private final String servers;
  private final Map<EventType<?>, TopicSpec> topicOf;

  LineageClient(
      Producer<byte[], byte[]> producer,
      Topics topics,
      Signer signer,
      Clock clock,
      Duration timeout,
      String servers) {
    this.producer = producer;
    this.topics = topics;
    this.signer = signer;
    this.clock = clock;
    this.timeout = timeout;
    this.servers = servers;
    this.topicOf =
        Map.ofEntries(
            Map.entry(EventType.ARTIFACT_REGISTERED, topics.artifacts()),
            Map.entry(EventType.RUN_COMPLETED, topics.runs()),
            Map.entry(EventType.KEY_GRANTED, topics.keys()),
            Map.entry(EventType.KEY_REVOKED, topics.keys()),
            Map.entry(EventType.DELETION_REQUESTED, topics.deletionRequests()),
            Map.entry(EventType.BUG_REPORTED, topics.bugReports()),
            Map.entry(EventType.DEPLOYMENT_APPROVED, topics.approvals()),
            Map.entry(EventType.RETRAINING_TRIGGERED, topics.retrainingTriggers()),
            Map.entry(EventType.IMPACT_REPORT, topics.impactReports()),
            // an attestation is a fact about the candidate run: it sits with the run's events
            Map.entry(EventType.EQUIVALENCE_ATTESTED, topics.runs()),
            Map.entry(EventType.RETRAINING_COMPLETED, topics.obligations()),
            Map.entry(EventType.IMPACT_ASSESSED, topics.obligations()),
            Map.entry(EventType.RECORD_LIST_ERASED, topics.obligations()),
            Map.entry(EventType.SNAPSHOT_ERASED, topics.obligations()),
            Map.entry(EventType.PREDICTION_INVALIDATED, topics.obligations()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Publishes an artifact registration to the artifacts topic, keyed by its node id. */
  public CompletableFuture<PublishResult<ArtifactRegistered>> registerArtifact(
      ArtifactRegistered event) {
    return send(EventType.ARTIFACT_REGISTERED, event, (e, digest) -> e.getNodeId());
  }

  /** Publishes a completed run to the runs topic, keyed by its run id. */
  public CompletableFuture<PublishResult<RunCompleted>> completeRun(RunCompleted event) {
    return send(EventType.RUN_COMPLETED, event, (e, digest) -> e.getRunId());
  }

  /**
   * Publishes a key grant to the keys topic; an unset {@code validFrom} becomes the signing time.
   * Only a root or {@code ADMIN} key's grant counts.
   */
  public CompletableFuture<PublishResult<KeyGranted>> grantKey(KeyGranted event) {
    return send(EventType.KEY_GRANTED, event, (e, digest) -> keysRecordKey(e, digest));
  }

  /**
   * Publishes a key revocation to the keys topic; an unset {@code revokedFrom} becomes the signing
   * time. Only a root or {@code ADMIN} key's revocation counts.
   */
  public CompletableFuture<PublishResult<KeyRevoked>> revokeKey(KeyRevoked event) {
    return send(EventType.KEY_REVOKED, event, (e, digest) -> keysRecordKey(e, digest));
  }

  /** Publishes a deletion request to the deletion-requests topic, keyed by its request id. */
  public CompletableFuture<PublishResult<DeletionRequested>> requestDeletion(
      DeletionRequested event) {
    return send(EventType.DELETION_REQUESTED, event, (e, digest) -> e.getRequestId());
  }

  /** Publishes a bug report to the bug-reports topic, keyed by its report id. */
  public CompletableFuture<PublishResult<BugReported>> reportBug(BugReported event) {
    return send(EventType.BUG_REPORTED, event, (e, digest) -> e.getReportId());
  }

  /**
   * Publishes an equivalence attestation to the runs topic, keyed by the candidate run id (so it
   * lands in the candidate's partition, after the candidate's own RunCompleted).
   */
  public CompletableFuture<PublishResult<EquivalenceAttested>> attestEquivalence(
      EquivalenceAttested event) {
    return send(EventType.EQUIVALENCE_ATTESTED, event, (e, digest) -> e.getCandidateRunId());
  }

  /**
   * Publishes a retraining completion to the obligations topic, keyed by its request id. Sign it
   * with a {@code PRODUCER} key; the impact service closes the trigger's obligation only when the
   * training run is in the graph and its manifest declares the request's record set excluded.
   */
  public CompletableFuture<PublishResult<RetrainingCompleted>> completeRetraining(
      RetrainingCompleted event) {
    return send(EventType.RETRAINING_COMPLETED, event, (e, digest) -> e.getRequestId());
  }

  /**
   * Publishes an impact assessment (the model stays, under a stated DP guarantee) to the
   * obligations topic, keyed by its request id. Sign it with an {@code APPROVER} key that did not
   * produce the model.
   */
  public CompletableFuture<PublishResult<ImpactAssessed>> assessImpact(ImpactAssessed event) {
    return send(EventType.IMPACT_ASSESSED, event, (e, digest) -> e.getRequestId());
  }

  /**
   * Publishes the fact that a request's record list was erased, keyed by the request id; the impact
   * service signs it with its {@code IMPACT_SERVICE} key.
   */
  public CompletableFuture<PublishResult<RecordListErased>> recordListErased(
      RecordListErased event) {
    return send(EventType.RECORD_LIST_ERASED, event, (e, digest) -> e.getRequestId());
  }

  /**
   * Publishes the fact that snapshots holding a request's records were tombstoned, keyed by the
   * request id; the impact service signs it with its {@code IMPACT_SERVICE} key.
   */
  public CompletableFuture<PublishResult<SnapshotErased>> snapshotsErased(SnapshotErased event) {
    return send(EventType.SNAPSHOT_ERASED, event, (e, digest) -> e.getRequestId());
  }

  /**
   * Publishes the invalidation of a prediction artifact a request's impact report lists, keyed by
   * the request id; signed with the key that registered the prediction (a {@code PRODUCER}).
   */
  public CompletableFuture<PublishResult<PredictionInvalidated>> predictionInvalidated(
      PredictionInvalidated event) {
    return send(EventType.PREDICTION_INVALIDATED, event, (e, digest) -> e.getRequestId());
  }

  /**
   * Publishes any other signed event to its topic under {@code key} (e.g. a deletion request under
   * its request id).
   *
   * @throws IllegalArgumentException for the events with a typed method above (their record key is
   *     derived from the event), for an empty key, or for an event that breaks its rules
   */
  public <T extends SpecificRecordBase> CompletableFuture<PublishResult<T>> publish(
      EventType<T> type, String key, T event) {
    Objects.requireNonNull(type, "type");
    if (KEYED_BY_CONTENT.contains(type)) {
      throw new IllegalArgumentException(
          type.name()
              + " has its own method (registerArtifact, completeRun, grantKey, revokeKey), which"
              + " derives the record key from the event");
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a record key is required");
    }
    return send(type, event, (e, digest) -> key);
  }

  /** The topics this client writes to. */
  public Topics topics() {
    return topics;
  }

  /** The id of the key that signs. */
  public String keyId() {
    return signer.keyId();
  }

  /** Waits until every event sent so far is written or failed (bounded by the timeout). */
  public void flush() {
    producer.flush();
  }

  /** Flushes and closes, waiting at most the client's timeout. */
  @Override
  public void close() {
    producer.close(timeout);
  }

  private static final java.util.regex.Pattern KEYS_RECORD_KEY =
      java.util.regex.Pattern.compile("[0-9a-f]{64}/(granted|revoked)/sha256:[0-9a-f]{64}");

  /** Whether {@code key} has the form {@link #keysRecordKey} gives (a key id, what, a digest). */
  public static boolean isKeysRecordKey(String key) {
    return KEYS_RECORD_KEY.matcher(key).matches();
  }

  /**
   * The record key of a grant or revocation on the keys topic: {@code <keyId>/granted/<envelope
   * digest>} or {@code <keyId>/revoked/<envelope digest>} (see the class comment for why). The one
   * definition: the demo, tools and services that write a key event by other means use it too.
   *
   * @param keyEvent a {@link KeyGranted} or {@link KeyRevoked}
   * @param envelopeDigest the digest of the record value ({@link AvroEnvelopes#digest})
   * @throws IllegalArgumentException for any other event
   */
  public static String keysRecordKey(SpecificRecordBase keyEvent, Digest envelopeDigest) {
    Objects.requireNonNull(envelopeDigest, "envelopeDigest");
    if (keyEvent instanceof KeyGranted grant) {
      return grant.getKeyId() + "/granted/" + envelopeDigest;
    }
    if (keyEvent instanceof KeyRevoked revocation) {
      return revocation.getKeyId() + "/revoked/" + envelopeDigest;
    }
    throw new IllegalArgumentException(
        "only key grants and revocations go on the keys topic, not "
            + (keyEvent == null ? "null" : keyEvent.getSchema().getName()));
  }

  private <T extends SpecificRecordBase> CompletableFuture<PublishResult<T>> send(
      EventType<T> type, T event, BiFunction<T, Digest, String> keyOf) {
    Objects.requireNonNull(event, "event");
    T filled = withSigningTimes(type, event, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    EventRules.checkAny(filled);
    byte[] payload = type.encode(filled);
    T signed = type.decode(payload);
    // AvroEnvelopes.sign, split only to keep the payload bytes the event is decoded from
    byte[] value =
        AvroEnvelopes.recordValue(AvroEnvelopes.envelope(type.payloadType(), payload, signer));
    Digest digest = AvroEnvelopes.digest(value);
    String key = keyOf.apply(signed, digest);
    String topic = topicOf.get(type).name();
    CompletableFuture<PublishResult<T>> result = new CompletableFuture<>();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              result.completeExceptionally(
                  new PublishException(type.name(), topic, servers, error));
            } else {
              result.complete(
                  new PublishResult<>(
                      signed, topic, metadata.partition(), metadata.offset(), key, digest));
            }
          });
    } catch (KafkaException | IllegalStateException e) {
      // a closed producer or a fatal producer error, reported like any other failed send
      result.completeExceptionally(new PublishException(type.name(), topic, servers, e));
    }
    return result;
  }

  /** A copy with the times left for the signer filled in; the caller's event is not touched. */
  private static <T extends SpecificRecordBase> T withSigningTimes(
      EventType<T> type, T event, Instant now) {
    T copy = SpecificData.getForClass(type.eventClass()).deepCopy(type.schema(), event);
    Schema.Field signedAtField = type.schema().getField("signedAt");
    if (signedAtField != null && copy.get(signedAtField.pos()) == null) {
      copy.put(signedAtField.pos(), now);
    }
    if (copy instanceof KeyGranted grant && grant.getValidFrom() == null) {
      grant.setValidFrom(grant.getSignedAt());
    }
    if (copy instanceof KeyRevoked revocation && revocation.getRevokedFrom() == null) {
      revocation.setRevokedFrom(revocation.getSignedAt());
    }
    return copy;
  }

  /** Options of a {@link LineageClient}; bootstrap servers and signer are required. */
  public static final class Builder {
    private String bootstrapServers;
    private Topics topics = Topics.defaults();
    private Signer signer;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private final Map<String, Object> properties = new HashMap<>();

    private Builder() {}

    /** {@code host:port[,host:port...]} of the Kafka cluster. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** The topics to write to (default: prefix {@code lineage.}). */
    public Builder topics(Topics topics) {
      this.topics = Objects.requireNonNull(topics, "topics");
      return this;
    }

    /** The key that signs every event. */
    public Builder signer(Signer signer) {
      this.signer = Objects.requireNonNull(signer, "signer");
      return this;
    }

    /**
     * How long a publish may take before its future fails, and how long {@link #close()} waits
     * (default 30 s): Kafka's {@code max.block.ms}, {@code request.timeout.ms} and {@code
     * delivery.timeout.ms} follow it.
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.toMillis() < 1) {
        throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Where signing times come from (default: the system clock, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A Kafka producer property, e.g. {@code security.protocol} or {@code sasl.jaas.config}. The
     * serializers, idempotence, acks and timeouts are the client's and cannot be overridden.
     */
    public Builder property(String name, Object value) {
      properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    public Builder properties(Map<String, ?> properties) {
      properties.forEach(this::property);
      return this;
    }

    /**
     * Creates the client. No connection is made yet: an unreachable cluster shows as failed
     * publishes, after the timeout.
     *
     * @throws IllegalStateException without bootstrap servers or signer
     * @throws KafkaException if Kafka refuses the configuration (e.g. unresolvable hosts)
     */
    public LineageClient build() {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalStateException("bootstrap servers are required");
      }
      if (signer == null) {
        throw new IllegalStateException("a signer is required");
      }
      Map<String, Object> config = new HashMap<>(properties);
      long lingerMs =
          Long.parseLong(
              String.valueOf(
                  config.getOrDefault(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS)));
      config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      // every wait of the producer is bounded by the timeout, so an unreachable cluster fails a
      // publish instead of hanging it
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
      config.put(
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      config.put(
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + lingerMs));
      Producer<byte[], byte[]> producer =
          new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
      return new LineageClient(producer, topics, signer, clock, timeout, bootstrapServers);
    }
  }
}
