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
  private volatile byte[] kinds = new byte[1024];
  private volatile int size;
  private final ConcurrentHashMap<String, Byte> kindCodes = new ConcurrentHashMap<>();
  private volatile String[] kindNames = new String[] {null};

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
      byte[] currentKinds = kinds;
      if (n == current.length) {
        current = Arrays.copyOf(current, n * 2);
        currentKinds = Arrays.copyOf(currentKinds, n * 2);
      }
      current[n] = id;
      kinds = currentKinds;
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

  /**
   * Records a node's kind (MODEL, DATASET, RUN, ...) so that closures can count by kind without
   * reading the node store. At most 127 distinct kinds.
   */
  public synchronized void setKind(int node, String kind) {
    if (node < 0 || node >= size) {
      throw new IllegalArgumentException("no node " + node);
    }
    Byte code = kindCodes.get(kind);
    if (code == null) {
      String[] known = kindNames;
      if (known.length > Byte.MAX_VALUE) {
        throw new IllegalStateException("more than 127 node kinds");
      }
      code = (byte) known.length;
      String[] grown = Arrays.copyOf(known, known.length + 1);
      grown[code] = kind;
      kindNames = grown;
      kindCodes.put(kind, code);
    }
    byte[] k = kinds;
    k[node] = code;
    kinds = k;
  }

  /** Forgets a node's kind (its record was taken out): it reads as none recorded again. */
  public synchronized void clearKind(int node) {
    if (node < 0 || node >= size) {
      throw new IllegalArgumentException("no node " + node);
    }
    byte[] k = kinds;
    k[node] = 0;
    kinds = k;
  }

  /** The kind recorded for a node, or null when none was. */
  public String kind(int node) {
    byte[] k = kinds;
    if (node < 0 || node >= k.length) {
      return null;
    }
    return kindNames[k[node]];
  }

  /** The code of a node's kind, 0 when none was recorded; see {@link #kindName(int)}. */
  public int kindCode(int node) {
    byte[] k = kinds;
    return node < 0 || node >= k.length ? 0 : k[node];
  }

  /** The kind of a code from {@link #kindCode(int)}; null for 0. */
  public String kindName(int code) {
    return kindNames[code];
  }

  /** How many kind codes exist, 0 included. */
  public int kindCodes() {
    return kindNames.length;
  }
}
