package dev.lineage.translog;

import dev.lineage.trust.KeyEvent;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Puts the key grants and revocations the keyring accepted into the log. The keyring is a global
 * store whose processor cannot write to a topic (and {@code lineage.keys} cannot be read twice in
 * one topology), so this processor, in the one task of the log topic, looks through the keyring at
 * an interval and writes a leaf to the log topic for each accepted key event it has not written
 * yet, in (append time, digest) order. The log topic's order is then the tree's order, as for every
 * other leaf; its progress ({@link #SENT_STORE}) is written in the same transaction as the leaves.
 *
 * <p>It sits on the log stream only to belong to that task; it ignores those records.
 */
final class KeyLeafReporter implements Processor<byte[], byte[], byte[], byte[]> {
  static final String SENT_STORE = "log-key-leaves-sent";
  static final String SOURCE = "keys";

  private final Duration interval;
  private ProcessorContext<byte[], byte[]> context;
  private ReadOnlyKeyValueStore<String, KeyringEntry> keyring;
  private KeyValueStore<String, Long> sent;

  KeyLeafReporter(Duration interval) {
    this.interval = interval;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    this.keyring = context.getStateStore(KeyringStore.STORE);
    this.sent = context.getStateStore(SENT_STORE);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::report);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    // only here to belong to the log topic's task; see the class comment
  }

  private void report(long now) {
    List<KeyEvent> fresh = new ArrayList<>();
    try (KeyValueIterator<String, KeyringEntry> it =
        keyring.prefixScan(KeyringStore.KEY_PREFIX, Serdes.String().serializer())) {
      while (it.hasNext()) {
        KeyringEntry entry = it.next().value;
        if (entry == null || entry.history() == null) {
          continue;
        }
        for (KeyEvent e : entry.history().events()) {
          if (sent.get(e.digest()) == null) {
            fresh.add(e);
          }
        }
      }
    }
    fresh.sort(Comparator.comparingLong(KeyEvent::appendedAt).thenComparing(KeyEvent::digest));
    for (KeyEvent e : fresh) {
      if (sent.get(e.digest()) != null) {
        continue; // one envelope granting or revoking a key named twice: one leaf
      }
      sent.put(e.digest(), e.appendedAt());
      context.forward(
          new Record<>(
              e.digest().getBytes(StandardCharsets.US_ASCII),
              new LogLeaf(e.digest(), e.appendedAt(), SOURCE).encode(),
              now));
    }
  }
}
