package dev.lineage.translog;

import dev.lineage.avro.Role;
import dev.lineage.obligations.ObligationEvents;
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
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Verifies, for the log only, the records of the topics impact-service reads and writes (deletion
 * requests, bug reports, retraining triggers, impact reports, obligation facts) under the same
 * rules impact-service and its consumers apply: the event type of the topic, signed by a key
 * holding the topic's role at the broker's append time ({@link EventVerifier}). lineage-streams
 * reads these topics itself rather than impact-service writing leaves, so every leaf carries a real
 * append time (a trigger's append time is not known inside the transaction that produces it) and
 * one verifier decides what enters the log. Refusals are impact-service's to report; the log only
 * leaves them out.
 */
final class ServiceEventVerifier implements Processor<byte[], byte[], byte[], Checked> {
  /**
   * One topic's event types and the roles that may sign each: either one set of roles for every
   * type ({@code roles}), or one role per type ({@code signerRoles}, as the obligations topic).
   */
  record Rule(List<EventType<?>> types, Set<Role> roles, Map<EventType<?>, Role> signerRoles) {
    Rule {
      types = List.copyOf(types);
      roles = Set.copyOf(roles);
      signerRoles = Map.copyOf(signerRoles);
      if (signerRoles.isEmpty() == (types.isEmpty() || roles.isEmpty())) {
        throw new IllegalArgumentException("either types and roles, or a role per type");
      }
    }

    static Rule of(EventType<?> type, Set<Role> roles) {
      return new Rule(List.of(type), roles, Map.of());
    }

    Verdict verify(EventVerifier verifier, byte[] value, long appendedAt) {
      return signerRoles.isEmpty()
          ? verifier.verify(types, roles, value, appendedAt)
          : verifier.verify(signerRoles, value, appendedAt);
    }
  }

  static final Rule DELETIONS = Rule.of(EventType.DELETION_REQUESTED, Set.of(Role.GDPR_REQUESTER));
  static final Rule BUG_REPORTS =
      Rule.of(EventType.BUG_REPORTED, Set.of(Role.PRODUCER, Role.ADMIN));
  static final Rule TRIGGERS = Rule.of(EventType.RETRAINING_TRIGGERED, Set.of(Role.IMPACT_SERVICE));
  static final Rule REPORTS = Rule.of(EventType.IMPACT_REPORT, Set.of(Role.IMPACT_SERVICE));

  /**
   * Obligation facts (issue 14): a completion signed by a PRODUCER, an assessment by an APPROVER,
   * an erasure fact by the IMPACT_SERVICE, as impact-service checks them.
   */
  static final Rule OBLIGATIONS = new Rule(List.of(), Set.of(), ObligationEvents.SIGNER_ROLES);

  private final TrustAnchors roots;
  private final ClockSkew skew;
  private final Rule rule;
  private ProcessorContext<byte[], Checked> context;
  private EventVerifier verifier;

  ServiceEventVerifier(TrustAnchors roots, ClockSkew skew, Rule rule) {
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
    Verdict verdict = rule.verify(verifier, record.value(), record.timestamp());
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
        return Optional.of(rule.verify(verifier, parked.value(), parked.timestamp()));
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
