package dev.lineage.governance;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each accepted approval once, under its model and envelope digest: a replay or a copy under
 * another record key writes nothing, and arrival order does not matter.
 */
public final class ApprovalFoldProcessor implements Processor<String, ApprovalRecord, Void, Void> {
  private KeyValueStore<String, ApprovalRecord> approvals;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    approvals = context.getStateStore(ApprovalStores.STORE);
  }

  @Override
  public void process(Record<String, ApprovalRecord> record) {
    ApprovalRecord a = record.value();
    String key = ApprovalStores.key(a.modelDigest(), a.envelope());
    if (approvals.get(key) == null) {
      approvals.put(key, a);
    }
  }
}
