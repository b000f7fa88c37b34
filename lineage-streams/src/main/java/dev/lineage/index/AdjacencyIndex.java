package dev.lineage.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * A compact in-memory copy of one direction of the graph's adjacency, kept in step with the edge
 * store it mirrors: the fold adds each new edge here after writing it to RocksDB, and a task
 * rebuilds its share from its store when it starts. RocksDB stays the durable truth; this index
 * only makes closures fast (a prefix scan costs microseconds per node, an array read nanoseconds).
 *
 * <p>Edges are grouped by the partition (task) whose store holds them, so when a task moves to
 * another instance its share is dropped here. An edge belongs to the partition that owns its key
 * node ({@code from} for the downstream index, {@code to} for the upstream one), so a node's whole
 * adjacency lives in one partition.
 *
 * <p>The layout is CSR-like, with the appends the fold needs: every node's neighbors are one run of
 * a shared int pool, found through three int arrays indexed by node (start, size, capacity). A node
 * whose run is full gets a run of twice the capacity at the pool's end (the old run becomes
 * garbage); when the pool is full it is compacted into a new one. About 12 bytes per node and 4–8
 * per edge, instead of two objects per node ({@link #bytesUsed()} says what it holds).
 *
 * <p>Writers (stream threads) take a lock; readers (HTTP threads) never do. The pool only grows at
 * its end while a layout is current, and a writer publishes a run's contents before its start and
 * its start before its size (release writes; readers read size, then start, with acquire): a reader
 * sees a consistent prefix of a node's neighbors. Compaction and growth publish a new layout and
 * never touch the arrays of the old one, which readers may still hold.
 */
public final class AdjacencyIndex {
  private static final int[] NONE = new int[0];
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final int FIRST_CAPACITY = 2;

  /** The arrays readers see together; replaced whole when they grow or the pool is compacted. */
  private static final class Layout {
    final int[] start;
    final int[] size;
    final int[] capacity;
    final int[] pool;

    Layout(int[] start, int[] size, int[] capacity, int[] pool) {
      this.start = start;
      this.size = size;
      this.capacity = capacity;
      this.pool = pool;
    }
  }

  private final NodeInterner interner;
  private volatile Layout layout =
      new Layout(new int[1024], new int[1024], new int[1024], new int[4096]);
  // pool ints handed out in the current layout (live runs and garbage); writers only
  private int used;
  private final Map<String, IntBag> ownedBy = new ConcurrentHashMap<>();
  private long edges;

  public AdjacencyIndex(NodeInterner interner) {
    this.interner = interner;
  }

  /** Adds the edge {@code key -> other} held by a partition. The caller adds each edge once. */
  public synchronized void add(String partition, String key, String other) {
    int k = interner.intern(key);
    int o = interner.intern(other);
    Layout l = layout;
    if (k >= l.start.length) {
      int n = Math.max(l.start.length + (l.start.length >> 1), k + 1);
      l =
          new Layout(
              Arrays.copyOf(l.start, n),
              Arrays.copyOf(l.size, n),
              Arrays.copyOf(l.capacity, n),
              l.pool);
      layout = l;
    }
    int n = l.size[k];
    int c = l.capacity[k];
    if (c == 0) {
      ownedBy.computeIfAbsent(partition, p -> new IntBag()).add(k);
    }
    if (n == c) {
      int grown = c == 0 ? FIRST_CAPACITY : c * 2;
      if (used + grown > l.pool.length) {
        l = compact(l, grown);
        layout = l;
      }
      int s = used;
      System.arraycopy(l.pool, l.start[k], l.pool, s, n);
      used += grown;
      l.capacity[k] = grown;
      INTS.setRelease(l.start, k, s);
    }
    l.pool[l.start[k] + n] = o;
    INTS.setRelease(l.size, k, n + 1);
    edges++;
  }

  /**
   * A new layout whose pool holds only the live runs, each at its size (its next edge moves it to
   * the end), with room for at least as much again and {@code room} more.
   */
  private Layout compact(Layout l, int room) {
    long needed = 0;
    for (int node = 0; node < l.size.length; node++) {
      needed += l.size[node];
    }
    // half again as much room as is live: runs that grow move to the end until it is full
    long length = Math.max(4096, needed + room + (needed + room) / 2);
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more than 2^30 edges in one direction of the index");
    }
    int[] pool = new int[(int) length];
    int[] start = new int[l.start.length];
    int[] capacity = new int[l.capacity.length];
    int at = 0;
    for (int node = 0; node < l.size.length; node++) {
      int n = l.size[node];
      if (n > 0) {
        System.arraycopy(l.pool, l.start[node], pool, at, n);
        start[node] = at;
        capacity[node] = n;
        at += n;
      }
    }
    used = at;
    return new Layout(start, l.size.clone(), capacity, pool);
  }

  /** Forgets every edge a partition held: its task has closed or moved away. */
  public synchronized void dropPartition(String partition) {
    IntBag owned = ownedBy.remove(partition);
    if (owned == null) {
      return;
    }
    Layout l = layout;
    for (int i = 0; i < owned.size; i++) {
      int node = owned.items[i];
      edges -= l.size[node];
      INTS.setRelease(l.size, node, 0);
      l.capacity[node] = 0;
    }
  }

  /** The neighbors of a node as ints; empty when it has none here. */
  public int[] neighbors(int node) {
    Layout l = layout;
    if (node < 0 || node >= l.size.length) {
      return NONE;
    }
    int n = (int) INTS.getAcquire(l.size, node);
    if (n == 0) {
      return NONE;
    }
    int s = (int) INTS.getAcquire(l.start, node);
    return Arrays.copyOfRange(l.pool, s, s + n);
  }

  /** Calls {@code action} with each neighbor of a node, without copying. */
  public void forEachNeighbor(int node, IntConsumer action) {
    Layout l = layout;
    if (node < 0 || node >= l.size.length) {
      return;
    }
    int n = (int) INTS.getAcquire(l.size, node);
    int s = (int) INTS.getAcquire(l.start, node);
    int[] pool = l.pool;
    for (int i = 0; i < n; i++) {
      action.accept(pool[s + i]);
    }
  }

  /** How many neighbors a node has here. */
  public int degree(int node) {
    Layout l = layout;
    return node < 0 || node >= l.size.length ? 0 : (int) INTS.getAcquire(l.size, node);
  }

  /** The neighbors of a node as ids. */
  public List<String> neighbors(String id) {
    int node = interner.lookup(id);
    if (node < 0) {
      return List.of();
    }
    int[] ns = neighbors(node);
    List<String> out = new ArrayList<>(ns.length);
    for (int n : ns) {
      out.add(interner.name(n));
    }
    return out;
  }

  public boolean holdsPartition(String partition) {
    return ownedBy.containsKey(partition);
  }

  public synchronized long edgeCount() {
    return edges;
  }

  /**
   * The bytes this index's arrays take on the heap (array headers included; the node ids are the
   * interner's and not counted here).
   */
  public synchronized long bytesUsed() {
    Layout l = layout;
    long bytes = 3 * intArrayBytes(l.start.length) + intArrayBytes(l.pool.length);
    for (IntBag bag : ownedBy.values()) {
      bytes += 16 + intArrayBytes(bag.items.length);
    }
    return bytes;
  }

  static long intArrayBytes(long length) {
    return 16 + 4 * length;
  }

  public NodeInterner interner() {
    return interner;
  }

  /** The nodes a partition holds adjacency for; writers only. */
  private static final class IntBag {
    int[] items = new int[16];
    int size;

    void add(int value) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = value;
    }
  }
}
