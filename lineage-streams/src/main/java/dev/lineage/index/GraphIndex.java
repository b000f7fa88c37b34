package dev.lineage.index;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Both directions of the in-memory adjacency over one set of interned ids, plus node kinds: what
 * the fold keeps in step with its stores and what closures read. One per application instance.
 */
public final class GraphIndex {
  private final NodeInterner interner = new NodeInterner();
  private final AdjacencyIndex downstream = new AdjacencyIndex(interner);
  private final AdjacencyIndex upstream = new AdjacencyIndex(interner);
  // Edges only a gateway attested (OpenLineage), by the partition whose store holds them: what
  // ?trust=signed leaves out. Usually few beside the signed ones; a set per partition and side.
  private final Map<String, Set<String>> gatewayOut = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> gatewayIn = new ConcurrentHashMap<>();

  /** An edge {@code from -> to} as the edges-out store of {@code partition} holds it. */
  public void edgeOut(String partition, String from, String to) {
    downstream.add(partition, from, to);
  }

  /** An edge {@code from -> to} as the edges-in store of {@code partition} holds it. */
  public void edgeIn(String partition, String from, String to) {
    upstream.add(partition, to, from);
  }

  /**
   * Records whether the edge {@code from -> to} held in {@code partition}'s edges-out store is
   * vouched for only by a gateway ({@code gateway}) or by some producer's signature.
   */
  public void edgeOutTrust(String partition, String from, String to, boolean gateway) {
    mark(gatewayOut, partition, from + '\u0000' + to, gateway);
  }

  /** As {@link #edgeOutTrust}, for the edges-in store of {@code partition}. */
  public void edgeInTrust(String partition, String from, String to, boolean gateway) {
    mark(gatewayIn, partition, from + '\u0000' + to, gateway);
  }

  /**
   * Whether the edge {@code from -> to}, as the side of the store a walk in this direction reads
   * holds it, is vouched for only by a gateway ({@code downstream}: edges-out, else edges-in).
   */
  public boolean gatewayOnly(boolean downstream, String from, String to) {
    String key = from + '\u0000' + to;
    for (Set<String> keys : (downstream ? gatewayOut : gatewayIn).values()) {
      if (keys.contains(key)) {
        return true;
      }
    }
    return false;
  }

  private static void mark(
      Map<String, Set<String>> sides, String partition, String key, boolean gateway) {
    if (gateway) {
      sides.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(key);
    } else {
      Set<String> keys = sides.get(partition);
      if (keys != null) {
        keys.remove(key);
      }
    }
  }

  public void nodeKind(String id, String kind) {
    interner.setKind(interner.intern(id), kind);
  }

  /** A node whose record was taken out again: its kind is no longer known. */
  public void forgetNodeKind(String id) {
    interner.clearKind(interner.intern(id));
  }

  /** A task closed or moved away: its share of both directions goes. */
  public void dropPartition(String partition) {
    downstream.dropPartition(partition);
    upstream.dropPartition(partition);
    gatewayOut.remove(partition);
    gatewayIn.remove(partition);
  }

  public AdjacencyIndex downstream() {
    return downstream;
  }

  public AdjacencyIndex upstream() {
    return upstream;
  }

  public NodeInterner interner() {
    return interner;
  }
}
