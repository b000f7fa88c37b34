package dev.lineage.index;

/**
 * Both directions of the in-memory adjacency over one set of interned ids, plus node kinds: what
 * the fold keeps in step with its stores and what closures read. One per application instance.
 */
public final class GraphIndex {
  private final NodeInterner interner = new NodeInterner();
  private final AdjacencyIndex downstream = new AdjacencyIndex(interner);
  private final AdjacencyIndex upstream = new AdjacencyIndex(interner);

  /** An edge {@code from -> to} as the edges-out store of {@code partition} holds it. */
  public void edgeOut(String partition, String from, String to) {
    downstream.add(partition, from, to);
  }

  /** An edge {@code from -> to} as the edges-in store of {@code partition} holds it. */
  public void edgeIn(String partition, String from, String to) {
    upstream.add(partition, to, from);
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
