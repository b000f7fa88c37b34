package dev.lineage.gateway;

import dev.lineage.metrics.EventMetrics;
import dev.lineage.openlineage.validate.OpenLineageValidator;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Verifies each record of the attested topic ({@link AttestedVerifier}) against the keyring at the
 * record's append time. An event applied before (the same idempotency key: the same event, however
 * re-serialized, attested again or replayed) is dropped before it is folded again; its first
 * position stays in {@value OpenLineageTopology#APPLIED_STORE}.
 */
final class AttestedProcessor implements Processor<byte[], byte[], byte[], GatewayChecked> {
  private final TrustAnchors roots;
  private final OpenLineageValidator validator;
  private final EventMetrics metrics;
  private ProcessorContext<byte[], GatewayChecked> context;
  private AttestedVerifier verifier;
  private KeyValueStore<String, String> applied;

  AttestedProcessor(TrustAnchors roots, OpenLineageValidator validator, EventMetrics metrics) {
    this.roots = roots;
    this.validator = validator;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], GatewayChecked> context) {
    this.context = context;
    ReadOnlyKeyValueStore<String, KeyringEntry> keys = context.getStateStore(KeyringStore.STORE);
    this.verifier = new AttestedVerifier(new Keyring(roots, new KeyringStore(keys)), validator);
    this.applied = context.getStateStore(OpenLineageTopology.APPLIED_STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    GatewayVerdict verdict = verifier.verify(record.value(), record.timestamp());
    if (verdict.accepted()) {
      String key = verdict.mapping().idempotencyKey().toString();
      if (applied.get(key) != null) {
        return;
      }
      applied.put(key, meta.topic() + "/" + meta.partition() + "/" + meta.offset());
      // a verified event, as a signed one accepted by the verification: counted once, not replays
      metrics.verified(meta.topic()).increment();
    }
    context.forward(
        record.withValue(
            new GatewayChecked(
                record.value(),
                meta.topic(),
                meta.partition(),
                meta.offset(),
                record.timestamp(),
                verdict,
                null,
                null)));
  }
}
