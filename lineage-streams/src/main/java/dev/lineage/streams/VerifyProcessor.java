package dev.lineage.streams;

import dev.lineage.avro.Role;
import dev.lineage.graph.GraphStores;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.runtime.Checked;
import dev.lineage.runtime.ParkedRecord;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.trust.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Verifies each record of one event topic against the keyring at the record's timestamp (the
 * broker's append time: the event topics use {@code LogAppendTime}) and passes on a {@link
 * Checked}. An envelope already accepted (same value bytes) is dropped before anything else: it was
 * applied once, and a copy appended later (a replay) changes nothing.
 */
final class VerifyProcessor implements Processor<byte[], byte[], byte[], Checked> {
  /** What one topic holds: its event types, and the roles that may sign them. */
  record TopicRule(List<EventType<?>> types, Set<Role> roles) {
    TopicRule {
      types = List.copyOf(types);
      roles = Set.copyOf(roles);
    }

    static TopicRule producer(EventType<?>... types) {
      return new TopicRule(List.of(types), Set.of(Role.PRODUCER));
    }
  }

  private final TrustAnchors roots;
  private final ClockSkew skew;
  private final TopicRule rule;
  private final EventMetrics metrics;
  private ProcessorContext<byte[], Checked> context;
  private AppliedOnce verification;

  /** A topic holding any of the rule's types, each signed by a key holding one of its roles. */
  VerifyProcessor(TrustAnchors roots, ClockSkew skew, TopicRule rule, EventMetrics metrics) {
    this.roots = roots;
    this.skew = skew;
    this.rule = rule;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], Checked> context) {
    this.context = context;
    this.verification = new AppliedOnce(roots, skew, context, metrics);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    byte[] value = record.value();
    Verdict verdict =
        verification.verify(
            rule, value, record.timestamp(), meta.topic(), meta.partition(), meta.offset());
    if (verdict == null) {
      return;
    }
    context.forward(
        record.withValue(
            new Checked(value, meta.topic(), meta.partition(), meta.offset(), verdict)));
  }

  /**
   * Checks parked records of these topics again under the same rules as the first pass, so one
   * accepted late is marked applied and folded exactly as if it had passed at once. The processor
   * using it must be connected to {@link GraphStores#APPLIED}.
   */
  static ParkingProcessor.Recheck recheck(
      TrustAnchors roots,
      ClockSkew skew,
      Map<String, TopicRule> rulesByTopic,
      ProcessorContext<?, ?> context,
      EventMetrics metrics) {
    AppliedOnce verification = new AppliedOnce(roots, skew, context, metrics);
    return new ParkingProcessor.Recheck() {
      @Override
      public Optional<Verdict> recheck(ParkedRecord parked) {
        TopicRule rule = rulesByTopic.get(parked.topic());
        if (rule == null) {
          throw new IllegalStateException(
              "a record of " + parked.topic() + " was parked, but no rule is known for it");
        }
        return Optional.ofNullable(
            verification.verify(
                rule,
                parked.value(),
                parked.timestamp(),
                parked.topic(),
                parked.partition(),
                parked.offset()));
      }

      @Override
      public long trustVersion() {
        return verification.keyring.version();
      }
    };
  }

  /** Verification with the rule that an envelope is accepted once per source partition. */
  private static final class AppliedOnce {
    private final KeyringStore keyring;
    private final EventVerifier verifier;
    private final KeyValueStore<String, String> applied;
    private final EventMetrics metrics;

    AppliedOnce(
        TrustAnchors roots, ClockSkew skew, ProcessorContext<?, ?> context, EventMetrics metrics) {
      this.metrics = metrics;
      ReadOnlyKeyValueStore<String, KeyringEntry> store = context.getStateStore(KeyringStore.STORE);
      this.keyring = new KeyringStore(store);
      this.verifier = new EventVerifier(new Keyring(roots, keyring), skew);
      this.applied = context.getStateStore(GraphStores.APPLIED);
    }

    /** The verdict, or null when this envelope was accepted before (drop it). */
    Verdict verify(
        TopicRule rule, byte[] value, long appendedAt, String topic, int partition, long offset) {
      if (value != null && applied.get(AvroEnvelopes.digest(value).toString()) != null) {
        return null;
      }
      Verdict verdict = verifier.verify(rule.types(), rule.roles(), value, appendedAt);
      if (verdict.accepted()) {
        // counted once per envelope: on the first pass, or when a parked one is accepted late
        metrics.verified(topic).increment();
        applied.put(verdict.envelopeDigest(), topic + "/" + partition + "/" + offset);
      }
      return verdict;
    }
  }
}
