package dev.lineage.impact;

import dev.lineage.avro.Role;
import dev.lineage.runtime.Checked;
import dev.lineage.runtime.ParkedRecord;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.schemas.EventType;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.trust.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Checks the signature of one record of a request topic: signed by a key that held one of the
 * topic's roles when the broker appended it (the keyring decides, {@link EventVerifier}). Passes on
 * a {@link Checked} whatever the verdict, so an {@code unknown-key} refusal can wait for its grant
 * ({@link ParkingProcessor}) and {@link RequestAdmission} decides what a request is. Only what the
 * signature covers counts: the record key is never read.
 *
 * <p>No "already seen" rule here: a request is seen once per signed id, which {@link
 * ImpactProcessor} decides after the records are keyed by it, for a record accepted at once and one
 * accepted after waiting alike.
 */
final class RequestVerifier implements Processor<byte[], byte[], byte[], Checked> {
  /** What one request topic holds: its event type, and the roles that may sign it. */
  record Rule(EventType<?> type, Set<Role> roles) {
    Rule {
      Objects.requireNonNull(type, "type");
      roles = Set.copyOf(roles);
    }
  }

  private final TrustAnchors roots;
  private final ClockSkew skew;
  private final Rule rule;
  private ProcessorContext<byte[], Checked> context;
  private EventVerifier verifier;

  RequestVerifier(TrustAnchors roots, ClockSkew skew, Rule rule) {
    this.roots = roots;
    this.skew = skew;
    this.rule = rule;
  }

  @Override
  public void init(ProcessorContext<byte[], Checked> context) {
    this.context = context;
    this.verifier = new EventVerifier(new Keyring(roots, keyring(context)), skew);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    // the record timestamp is the broker's append time: the request topics use LogAppendTime
    Verdict verdict =
        verifier.verify(List.of(rule.type()), rule.roles(), record.value(), record.timestamp());
    context.forward(
        record.withValue(
            new Checked(record.value(), meta.topic(), meta.partition(), meta.offset(), verdict)));
  }

  /** Checks a parked record again under the rule of the topic it came from. */
  static ParkingProcessor.Recheck recheck(
      TrustAnchors roots,
      ClockSkew skew,
      Map<String, Rule> rulesByTopic,
      ProcessorContext<?, ?> context) {
    KeyringStore keyring = keyring(context);
    EventVerifier verifier = new EventVerifier(new Keyring(roots, keyring), skew);
    return new ParkingProcessor.Recheck() {
      @Override
      public Optional<Verdict> recheck(ParkedRecord parked) {
        Rule rule = rulesByTopic.get(parked.topic());
        if (rule == null) {
          throw new IllegalStateException(
              "a record of " + parked.topic() + " was parked, but no rule is known for it");
        }
        return Optional.of(
            verifier.verify(
                List.of(rule.type()), rule.roles(), parked.value(), parked.timestamp()));
      }

      @Override
      public long trustVersion() {
        return keyring.version();
      }
    };
  }

  private static KeyringStore keyring(ProcessorContext<?, ?> context) {
    ReadOnlyKeyValueStore<String, KeyringEntry> store = context.getStateStore(KeyringStore.STORE);
    return new KeyringStore(store);
  }
}
