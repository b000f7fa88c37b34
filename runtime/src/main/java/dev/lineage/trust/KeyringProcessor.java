package dev.lineage.trust;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global processor of {@code lineage.keys}. It runs on every instance, and also while the
 * global store is restored (Kafka Streams 4.3's {@code Topology.addGlobalStore} reprocesses on
 * restore), so the store is always this processor's output, never a raw copy of the topic.
 *
 * <p>Record keys are ignored: only what the signatures cover counts. A grant or revocation is added
 * to its key's history, with its append time, only when {@link KeyAdmission} admits it: signed by a
 * key holding {@code ADMIN} at that append time, within the clock skew. Anything else (junk grants,
 * tombstones, unsigned or unreadable records) is kept out and reported. The keys topic has one
 * partition, so every instance and every rebuild admits the same events in the same order.
 */
public final class KeyringProcessor implements Processor<byte[], byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(KeyringProcessor.class);

  /**
   * Key records already logged by this process. Every app keeps a keyring of its own and folds
   * every key record (lineage up runs two apps in one JVM), so the log says each record once per
   * process rather than once per app. Bounded: a record forgotten is at worst logged again.
   */
  private static final Map<String, Boolean> LOGGED =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 10_000;
        }
      };

  private final TrustAnchors roots;
  private final ClockSkew skew;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, KeyringEntry> store;
  private KeyringStore lookup;
  private Keyring keyring;

  public KeyringProcessor(TrustAnchors roots, ClockSkew skew) {
    this.roots = roots;
    this.skew = skew;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(KeyringStore.STORE);
    this.lookup = new KeyringStore(store);
    this.keyring = new Keyring(roots, lookup);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    Keyring.KeyEventRead read = Keyring.read(record.value(), record.timestamp());
    Decision decision = KeyAdmission.check(read, keyring, skew);
    if (decision instanceof Decision.Rejected r) {
      reject(record, meta, r);
      return;
    }
    KeyHistory history =
        lookup
            .history(read.subjectKeyId())
            .orElse(KeyHistory.empty(read.subjectKeyId()))
            .with(read.event());
    store.put(KeyringStore.keyOf(read.subjectKeyId()), KeyringEntry.of(history));
    if (firstInThisProcess(meta)) {
      log.info(
          "key event {} about key {} accepted at offset {}",
          read.event().kind(),
          read.subjectKeyId(),
          meta.offset());
    }
  }

  private static boolean firstInThisProcess(RecordMetadata meta) {
    String record = meta.topic() + "-" + meta.partition() + "@" + meta.offset();
    synchronized (LOGGED) {
      return LOGGED.put(record, Boolean.TRUE) == null;
    }
  }

  private void reject(Record<byte[], byte[]> record, RecordMetadata meta, Decision.Rejected why) {
    if (firstInThisProcess(meta)) {
      log.warn(
          "key event at {}-{}@{} refused: {} ({})",
          meta.topic(),
          meta.partition(),
          meta.offset(),
          why.reason(),
          why.detail());
    }
    store.put(
        KeyringStore.rejectedKeyOf(meta.offset()),
        KeyringEntry.of(
            new RejectedKeyEvent(
                why.reason(),
                why.detail(),
                meta.partition(),
                meta.offset(),
                record.key(),
                record.value())));
  }
}
