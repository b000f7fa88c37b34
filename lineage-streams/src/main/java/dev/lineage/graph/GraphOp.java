package dev.lineage.graph;

/**
 * One change to one store entry, sent through the {@value GraphStores#FOLD_REPARTITION} repartition
 * topic keyed by the id that owns the entry. Every operation is a merge that is commutative and
 * idempotent, so the stores do not depend on arrival order or on replays. The two retractions take
 * out an entry written by one registration (and only if that registration still defines it): the
 * ownership checks send them, after that registration's own operations, when a name turns out to
 * belong to a key whose registration was appended earlier but arrived later.
 *
 * @param op which store
 * @param key the store key
 * @param node for {@link Op#NODE} and {@link Op#NODE_RETRACT}
 * @param edge for {@link Op#EDGE_OUT} and {@link Op#EDGE_IN}
 * @param name for {@link Op#NAME} and {@link Op#NAME_RETRACT}
 * @param runId for {@link Op#PROCESS_RUN}
 * @param equivalence for {@link Op#EQUIVALENCE}
 * @param column for {@link Op#COLUMN}
 */
public record GraphOp(
    Op op,
    String key,
    NodeRecord node,
    EdgeRecord edge,
    NameEntry name,
    String runId,
    EquivalenceRecord equivalence,
    ColumnRecord column) {
  /** The store an operation changes. */
  public enum Op {
    NODE,
    EDGE_OUT,
    EDGE_IN,
    NAME,
    PROCESS_RUN,
    EQUIVALENCE,
    NODE_RETRACT,
    NAME_RETRACT,
    COLUMN
  }

  public GraphOp(
      Op op,
      String key,
      NodeRecord node,
      EdgeRecord edge,
      NameEntry name,
      String runId,
      EquivalenceRecord equivalence) {
    this(op, key, node, edge, name, runId, equivalence, null);
  }

  /** One column-level edge, keyed by {@link GraphStores#columnKey}. */
  public static GraphOp column(String key, ColumnRecord column) {
    return new GraphOp(Op.COLUMN, key, null, null, null, null, null, column);
  }

  /**
   * The operation that takes this one's entry back out: a node's or a name's (the only entries a
   * name registration writes).
   */
  public GraphOp retraction() {
    Op undo =
        switch (op) {
          case NODE -> Op.NODE_RETRACT;
          case NAME -> Op.NAME_RETRACT;
          default -> throw new IllegalStateException("only a registration's node and name retract");
        };
    return new GraphOp(undo, key, node, edge, name, runId, equivalence);
  }

  public static GraphOp node(NodeRecord node) {
    return new GraphOp(Op.NODE, node.id(), node, null, null, null, null);
  }

  public static GraphOp edgeOut(String from, String to, EdgeRecord edge) {
    return new GraphOp(Op.EDGE_OUT, GraphStores.edgeKey(from, to), null, edge, null, null, null);
  }

  public static GraphOp edgeIn(String from, String to, EdgeRecord edge) {
    return new GraphOp(Op.EDGE_IN, GraphStores.edgeKey(from, to), null, edge, null, null, null);
  }

  public static GraphOp name(String name, NameEntry entry) {
    return new GraphOp(
        Op.NAME,
        GraphStores.nameKey(name, entry.version(), entry.nodeId()),
        null,
        null,
        entry,
        null,
        null);
  }

  public static GraphOp processRun(String key, String runId) {
    return new GraphOp(Op.PROCESS_RUN, key, null, null, null, runId, null);
  }

  /** One side of an equivalence: stored under {@code run}, naming the other run in the record. */
  public static GraphOp equivalence(String run, EquivalenceRecord record) {
    return new GraphOp(
        Op.EQUIVALENCE,
        GraphStores.equivalenceKey(run, record.run(), record.attestation()),
        null,
        null,
        null,
        null,
        record);
  }
}
