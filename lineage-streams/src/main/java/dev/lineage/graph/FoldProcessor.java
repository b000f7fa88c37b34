package dev.lineage.graph;

import dev.lineage.index.GraphIndex;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies fold operations to the graph stores of its partition. Each operation touches one entry,
 * and writes only when the merge changes it, so a replay writes nothing and a node with a million
 * neighbours still costs one small put per new edge.
 */
public final class FoldProcessor implements Processor<String, GraphOp, Void, Void> {
  private final GraphIndex index;
  private String partition;
  private KeyValueStore<String, NodeRecord> nodes;
  private KeyValueStore<String, EdgeRecord> edgesOut;
  private KeyValueStore<String, EdgeRecord> edgesIn;
  private KeyValueStore<String, NameEntry> names;
  private KeyValueStore<String, String> processRuns;
  private KeyValueStore<String, EquivalenceRecord> equivalences;
  private KeyValueStore<String, ColumnRecord> columns;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    nodes = context.getStateStore(GraphStores.NODES);
    edgesOut = context.getStateStore(GraphStores.EDGES_OUT);
    edgesIn = context.getStateStore(GraphStores.EDGES_IN);
    names = context.getStateStore(GraphStores.NAMES);
    processRuns = context.getStateStore(GraphStores.PROCESS_RUNS);
    equivalences = context.getStateStore(GraphStores.EQUIVALENCES);
    columns = context.getStateStore(GraphStores.COLUMNS);
    partition = context.taskId().toString();
    rebuildIndex();
  }

  /**
   * The task's stores are restored before its processors start: this task's share of the in-memory
   * index is read back from them, so the index is never ahead of or behind the durable truth.
   */
  private void rebuildIndex() {
    index.dropPartition(partition);
    try (KeyValueIterator<String, EdgeRecord> edges = edgesOut.all()) {
      edges.forEachRemaining(
          e -> {
            String[] ends = GraphStores.edgeEnds(e.key);
            index.edgeOut(partition, ends[0], ends[1]);
            index.edgeOutTrust(partition, ends[0], ends[1], e.value.trustLevel() == Trust.GATEWAY);
          });
    }
    try (KeyValueIterator<String, EdgeRecord> edges = edgesIn.all()) {
      edges.forEachRemaining(
          e -> {
            String[] ends = GraphStores.edgeEnds(e.key);
            index.edgeIn(partition, ends[0], ends[1]);
            index.edgeInTrust(partition, ends[0], ends[1], e.value.trustLevel() == Trust.GATEWAY);
          });
    }
    try (KeyValueIterator<String, NodeRecord> all = nodes.all()) {
      all.forEachRemaining(n -> index.nodeKind(n.key, n.value.kind()));
    }
  }

  @Override
  public void close() {
    index.dropPartition(partition);
  }

  public FoldProcessor(GraphIndex index) {
    this.index = Objects.requireNonNull(index, "index");
  }

  @Override
  public void process(Record<String, GraphOp> record) {
    GraphOp op = record.value();
    switch (op.op()) {
      case NODE -> {
        if (merge(nodes, op.key(), op.node(), NodeRecord::merge) != Change.NONE) {
          index.nodeKind(op.key(), op.node().kind());
        }
      }
      case EDGE_OUT -> {
        Change change = merge(edgesOut, op.key(), op.edge(), EdgeRecord::merge);
        if (change != Change.NONE) {
          String[] ends = GraphStores.edgeEnds(op.key());
          if (change == Change.NEW) {
            index.edgeOut(partition, ends[0], ends[1]);
          }
          index.edgeOutTrust(partition, ends[0], ends[1], gatewayOnly(edgesOut, op.key()));
        }
      }
      case EDGE_IN -> {
        Change change = merge(edgesIn, op.key(), op.edge(), EdgeRecord::merge);
        if (change != Change.NONE) {
          String[] ends = GraphStores.edgeEnds(op.key());
          if (change == Change.NEW) {
            index.edgeIn(partition, ends[0], ends[1]);
          }
          index.edgeInTrust(partition, ends[0], ends[1], gatewayOnly(edgesIn, op.key()));
        }
      }
      case NAME -> merge(names, op.key(), op.name(), NameEntry::merge);
      case NODE_RETRACT -> {
        NodeRecord current = nodes.get(op.key());
        if (current != null && current.envelope().equals(op.node().envelope())) {
          nodes.delete(op.key());
          index.forgetNodeKind(op.key());
        }
      }
      case NAME_RETRACT -> {
        NameEntry current = names.get(op.key());
        if (current != null && current.envelope().equals(op.name().envelope())) {
          names.delete(op.key());
        }
      }
      case PROCESS_RUN -> merge(processRuns, op.key(), op.runId(), (current, in) -> in);
      case COLUMN -> merge(columns, op.key(), op.column(), ColumnRecord::merge);
      // keyed by the attestation's digest: one entry per attestation, written once
      case EQUIVALENCE ->
          merge(
              equivalences,
              op.key(),
              op.equivalence(),
              (current, in) -> current == null ? in : current);
    }
  }

  private static boolean gatewayOnly(KeyValueStore<String, EdgeRecord> edges, String key) {
    EdgeRecord stored = edges.get(key);
    return stored != null && stored.trustLevel() == Trust.GATEWAY;
  }

  /** What a merge did: nothing, a change to an existing entry, or a new entry. */
  private enum Change {
    NONE,
    CHANGED,
    NEW
  }

  private static <V> Change merge(
      KeyValueStore<String, V> store, String key, V incoming, BinaryOperator<V> rule) {
    V current = store.get(key);
    V merged = rule.apply(current, incoming);
    if (Objects.equals(current, merged)) {
      return Change.NONE;
    }
    store.put(key, merged);
    return current == null ? Change.NEW : Change.CHANGED;
  }
}
