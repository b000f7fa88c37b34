package dev.lineage.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lineage.governance.ApprovalStores;
import dev.lineage.graph.GraphStores;
import dev.lineage.ownership.OwnershipStores;
import dev.lineage.stores.JsonSerde;
import dev.lineage.trust.KeyringStore;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The fingerprint of an instance's stores: for each store of the lineage graph, how many entries it
 * holds and a digest of their contents (keys and values as stored). The stores are derived from the
 * event logs, so two instances that folded the same logs have equal fingerprints, whatever the
 * order they folded them in and whether they rebuilt from the logs or restored from changelogs: an
 * operator compares them across a rebuild, a restore or a migration.
 *
 * <p>A store's entries are combined without sorting: its digest is the sum, modulo 2<sup>256</sup>,
 * of the SHA-256 of each entry (length-prefixed key bytes and value bytes). Iteration order (which
 * runs partition by partition) does not matter, memory stays constant on any store size, and the
 * sums of disjoint parts add up to the sum of the whole ({@link StoreFingerprint#plus}): the
 * instances that each own some partitions, added up, compare with one instance that owns them all.
 * (The keyring is a global store, whole on every instance: compare it, never add it.) It detects
 * any difference made by accident; it is not a defence against someone forging entries.
 *
 * <p>The {@code applied} store maps envelope digests to where they were first accepted ({@code
 * topic/partition/offset}): it matches only between instances that read the same topics.
 */
public final class StoreDigest {
  /** The stores fingerprinted, in the order of {@link Fingerprint#stores()}. */
  public static final List<String> STORES =
      List.of(
          GraphStores.NODES,
          GraphStores.EDGES_OUT,
          GraphStores.EDGES_IN,
          GraphStores.NAMES,
          GraphStores.PROCESS_RUNS,
          GraphStores.APPLIED,
          GraphStores.EQUIVALENCES,
          ApprovalStores.STORE,
          OwnershipStores.NAME_CLAIMS,
          OwnershipStores.ID_CLAIMS,
          OwnershipStores.NAME_HOLDINGS,
          KeyringStore.STORE);

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  /** Opens a store of the instance by name, e.g. {@code app::keyValueStore}. */
  @FunctionalInterface
  public interface StoreSource {
    ReadOnlyKeyValueStore<String, ?> open(String name);
  }

  /**
   * One store's fingerprint.
   *
   * @param store the store name
   * @param entries how many entries it holds
   * @param digest {@code sum:<64 hex>}, the sum of its entries' SHA-256 modulo 2^256
   */
  public record StoreFingerprint(String store, long entries, String digest) {
    public StoreFingerprint {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(digest, "digest");
    }

    /** The fingerprint of this store's entries and another part's, e.g. another instance's. */
    public StoreFingerprint plus(StoreFingerprint other) {
      if (!store.equals(other.store)) {
        throw new IllegalArgumentException("cannot add " + other.store + " to " + store);
      }
      return new StoreFingerprint(
          store, entries + other.entries, hex(sum(digest).add(sum(other.digest)).mod(MODULUS)));
    }
  }

  /**
   * The fingerprints of every store in {@link #STORES} and one digest over them all.
   *
   * @param digest {@code sha256:<hex>} of the stores' fingerprints, one line each, in order
   */
  public record Fingerprint(List<StoreFingerprint> stores, String digest) {
    public Fingerprint {
      stores = List.copyOf(stores);
    }

    /** Entries per store, in {@link #STORES} order. */
    public Map<String, Long> counts() {
      Map<String, Long> counts = new LinkedHashMap<>();
      stores.forEach(s -> counts.put(s.store(), s.entries()));
      return counts;
    }

    /** One line per store ({@code name entries digest}), then the overall digest. */
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      for (StoreFingerprint f : stores) {
        s.append(String.format("%-14s %10d  %s%n", f.store(), f.entries(), f.digest()));
      }
      return s.append(String.format("%-14s %10s  %s%n", "all", "", digest)).toString();
    }
  }

  private StoreDigest() {}

  /** The fingerprint of a running app's local stores (the partitions it owns, the keyring). */
  public static Fingerprint of(LineageStreamsApp app) {
    return of(app::keyValueStore);
  }

  public static Fingerprint of(StoreSource source) {
    List<StoreFingerprint> stores = new ArrayList<>();
    for (String name : STORES) {
      stores.add(of(name, source.open(name)));
    }
    return combine(stores);
  }

  /** The fingerprint of one store, read with {@code all()}. */
  public static StoreFingerprint of(String name, ReadOnlyKeyValueStore<String, ?> store) {
    try (KeyValueIterator<String, ?> entries = store.all()) {
      return fold(name, entries);
    }
  }

  /** The fingerprint of these entries, whatever their order. */
  static StoreFingerprint fold(String name, Iterator<? extends KeyValue<String, ?>> entries) {
    MessageDigest sha256 = sha256();
    BigInteger sum = BigInteger.ZERO;
    long count = 0;
    while (entries.hasNext()) {
      KeyValue<String, ?> kv = entries.next();
      byte[] key = kv.key.getBytes(StandardCharsets.UTF_8);
      byte[] value = valueBytes(kv.value);
      sha256.update(ByteBuffer.allocate(4).putInt(key.length).array());
      sha256.update(key);
      sha256.update(ByteBuffer.allocate(4).putInt(value.length).array());
      sha256.update(value);
      sum = sum.add(new BigInteger(1, sha256.digest()));
      count++;
    }
    return new StoreFingerprint(name, count, hex(sum.mod(MODULUS)));
  }

  static Fingerprint combine(List<StoreFingerprint> stores) {
    MessageDigest sha256 = sha256();
    for (StoreFingerprint f : stores) {
      sha256.update(
          (f.store() + " " + f.entries() + " " + f.digest() + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return new Fingerprint(stores, "sha256:" + HexFormat.of().formatHex(sha256.digest()));
  }

  /**
   * A value's bytes as its store holds them: strings as UTF-8 (Kafka's string serde), records as
   * the compact, key-sorted JSON of {@link JsonSerde}.
   */
  private static byte[] valueBytes(Object value) {
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return JsonSerde.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hex(BigInteger sum) {
    return "sum:" + String.format("%064x", sum);
  }

  private static BigInteger sum(String digest) {
    if (!digest.matches("sum:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a store digest: " + digest);
    }
    return new BigInteger(digest.substring(4), 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
