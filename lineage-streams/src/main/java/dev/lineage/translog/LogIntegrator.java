package dev.lineage.translog;

import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.Reason;
import dev.lineage.tlog.tiles.EntryBundleId;
import dev.lineage.tlog.tiles.TileAppender;
import dev.lineage.tlog.tiles.TileId;
import dev.lineage.tlog.tiles.TileResource;
import dev.lineage.tlog.tiles.TileUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sequences the leaves of the log topic and integrates them into the tiles.
 *
 * <p>Each record of the single-partition log topic is a {@link dev.lineage.translog.LogLeaf}: the
 * first leaf of an envelope digest gets the next index (its place is the topic's offset order,
 * which Kafka fixed durably); a later one for the same digest (a rebuild under a new application
 * id, or a replay) changes nothing, so the tree has one leaf per accepted envelope and a rebuild
 * gives the same tree. A record that is not a leaf goes to the rejected topic ({@code malformed}).
 *
 * <p>Sequenced leaves wait in {@link LogStores#PENDING}; a wall-clock punctuation (and a full
 * batch) appends them to the tiles at once: one append rewrites the right-edge partial tile of
 * every level it touches, so batches cost a fraction of per-leaf appends. Everything (index,
 * pending, tiles, head) is in changelogged stores written inside the task's transaction, so the
 * tree moves exactly once with the topic's offset.
 */
final class LogIntegrator implements Processor<byte[], byte[], byte[], byte[]> {
  /** Sequenced leaves that integrate at once rather than waiting for the punctuation. */
  static final int MAX_BATCH = 4096;

  private final Duration interval;
  private ProcessorContext<byte[], byte[]> context;
  private KeyValueStore<String, Long> index;
  private KeyValueStore<Long, byte[]> pending;
  private KeyValueStore<String, LogHead> heads;
  private KeyValueTileStore tiles;

  LogIntegrator(Duration interval) {
    this.interval = interval;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    if (context.taskId().partition() != 0) {
      // a second partition would be a second sequencer, and a second tree: refuse to build it
      throw new IllegalStateException(
          "the log topic has more than one partition (task "
              + context.taskId()
              + "): the transparency log needs exactly one, its total order; recreate it with"
              + " one partition");
    }
    this.context = context;
    this.index = context.getStateStore(LogStores.INDEX);
    this.pending = context.getStateStore(LogStores.PENDING);
    this.heads = context.getStateStore(LogStores.HEAD);
    this.tiles = new KeyValueTileStore(context.getStateStore(LogStores.TILES));
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> integrate());
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    LogLeaf leaf;
    try {
      leaf = LogLeaf.parse(record.value());
    } catch (IllegalArgumentException e) {
      reject(record, e.getMessage());
      return;
    }
    if (index.get(leaf.envelopeDigest()) != null) {
      return;
    }
    LogHead head = head();
    index.put(leaf.envelopeDigest(), head.sequenced());
    pending.put(head.sequenced(), leaf.encode());
    LogHead next = head.sequencedOne();
    heads.put(LogStores.HEAD_KEY, next);
    if (next.sequenced() - next.size() >= MAX_BATCH) {
      integrate();
    }
  }

  /** Appends every pending leaf to the tiles and moves the head on. */
  void integrate() {
    LogHead head = head();
    if (!head.hasPending()) {
      return;
    }
    List<byte[]> entries = new ArrayList<>((int) (head.sequenced() - head.size()));
    for (long i = head.size(); i < head.sequenced(); i++) {
      byte[] entry = pending.get(i);
      if (entry == null) {
        throw new IllegalStateException(
            "leaf " + i + " is sequenced but not pending: the log's stores disagree");
      }
      entries.add(entry);
    }
    TileUpdate update = TileAppender.append(tiles, head.size(), entries);
    for (Map.Entry<TileResource, byte[]> w : update.writes().entrySet()) {
      tiles.write(w.getKey(), w.getValue());
    }
    dropSupersededPartials(head.size(), update.newSize());
    for (long i = head.size(); i < head.sequenced(); i++) {
      pending.delete(i);
    }
    heads.put(
        LogStores.HEAD_KEY, new LogHead(update.newSize(), head.sequenced(), update.root().hex()));
  }

  /**
   * Deletes the right-edge partial tiles of the old tree that the new tree replaced (by a wider
   * partial or the full tile): {@link LogView} serves any older partial as a prefix of the current
   * one, so keeping every partial ever written would only grow the store.
   */
  private void dropSupersededPartials(long oldSize, long newSize) {
    for (int level = 0; level * TileResource.HEIGHT < Long.SIZE; level++) {
      long oldCount = oldSize >>> (TileResource.HEIGHT * level);
      if (oldCount == 0) {
        break;
      }
      long newCount = newSize >>> (TileResource.HEIGHT * level);
      int oldWidth = (int) (oldCount % TileResource.FULL_WIDTH);
      if (oldWidth > 0 && newCount > oldCount) {
        long position = oldCount / TileResource.FULL_WIDTH;
        tiles.delete(new TileId(level, position, oldWidth));
        if (level == 0) {
          tiles.delete(new EntryBundleId(position, oldWidth));
        }
      }
    }
  }

  private LogHead head() {
    LogHead head = heads.get(LogStores.HEAD_KEY);
    return head == null ? LogHead.EMPTY : head;
  }

  private void reject(Record<byte[], byte[]> record, String detail) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    context.forward(
        new Record<>(
            record.key(),
            record.value(),
            record.timestamp(),
            RejectedHeaders.of(
                record.headers(),
                Reason.MALFORMED,
                detail,
                meta.topic(),
                meta.partition(),
                meta.offset())));
  }
}
