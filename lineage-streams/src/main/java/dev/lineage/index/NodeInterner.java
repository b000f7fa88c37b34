package dev.lineage.index;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node ids as dense ints, so adjacency is arrays of ints rather than sets of strings: a
 * million-node graph fits in tens of megabytes and a closure walks arrays. Lookups are lock-free;
 * new ids are added under a lock.
 */
public final class NodeInterner {
  private final ConcurrentHashMap<String, Integer> idOf = new ConcurrentHashMap<>();
  private volatile String[] names = new String[1024];
  private volatile int size;

  /** The int of an id, adding it if new. */
  public int intern(String id) {
    Integer known = idOf.get(id);
    if (known != null) {
      return known;
    }
    synchronized (this) {
      known = idOf.get(id);
      if (known != null) {
        return known;
      }
      int n = size;
      String[] current = names;
      if (n == current.length) {
        current = Arrays.copyOf(current, n * 2);
      }
      current[n] = id;
      names = current;
      idOf.put(id, n);
      size = n + 1;
      return n;
    }
  }

  /** The int of a known id, or -1. */
  public int lookup(String id) {
    Integer known = idOf.get(id);
    return known == null ? -1 : known;
  }

  public String name(int node) {
    if (node < 0 || node >= size) {
      throw new IllegalArgumentException("no node " + node);
    }
    return names[node];
  }

  public int size() {
    return size;
  }
}
