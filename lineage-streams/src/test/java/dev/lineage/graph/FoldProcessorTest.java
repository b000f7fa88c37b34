package dev.lineage.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.index.GraphIndex;
import dev.lineage.stores.JsonSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class FoldProcessorTest {
  private static final String SOURCE = "source:transactions_q1";
  private static final String RUN = "run:extract_1";
  private static final String FEATURES = "sha256:" + "a".repeat(64);

  private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();

  private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  @Test
  void aStartingTaskRebuildsItsShareOfTheIndexFromItsStores() {
    KeyValueStore<String, NodeRecord> nodes =
        store(GraphStores.NODES, JsonSerde.of(NodeRecord.class));
    KeyValueStore<String, EdgeRecord> out =
        store(GraphStores.EDGES_OUT, JsonSerde.of(EdgeRecord.class));
    KeyValueStore<String, EdgeRecord> in =
        store(GraphStores.EDGES_IN, JsonSerde.of(EdgeRecord.class));
    store(GraphStores.NAMES, JsonSerde.of(NameEntry.class));
    store(GraphStores.PROCESS_RUNS, Serdes.String());
    store(GraphStores.EQUIVALENCES, JsonSerde.of(EquivalenceRecord.class));
    // What a restored task finds on disk: written by an earlier run of the same task.
    out.put(GraphStores.edgeKey(SOURCE, RUN), new EdgeRecord(EdgeRecord.INPUT, 1L, "e1"));
    in.put(GraphStores.edgeKey(RUN, FEATURES), new EdgeRecord(EdgeRecord.OUTPUT, 1L, "e1"));
    nodes.put(
        FEATURES,
        new NodeRecord(
            FEATURES,
            "ARTIFACT",
            "DATASET",
            "features_v47",
            "47",
            null,
            null,
            null,
            Map.of(),
            "k",
            1L,
            "e0",
            null,
            null,
            null,
            null,
            null,
            null,
            null));

    GraphIndex index = new GraphIndex();
    index.edgeOut(context.taskId().toString(), "source:stale", RUN); // left over: must go
    FoldProcessor fold = new FoldProcessor(index);
    fold.init(context);

    assertThat(index.downstream().neighbors(SOURCE)).containsExactly(RUN);
    assertThat(index.downstream().neighbors("source:stale")).isEmpty();
    assertThat(index.upstream().neighbors(FEATURES)).containsExactly(RUN);
    assertThat(index.interner().kind(index.interner().lookup(FEATURES))).isEqualTo("DATASET");

    fold.close();
    assertThat(index.downstream().neighbors(SOURCE)).isEmpty();
    assertThat(index.upstream().neighbors(FEATURES)).isEmpty();
  }
}
