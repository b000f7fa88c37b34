package dev.lineage.graph;

import java.util.Objects;
import java.util.function.BinaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies fold operations to the graph stores of its partition. Each operation touches one entry,
 * and writes only when the merge changes it, so a replay writes nothing and a node with a million
 * neighbours still costs one small put per new edge.
 */
public final class FoldProcessor implements Processor<String, GraphOp, Void, Void> {
  private KeyValueStore<String, NodeRecord> nodes;
  private KeyValueStore<String, EdgeRecord> edgesOut;
  private KeyValueStore<String, EdgeRecord> edgesIn;
  private KeyValueStore<String, NameEntry> names;
  private KeyValueStore<String, String> processRuns;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    nodes = context.getStateStore(GraphStores.NODES);
    edgesOut = context.getStateStore(GraphStores.EDGES_OUT);
    edgesIn = context.getStateStore(GraphStores.EDGES_IN);
    names = context.getStateStore(GraphStores.NAMES);
    processRuns = context.getStateStore(GraphStores.PROCESS_RUNS);
  }

  @Override
  public void process(Record<String, GraphOp> record) {
    GraphOp op = record.value();
    switch (op.op()) {
      case NODE -> merge(nodes, op.key(), op.node(), NodeRecord::merge);
      case EDGE_OUT -> merge(edgesOut, op.key(), op.edge(), EdgeRecord::merge);
      case EDGE_IN -> merge(edgesIn, op.key(), op.edge(), EdgeRecord::merge);
      case NAME -> merge(names, op.key(), op.name(), NameEntry::merge);
      case PROCESS_RUN -> merge(processRuns, op.key(), op.runId(), (current, in) -> in);
    }
  }

  private static <V> void merge(
      KeyValueStore<String, V> store, String key, V incoming, BinaryOperator<V> rule) {
    V current = store.get(key);
    V merged = rule.apply(current, incoming);
    if (!Objects.equals(current, merged)) {
      store.put(key, merged);
    }
  }
}
