package dev.lineage.index;

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
 * <p>Writers (stream threads) take a lock; readers (HTTP threads) never do: each node's list
 * publishes its array before its size, so a reader sees a consistent prefix.
 */
public final class AdjacencyIndex {
  private static final int[] NONE = new int[0];

  private final NodeInterner interner;
  private volatile IntList[] adjacency = new IntList[1024];
  private final Map<String, IntList> ownedBy = new ConcurrentHashMap<>();
  private long edges;

  public AdjacencyIndex(NodeInterner interner) {
    this.interner = interner;
  }

  /** Adds the edge {@code key -> other} held by a partition. The caller adds each edge once. */
  public synchronized void add(String partition, String key, String other) {
    int k = interner.intern(key);
    int o = interner.intern(other);
    IntList[] table = adjacency;
    if (k >= table.length) {
      table = Arrays.copyOf(table, Math.max(table.length * 2, k + 1));
      adjacency = table;
    }
    IntList list = table[k];
    if (list == null) {
      list = new IntList();
      table[k] = list;
      ownedBy.computeIfAbsent(partition, p -> new IntList()).add(k);
    }
    list.add(o);
    edges++;
    // The volatile write publishes the table slot and the new list to readers, who read the table
    // first.
    adjacency = table;
  }

  /** Forgets every edge a partition held: its task has closed or moved away. */
  public synchronized void dropPartition(String partition) {
    IntList owned = ownedBy.remove(partition);
    if (owned == null) {
      return;
    }
    IntList[] table = adjacency;
    int[] nodes = owned.snapshot();
    for (int node : nodes) {
      IntList list = table[node];
      if (list != null) {
        edges -= list.size();
        table[node] = null;
      }
    }
  }

  /** The neighbors of a node as ints; empty when it has none here. */
  public int[] neighbors(int node) {
    IntList[] table = adjacency;
    if (node < 0 || node >= table.length) {
      return NONE;
    }
    IntList list = table[node];
    return list == null ? NONE : list.snapshot();
  }

  /** Calls {@code action} with each neighbor of a node, without copying. */
  public void forEachNeighbor(int node, IntConsumer action) {
    IntList[] table = adjacency;
    if (node < 0 || node >= table.length) {
      return;
    }
    IntList list = table[node];
    if (list != null) {
      list.forEach(action);
    }
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

  public NodeInterner interner() {
    return interner;
  }

  /** A growable int array for one writer at a time and any number of lock-free readers. */
  static final class IntList {
    private volatile int[] items = new int[2];
    private volatile int size;

    void add(int value) {
      int n = size;
      int[] a = items;
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
        items = a;
      }
      a[n] = value;
      size = n + 1;
    }

    int size() {
      return size;
    }

    void forEach(IntConsumer action) {
      int n = size;
      int[] a = items;
      for (int i = 0; i < n; i++) {
        action.accept(a[i]);
      }
    }

    int[] snapshot() {
      int n = size;
      return Arrays.copyOf(items, n);
    }
  }
}
