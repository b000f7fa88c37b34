package dev.lineage.graph;

/**
 * One change to one store entry, sent through the {@value GraphStores#FOLD_REPARTITION} repartition
 * topic keyed by the id that owns the entry. Every operation is a merge that is commutative and
 * idempotent, so the stores do not depend on arrival order or on replays.
 *
 * @param op which store
 * @param key the store key
 * @param node for {@link Op#NODE}
 * @param edge for {@link Op#EDGE_OUT} and {@link Op#EDGE_IN}
 * @param name for {@link Op#NAME}
 * @param runId for {@link Op#PROCESS_RUN}
 * @param equivalence for {@link Op#EQUIVALENCE}
 */
public record GraphOp(
    Op op,
    String key,
    NodeRecord node,
    EdgeRecord edge,
    NameEntry name,
    String runId,
    EquivalenceRecord equivalence) {
  /** The store an operation changes. */
  public enum Op {
    NODE,
    EDGE_OUT,
    EDGE_IN,
    NAME,
    PROCESS_RUN,
    EQUIVALENCE
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
