package dev.lineage.streams;

import dev.lineage.avro.Role;
import dev.lineage.graph.GraphStores;
import dev.lineage.schemas.EventType;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.trust.Verdict;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Verifies each record of one event topic against the keyring and passes on a {@link Checked}. An
 * envelope already accepted (same value bytes) is dropped before anything else: it was applied
 * once, and its trust decision cannot change (it is bound to the signed time).
 */
final class VerifyProcessor implements Processor<byte[], byte[], byte[], Checked> {
  private final TrustAnchors roots;
  private final List<EventType<?>> types;
  private final Set<Role> roles;
  private ProcessorContext<byte[], Checked> context;
  private EventVerifier verifier;
  private KeyValueStore<String, String> applied;

  VerifyProcessor(TrustAnchors roots, EventType<?> type) {
    this(roots, List.of(type), Set.of(Role.PRODUCER));
  }

  /** A topic holding any of {@code types}, each signed by a key holding one of {@code roles}. */
  VerifyProcessor(TrustAnchors roots, List<EventType<?>> types, Set<Role> roles) {
    this.roots = roots;
    this.types = List.copyOf(types);
    this.roles = Set.copyOf(roles);
  }

  @Override
  public void init(ProcessorContext<byte[], Checked> context) {
    this.context = context;
    ReadOnlyKeyValueStore<String, KeyringEntry> keyring = context.getStateStore(KeyringStore.STORE);
    this.verifier = new EventVerifier(new Keyring(roots, new KeyringStore(keyring)));
    this.applied = context.getStateStore(GraphStores.APPLIED);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    byte[] value = record.value();
    if (value != null && applied.get(Keyring.digestOf(value)) != null) {
      return;
    }
    Verdict verdict = verifier.verify(types, roles, value);
    if (verdict.accepted()) {
      applied.put(
          verdict.envelopeDigest(), meta.topic() + "/" + meta.partition() + "/" + meta.offset());
    }
    context.forward(
        record.withValue(
            new Checked(value, meta.topic(), meta.partition(), meta.offset(), verdict)));
  }
}
