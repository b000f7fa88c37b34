package dev.lineage.streams;

import dev.lineage.metrics.EventMetrics;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.RejectedKeyEvent;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reports refused key events on the rejected topic. The keyring is a global store, and a global
 * processor cannot write to a topic; so the keyring processor notes refusals in the store, and this
 * processor, in the one task of partition 0 of the event topics (there is exactly one in the whole
 * application), forwards the ones it has not reported yet. Its progress is in a changelogged store,
 * written in the same transaction as the records it sends, so each refusal is reported once.
 *
 * <p>It sits on the event stream only to belong to a task; it ignores those records.
 */
final class KeyringRejectionReporter implements Processor<byte[], byte[], byte[], byte[]> {
  static final String PROGRESS_STORE = "keyring-rejections-reported";
  private static final String NEXT = "next-offset";

  private final String keysTopic;
  private final Duration interval;
  private final EventMetrics metrics;
  private ProcessorContext<byte[], byte[]> context;
  private KeyringStore keyring;
  private KeyValueStore<String, Long> progress;

  KeyringRejectionReporter(String keysTopic, Duration interval, EventMetrics metrics) {
    this.keysTopic = keysTopic;
    this.interval = interval;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    if (context.taskId().partition() != 0) {
      return;
    }
    ReadOnlyKeyValueStore<String, KeyringEntry> store = context.getStateStore(KeyringStore.STORE);
    this.keyring = new KeyringStore(store);
    this.progress = context.getStateStore(PROGRESS_STORE);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::report);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    // only here to belong to a task; see the class comment
  }

  private void report(long now) {
    Long next = progress.get(NEXT);
    List<RejectedKeyEvent> pending = keyring.rejectedFrom(next == null ? 0 : next);
    if (pending.isEmpty()) {
      return;
    }
    for (RejectedKeyEvent r : pending) {
      metrics.rejected(r.reason());
      context.forward(
          new Record<>(
              r.key(),
              r.value(),
              now,
              RejectedHeaders.of(
                  null, r.reason(), r.detail(), keysTopic, r.partition(), r.offset())));
    }
    progress.put(NEXT, pending.get(pending.size() - 1).offset() + 1);
  }
}
