package dev.lineage.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node ids as dense ints, so adjacency is arrays of ints rather than sets of strings: a
 * million-node graph fits in tens of megabytes and a closure walks arrays.
 *
 * <p>The ids themselves are kept as UTF-8 in one byte pool (each id's bytes between two offsets)
 * and found through an open-addressing table of ints, instead of a {@code String}, a map entry and
 * a boxed int per node: about the id's length plus 13 bytes per node rather than about 110 more.
 * {@link #name(int)} decodes the id again on each call.
 *
 * <p>Lookups are lock-free; new ids are added under a lock. A writer fills an id's bytes and offset
 * before it publishes the id's slot (a release write; readers read slots with acquire), and growing
 * any array publishes a new {@link Table} with copies of all of them, never touching the arrays of
 * the table readers may still hold.
 */
public final class NodeInterner {
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

  /** What readers see together: the byte pool, each node's offsets, and the hash slots. */
  private static final class Table {
    final byte[] chars;
    // offsets[n] .. offsets[n + 1]: node n's bytes
    final int[] offsets;
    // node + 1 per used slot, 0 for free; at most half are used
    final int[] slots;

    Table(byte[] chars, int[] offsets, int[] slots) {
      this.chars = chars;
      this.offsets = offsets;
      this.slots = slots;
    }
  }

  private volatile Table table = new Table(new byte[1 << 14], new int[1025], new int[2048]);
  private volatile byte[] kinds = new byte[1024];
  private volatile int size;
  private final ConcurrentHashMap<String, Byte> kindCodes = new ConcurrentHashMap<>();
  private volatile String[] kindNames = new String[] {null};

  /** The int of an id, adding it if new. */
  public int intern(String id) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    int hash = hash(bytes);
    int known = find(table, bytes, hash);
    if (known >= 0) {
      return known;
    }
    synchronized (this) {
      Table t = table;
      known = find(t, bytes, hash);
      if (known >= 0) {
        return known;
      }
      int n = size;
      int used = t.offsets[n];
      if (used + bytes.length > t.chars.length
          || n + 2 > t.offsets.length
          || (n + 1) * 2L > t.slots.length) {
        t = grown(t, n, used + bytes.length);
        table = t;
      }
      byte[] currentKinds = kinds;
      if (n == currentKinds.length) {
        kinds = Arrays.copyOf(currentKinds, n * 2);
      }
      System.arraycopy(bytes, 0, t.chars, used, bytes.length);
      t.offsets[n + 1] = used + bytes.length;
      int mask = t.slots.length - 1;
      int i = hash & mask;
      while (t.slots[i] != 0) {
        i = (i + 1) & mask;
      }
      INTS.setRelease(t.slots, i, n + 1);
      size = n + 1;
      return n;
    }
  }

  /** A copy of the table with room for one more node of {@code charsNeeded} pool bytes in all. */
  private static Table grown(Table t, int n, int charsNeeded) {
    int charsLength = t.chars.length;
    while (charsLength < charsNeeded) {
      // by half: the pool is most of the interner, and a doubling would leave up to half unused
      charsLength = Math.addExact(charsLength, charsLength >> 1);
    }
    int offsetsLength = t.offsets.length;
    while (offsetsLength < n + 2) {
      offsetsLength = (offsetsLength - 1) * 2 + 1;
    }
    int slotsLength = t.slots.length;
    while ((n + 1) * 2L > slotsLength) {
      slotsLength *= 2;
    }
    byte[] chars = Arrays.copyOf(t.chars, charsLength);
    int[] offsets = Arrays.copyOf(t.offsets, offsetsLength);
    int[] slots;
    if (slotsLength == t.slots.length) {
      slots = t.slots.clone();
    } else {
      slots = new int[slotsLength];
      int mask = slotsLength - 1;
      for (int node = 0; node < n; node++) {
        int i = hash(chars, offsets[node], offsets[node + 1]) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = node + 1;
      }
    }
    return new Table(chars, offsets, slots);
  }

  /** The node whose id has these bytes, or -1. */
  private static int find(Table t, byte[] bytes, int hash) {
    int[] slots = t.slots;
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int v = (int) INTS.getAcquire(slots, i);
      if (v == 0) {
        return -1;
      }
      int node = v - 1;
      int from = t.offsets[node];
      int to = t.offsets[node + 1];
      if (to - from == bytes.length && Arrays.equals(t.chars, from, to, bytes, 0, bytes.length)) {
        return node;
      }
    }
  }

  private static int hash(byte[] bytes) {
    return hash(bytes, 0, bytes.length);
  }

  private static int hash(byte[] bytes, int from, int to) {
    int h = 0x9747b28c;
    for (int i = from; i < to; i++) {
      h = (h ^ bytes[i]) * 0x01000193;
    }
    // spread the high bits down: the table is indexed by the low ones
    return h ^ (h >>> 16);
  }

  /** The int of a known id, or -1. */
  public int lookup(String id) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    return find(table, bytes, hash(bytes));
  }

  public String name(int node) {
    if (node < 0 || node >= size) {
      throw new IllegalArgumentException("no node " + node);
    }
    Table t = table;
    int from = t.offsets[node];
    return new String(t.chars, from, t.offsets[node + 1] - from, StandardCharsets.UTF_8);
  }

  public int size() {
    return size;
  }

  /**
   * The bytes this interner's arrays take on the heap (array headers included; the kinds' names and
   * codes, a few, not counted).
   */
  public synchronized long bytesUsed() {
    Table t = table;
    return 16L
        + t.chars.length
        + 16L
        + 4L * t.offsets.length
        + 16L
        + 4L * t.slots.length
        + 16L
        + kinds.length;
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
