package dev.lineage.schemas;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.PredictionInvalidated;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.RunCompleted;
import dev.lineage.avro.SnapshotErased;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The registry of signed events: each event class with its DSSE payload type {@code
 * application/vnd.lineage.<event>+avro}, and the payload codec (event to single-object bytes and
 * back).
 */
public final class EventType<T extends SpecificRecordBase> {
  public static final EventType<ArtifactRegistered> ARTIFACT_REGISTERED =
      new EventType<>(ArtifactRegistered.class, "application/vnd.lineage.artifact-registered+avro");
  public static final EventType<RunCompleted> RUN_COMPLETED =
      new EventType<>(RunCompleted.class, "application/vnd.lineage.run-completed+avro");
  public static final EventType<KeyGranted> KEY_GRANTED =
      new EventType<>(KeyGranted.class, "application/vnd.lineage.key-granted+avro");
  public static final EventType<KeyRevoked> KEY_REVOKED =
      new EventType<>(KeyRevoked.class, "application/vnd.lineage.key-revoked+avro");
  public static final EventType<DeletionRequested> DELETION_REQUESTED =
      new EventType<>(DeletionRequested.class, "application/vnd.lineage.deletion-requested+avro");
  public static final EventType<BugReported> BUG_REPORTED =
      new EventType<>(BugReported.class, "application/vnd.lineage.bug-reported+avro");
  public static final EventType<DeploymentApproved> DEPLOYMENT_APPROVED =
      new EventType<>(DeploymentApproved.class, "application/vnd.lineage.deployment-approved+avro");
  public static final EventType<RetrainingTriggered> RETRAINING_TRIGGERED =
      new EventType<>(
          RetrainingTriggered.class, "application/vnd.lineage.retraining-triggered+avro");
  public static final EventType<ImpactReport> IMPACT_REPORT =
      new EventType<>(ImpactReport.class, "application/vnd.lineage.impact-report+avro");
  public static final EventType<EquivalenceAttested> EQUIVALENCE_ATTESTED =
      new EventType<>(
          EquivalenceAttested.class, "application/vnd.lineage.equivalence-attested+avro");

  // the obligation loop of a deletion request or bug report (topic obligations, keyed by request)
  public static final EventType<RetrainingCompleted> RETRAINING_COMPLETED =
      new EventType<>(
          RetrainingCompleted.class, "application/vnd.lineage.retraining-completed+avro");
  public static final EventType<ImpactAssessed> IMPACT_ASSESSED =
      new EventType<>(ImpactAssessed.class, "application/vnd.lineage.impact-assessed+avro");
  public static final EventType<RecordListErased> RECORD_LIST_ERASED =
      new EventType<>(RecordListErased.class, "application/vnd.lineage.record-list-erased+avro");
  public static final EventType<SnapshotErased> SNAPSHOT_ERASED =
      new EventType<>(SnapshotErased.class, "application/vnd.lineage.snapshot-erased+avro");
  public static final EventType<PredictionInvalidated> PREDICTION_INVALIDATED =
      new EventType<>(
          PredictionInvalidated.class, "application/vnd.lineage.prediction-invalidated+avro");

  private static final List<EventType<?>> ALL =
      List.of(
          ARTIFACT_REGISTERED,
          RUN_COMPLETED,
          KEY_GRANTED,
          KEY_REVOKED,
          DELETION_REQUESTED,
          BUG_REPORTED,
          DEPLOYMENT_APPROVED,
          RETRAINING_TRIGGERED,
          IMPACT_REPORT,
          EQUIVALENCE_ATTESTED,
          RETRAINING_COMPLETED,
          IMPACT_ASSESSED,
          RECORD_LIST_ERASED,
          SNAPSHOT_ERASED,
          PREDICTION_INVALIDATED);

  private final Class<T> eventClass;
  private final String payloadType;
  private final Schema schema;
  // created on first use: the shared store it needs lists every EventType, so not during <clinit>
  private volatile SingleObjectCodec<T> codec;

  private EventType(Class<T> eventClass, String payloadType) {
    this.eventClass = eventClass;
    this.payloadType = payloadType;
    this.schema = SpecificData.getForClass(eventClass).getSchema(eventClass);
  }

  /** Every event type, in a fixed order. */
  public static List<EventType<?>> all() {
    return ALL;
  }

  /** The event type with this DSSE payload type, if any. */
  public static Optional<EventType<?>> forPayloadType(String payloadType) {
    for (EventType<?> type : ALL) {
      if (type.payloadType.equals(payloadType)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /**
   * The event type of a generated event class.
   *
   * @throws IllegalArgumentException if the class is not a signed event (e.g. {@link Envelope})
   */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecordBase> EventType<T> of(Class<T> eventClass) {
    for (EventType<?> type : ALL) {
      if (type.eventClass.equals(eventClass)) {
        return (EventType<T>) type;
      }
    }
    throw new IllegalArgumentException(eventClass.getName() + " is not a lineage event");
  }

  /**
   * Decodes an envelope's payload as whatever event its payload type names. The caller checks the
   * type with {@code instanceof} or {@link #forPayloadType}.
   *
   * @throws TypeMismatchException if the payload type is not a known event's
   * @throws MalformedRecordException if the payload is corrupt
   * @throws UnknownSchemaException if the payload's writer schema is unknown
   */
  public static SpecificRecordBase decodeAny(Envelope envelope) {
    String actual = envelope.getPayloadType();
    EventType<?> type =
        forPayloadType(actual)
            .orElseThrow(() -> new TypeMismatchException("a lineage event payload type", actual));
    return type.decode(envelope);
  }

  public Class<T> eventClass() {
    return eventClass;
  }

  /** The DSSE payload type, e.g. {@code application/vnd.lineage.artifact-registered+avro}. */
  public String payloadType() {
    return payloadType;
  }

  /** The current schema of the event. */
  public Schema schema() {
    return schema;
  }

  /** The event's record name, e.g. {@code ArtifactRegistered}. */
  public String name() {
    return schema.getName();
  }

  /** The event as single-object bytes: the DSSE payload to sign. */
  public byte[] encode(T event) {
    return codec().encode(event);
  }

  /**
   * Decodes a payload of this type.
   *
   * @throws TypeMismatchException if the payload was written with another record's schema
   * @throws MalformedRecordException if the payload is corrupt
   * @throws UnknownSchemaException if the payload's writer schema is unknown
   */
  public T decode(byte[] payload) {
    return codec().decode(payload);
  }

  /**
   * Decodes a payload after checking that its declared payload type is this event's.
   *
   * @throws TypeMismatchException if {@code payloadType} is another type, or the payload was
   *     written with another record's schema
   */
  public T decode(String payloadType, byte[] payload) {
    if (!this.payloadType.equals(payloadType)) {
      throw new TypeMismatchException(this.payloadType, String.valueOf(payloadType));
    }
    return decode(payload);
  }

  /**
   * Decodes an envelope's payload, checking its payload type as {@link #decode(String, byte[])}.
   */
  public T decode(Envelope envelope) {
    return decode(envelope.getPayloadType(), bytes(envelope.getPayload()));
  }

  private SingleObjectCodec<T> codec() {
    SingleObjectCodec<T> current = codec;
    if (current == null) {
      // a benign race: two threads may build equal immutable codecs, either one is fine
      current = SingleObjectCodec.of(eventClass);
      codec = current;
    }
    return current;
  }

  static byte[] bytes(ByteBuffer buffer) {
    Objects.requireNonNull(buffer, "payload");
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return payloadType;
  }
}
