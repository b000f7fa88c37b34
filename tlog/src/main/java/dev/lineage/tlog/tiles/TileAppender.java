package dev.lineage.tlog.tiles;

import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.MerkleTree;
import dev.lineage.tlog.merkle.MissingHashException;
import dev.lineage.tlog.merkle.Rfc6962;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the tiles an append writes. It reads only the right edge of the existing tree (the
 * partial tile of each level, at most one per level) and never writes: the caller stores {@link
 * TileUpdate#writes()} (in a Kafka Streams store, within the same transaction as the offset) and
 * only then publishes a checkpoint for {@link TileUpdate#newSize()}.
 *
 * <p>Every append rewrites the right-edge partial tile of each level it touches (up to 8 KiB of
 * hashes and a partial entry bundle), so append in batches (per commit interval or punctuation),
 * not per record: per-record appends write about 256 times more bytes than the entries.
 */
public final class TileAppender {
  private TileAppender() {}

  /**
   * Appends {@code entries} to the tree of {@code oldSize} leaves whose tiles are in {@code store}.
   *
   * @throws IllegalArgumentException if an entry is longer than an entry bundle can carry
   * @throws dev.lineage.tlog.merkle.MissingHashException if an existing partial tile is missing
   */
  public static TileUpdate append(TileStore store, long oldSize, List<byte[]> entries) {
    entries.forEach(EntryBundles::checkLength);
    long newSize = oldSize + entries.size();
    Map<TileResource, byte[]> writes = new LinkedHashMap<>();
    Edge edge = new Edge(store, oldSize, writes);
    for (byte[] e : entries) {
      edge.addEntry(e);
    }
    edge.flushPartials();
    Hash root = MerkleTree.rootHash(newSize, new TileHashReader(overlay(store, writes), newSize));
    return new TileUpdate(oldSize, newSize, root, writes);
  }

  /** The store as it will be once {@code writes} are stored. */
  static TileStore overlay(TileStore store, Map<TileResource, byte[]> writes) {
    return new TileStore() {
      @Override
      public Optional<byte[]> read(TileResource resource) {
        byte[] w = writes.get(resource);
        return w != null ? Optional.of(w.clone()) : store.read(resource);
      }

      @Override
      public void write(TileResource resource, byte[] data) {
        throw new UnsupportedOperationException("read-only view");
      }
    };
  }

  /** The rightmost (partial) tile of each level, and the partial entry bundle, being extended. */
  private static final class Edge {
    private final TileStore store;
    private final long oldSize;
    private final Map<TileResource, byte[]> writes;
    private final Map<Integer, Row> rows = new HashMap<>();
    private Row bundle;

    Edge(TileStore store, long oldSize, Map<TileResource, byte[]> writes) {
      this.store = store;
      this.oldSize = oldSize;
      this.writes = writes;
    }

    void addEntry(byte[] entry) {
      if (bundle == null) {
        bundle = loadRow(-1);
      }
      EntryBundles.appendTo(bundle.data, entry);
      bundle.count++;
      bundle.touched = true;
      if (bundle.count == TileResource.FULL_WIDTH) {
        writes.put(new EntryBundleId(bundle.tileIndex, bundle.count), bundle.data.toByteArray());
        bundle.next();
      }
      addHash(0, Rfc6962.leafHash(entry));
    }

    private void addHash(int level, Hash h) {
      Row row = rows.computeIfAbsent(level, this::loadRow);
      row.data.write(h.bytes(), 0, Hash.SIZE);
      row.count++;
      row.touched = true;
      if (row.count == TileResource.FULL_WIDTH) {
        byte[] tile = row.data.toByteArray();
        writes.put(new TileId(level, row.tileIndex, row.count), tile);
        List<Hash> hashes = new ArrayList<>(TileResource.FULL_WIDTH);
        for (int i = 0; i < TileResource.FULL_WIDTH; i++) {
          hashes.add(Hash.slice(tile, i * Hash.SIZE));
        }
        row.next();
        addHash(level + 1, MerkleTree.completeSubtreeRoot(hashes));
      }
    }

    void flushPartials() {
      for (Map.Entry<Integer, Row> e : rows.entrySet()) {
        Row row = e.getValue();
        if (row.touched && row.count > 0) {
          writes.put(new TileId(e.getKey(), row.tileIndex, row.count), row.data.toByteArray());
        }
      }
      if (bundle != null && bundle.touched && bundle.count > 0) {
        writes.put(new EntryBundleId(bundle.tileIndex, bundle.count), bundle.data.toByteArray());
      }
    }

    /** Level -1 is the entry bundle row. */
    private Row loadRow(int level) {
      long count = Tiles.countAt(Math.max(level, 0), oldSize);
      Row row = new Row(count / TileResource.FULL_WIDTH);
      int width = (int) (count % TileResource.FULL_WIDTH);
      if (width > 0) {
        TileResource existing =
            level < 0
                ? new EntryBundleId(row.tileIndex, width)
                : new TileId(level, row.tileIndex, width);
        byte[] data =
            store
                .readOrFromFull(existing)
                .orElseThrow(
                    () ->
                        new MissingHashException(
                            "cannot append to a tree of size "
                                + oldSize
                                + ": "
                                + existing.path()
                                + " is missing"));
        row.data.write(data, 0, data.length);
        row.count = width;
      }
      return row;
    }
  }

  private static final class Row {
    long tileIndex;
    int count;
    boolean touched;
    ByteArrayOutputStream data = new ByteArrayOutputStream();

    Row(long tileIndex) {
      this.tileIndex = tileIndex;
    }

    void next() {
      tileIndex++;
      count = 0;
      touched = false;
      data = new ByteArrayOutputStream();
    }
  }
}
