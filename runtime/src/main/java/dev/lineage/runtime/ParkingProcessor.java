package dev.lineage.runtime;

import dev.lineage.schemas.Reason;
import dev.lineage.stores.JsonSerde;
import dev.lineage.trust.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Holds back records refused as {@code unknown-key} until their key is known or a grace is over.
 *
 * <p>The keyring is a global store filled by its own thread, so an event signed by a key granted a
 * moment earlier can be verified before the grant is applied. Refusing it then would lose it to the
 * graph. So a {@link Checked} record whose verdict is {@code unknown-key} is not forwarded: it is
 * written to a changelogged store, and a wall-clock punctuation (every {@link #INTERVAL}) verifies
 * it again through {@link Recheck}. Accepted, it is forwarded as if it had passed first time (same
 * key, headers and timestamp); refused for another reason, it is forwarded refused; still unknown
 * when {@link Limits#grace()} is over, it is forwarded refused {@code unknown-key} with a detail
 * saying it waited. Every other record passes through untouched, and when the store holds {@link
 * Limits#capacity()} records a new {@code unknown-key} one is forwarded refused at once ("parking
 * full").
 *
 * <p>The store is changelogged and written in the same transaction as what is forwarded, so under
 * {@code exactly_once_v2} a crash neither loses nor repeats a parked record.
 *
 * <p>Work per punctuation is bounded ({@link Limits#rechecksPerPunctuation()}): records whose grace
 * is over are checked a last time, oldest first; then, only if {@link Recheck#trustVersion()} moved
 * since the last pass began (nothing else can change a verdict), the parked records are checked
 * again from the oldest on, continuing at the next punctuation where the budget ran out.
 *
 * <p>Reusable for any topic verified against the keyring: give it a {@link Recheck} opened per
 * task, and put {@link #storeBuilder(String)} in the topology under the same name.
 */
public final class ParkingProcessor implements Processor<byte[], Checked, byte[], Checked> {
  /** How often parked records are looked at. */
  public static final Duration INTERVAL = Duration.ofMillis(250);

  /**
   * How long and how many records may wait.
   *
   * @param grace how long (wall clock, from first seen) a record waits for its key
   * @param capacity parked records per task at most; beyond, refused at once
   * @param rechecksPerPunctuation verifications per punctuation at most, so a thread with many
   *     parked records still polls in time
   */
  public record Limits(Duration grace, int capacity, int rechecksPerPunctuation) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final int DEFAULT_RECHECKS_PER_PUNCTUATION = 200;

    public Limits {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative");
      }
      if (capacity < 0) {
        throw new IllegalArgumentException("capacity must not be negative");
      }
      if (rechecksPerPunctuation < 1) {
        throw new IllegalArgumentException("rechecksPerPunctuation must be at least 1");
      }
    }

    public static Limits defaults() {
      return new Limits(DEFAULT_GRACE, DEFAULT_CAPACITY, DEFAULT_RECHECKS_PER_PUNCTUATION);
    }

    public Limits withGrace(Duration g) {
      return new Limits(g, capacity, rechecksPerPunctuation);
    }

    public Limits withCapacity(int c) {
      return new Limits(grace, c, rechecksPerPunctuation);
    }
  }

  /** Verifies a parked record again; one instance per task, used from the stream thread only. */
  public interface Recheck {
    /**
     * The verdict on {@code parked} now; empty when the same envelope has been accepted since (from
     * another copy), so this one must be dropped. On acceptance the implementation records the
     * envelope as applied, exactly as the first verification would have.
     */
    Optional<Verdict> recheck(ParkedRecord parked);

    /**
     * Changes whenever a verdict could (the keyring took a new event); parked records are checked
     * again only when it does.
     */
    long trustVersion();
  }

  private final String storeName;
  private final Limits limits;
  private final Function<ProcessorContext<?, ?>, Recheck> opener;
  private ProcessorContext<byte[], Checked> context;
  private KeyValueStore<String, ParkedRecord> parked;
  private Recheck recheck;
  private long parkedCount;
  private long passVersion;
  private String passCursor;

  /**
   * @param storeName the parked store, connected to this processor
   * @param opener builds the task's {@link Recheck} in {@code init} (the keyring and any applied
   *     store are reachable from the context by then)
   */
  public ParkingProcessor(
      String storeName, Limits limits, Function<ProcessorContext<?, ?>, Recheck> opener) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /** The parked store: persistent and changelogged; no cache, its writes are few. */
  public static StoreBuilder<KeyValueStore<String, ParkedRecord>> storeBuilder(String name) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), JsonSerde.of(ParkedRecord.class));
  }

  @Override
  public void init(ProcessorContext<byte[], Checked> context) {
    this.context = context;
    this.parked = context.getStateStore(storeName);
    this.recheck = opener.apply(context);
    // Stores are restored before init: count what a previous owner of this task left parked.
    long n = 0;
    try (KeyValueIterator<String, ParkedRecord> it = parked.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    this.parkedCount = n;
    // Restored records were last checked by another instance: the first pass checks them all.
    this.passVersion = Long.MIN_VALUE;
    this.passCursor = null;
    context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<byte[], Checked> record) {
    Checked c = record.value();
    if (!isUnknownKey(c.verdict())) {
      context.forward(record);
      return;
    }
    if (parkedCount >= limits.capacity()) {
      context.forward(
          record.withValue(
              withDetail(
                  c,
                  Reason.UNKNOWN_KEY,
                  "parking full ("
                      + limits.capacity()
                      + " records wait for keys): "
                      + c.verdict().rejection().detail())));
      return;
    }
    ParkedRecord p =
        new ParkedRecord(
            record.key(),
            c.rawValue(),
            ParkedRecord.entries(record.headers()),
            c.topic(),
            c.partition(),
            c.offset(),
            record.timestamp(),
            context.currentSystemTimeMs());
    // Under at-least-once a reprocessed record may be parked twice; a second accepted copy is
    // dropped by the recheck (applied), a second refused copy is refused again, as before parking.
    parked.put(p.storeKey(), p);
    parkedCount++;
  }

  private void punctuate(long now) {
    int budget = limits.rechecksPerPunctuation();
    budget -= releaseExpired(now, budget);
    long version = recheck.trustVersion();
    if (version != passVersion) {
      passVersion = version;
      passCursor = "";
    }
    if (passCursor != null && budget > 0) {
      recheckFromCursor(now, budget);
    }
  }

  /** Last check, then out, for records whose grace is over; returns the checks spent. */
  private int releaseExpired(long now, int budget) {
    long cutoff = now - limits.grace().toMillis();
    List<KeyValue<String, ParkedRecord>> due = new ArrayList<>();
    try (KeyValueIterator<String, ParkedRecord> it = parked.all()) {
      while (it.hasNext() && due.size() < budget) {
        KeyValue<String, ParkedRecord> kv = it.next();
        if (ParkedRecord.firstSeenOf(kv.key) > cutoff) {
          break;
        }
        due.add(kv);
      }
    }
    for (KeyValue<String, ParkedRecord> kv : due) {
      Optional<Verdict> verdict = recheck.recheck(kv.value);
      if (verdict.isPresent()) {
        Verdict v = verdict.get();
        forward(kv.value, isUnknownKey(v) ? waited(v, now - kv.value.firstSeen()) : v);
      }
      remove(kv.key);
    }
    return due.size();
  }

  /** Checks parked records again from where the current pass got to, within the budget. */
  private void recheckFromCursor(long now, int budget) {
    List<KeyValue<String, ParkedRecord>> batch = new ArrayList<>();
    boolean more;
    try (KeyValueIterator<String, ParkedRecord> it = parked.range(passCursor, null)) {
      while (it.hasNext() && batch.size() < budget) {
        batch.add(it.next());
      }
      more = it.hasNext();
    }
    for (KeyValue<String, ParkedRecord> kv : batch) {
      Optional<Verdict> verdict = recheck.recheck(kv.value);
      if (verdict.isPresent() && isUnknownKey(verdict.get())) {
        continue;
      }
      verdict.ifPresent(v -> forward(kv.value, v));
      remove(kv.key);
    }
    // Just after the last key looked at: the smallest string greater than it.
    passCursor = more ? batch.get(batch.size() - 1).key + '\u0000' : null;
  }

  private void forward(ParkedRecord p, Verdict verdict) {
    context.forward(
        new Record<>(
            p.key(),
            new Checked(p.value(), p.topic(), p.partition(), p.offset(), verdict),
            p.timestamp(),
            p.kafkaHeaders()));
  }

  private void remove(String key) {
    parked.delete(key);
    parkedCount--;
  }

  private static boolean isUnknownKey(Verdict v) {
    return !v.accepted() && v.rejection().reason() == Reason.UNKNOWN_KEY;
  }

  private static Verdict waited(Verdict v, long waitedMillis) {
    return Verdict.rejected(
        v.envelopeDigest(),
        Reason.UNKNOWN_KEY,
        "waited " + waitedMillis + " ms for the key: " + v.rejection().detail());
  }

  private static Checked withDetail(Checked c, Reason reason, String detail) {
    return new Checked(
        c.rawValue(),
        c.topic(),
        c.partition(),
        c.offset(),
        Verdict.rejected(c.verdict().envelopeDigest(), reason, detail));
  }
}
