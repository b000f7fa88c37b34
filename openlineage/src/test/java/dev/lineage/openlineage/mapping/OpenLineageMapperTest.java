package dev.lineage.openlineage.mapping;

import static dev.lineage.openlineage.mapping.TestEvents.column;
import static dev.lineage.openlineage.mapping.TestEvents.dataset;
import static dev.lineage.openlineage.mapping.TestEvents.raw;
import static dev.lineage.openlineage.mapping.TestEvents.runEvent;
import static dev.lineage.openlineage.mapping.TestEvents.streaming;
import static dev.lineage.openlineage.mapping.TestEvents.versioned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.id.NodeId;
import dev.lineage.openlineage.Examples;
import dev.lineage.openlineage.RawEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenLineageMapperTest {
  static final String RUN = "0190a3a1-7b2c-7d4e-8f00-0000000000a1";
  static final NodeId RUN_ID = NodeId.run(RUN);
  static final NodeId ORDERS = NodeId.dataset("postgres://db:5432", "shop.public.orders", null);
  static final NodeId RAW = NodeId.dataset("s3://lake", "/raw/orders", null);

  static GraphMapping map(RawEvent e) {
    return OpenLineageMapper.map(e);
  }

  static ObjectNode extract(String eventType) {
    return runEvent(
        eventType,
        RUN,
        "airflow-prod",
        "orders_dag.extract",
        List.of(dataset("postgres://db:5432", "shop.public.orders", "id", "amount")),
        List.of(
            column(
                dataset("s3://lake", "/raw/orders", "order_id", "amount_eur"),
                "amount_eur",
                "postgres://db:5432",
                "shop.public.orders",
                "amount",
                "TRANSFORMATION")));
  }

  @Test
  void theFullExampleMapsToARunBetweenItsDatasetsWithEveryFacetKept() {
    GraphMapping m = map(RawEvent.of(Examples.bytes("example_full_event.json")));
    NodeId run = NodeId.parse("run:ea041791-68bc-4ae1-bd89-4c8106a157e4");
    NodeId table = NodeId.parse("dataset:my-datasource-namespace|instance.schema.table");
    assertThat(m.kind()).isEqualTo(EventKind.RUN_EVENT);
    assertThat(m.process().orElseThrow().job().processName())
        .isEqualTo("my-scheduler-namespace|myjob.mytask");
    RunNode r = m.run().orElseThrow();
    assertThat(r.id()).isEqualTo(run);
    assertThat(r.status()).contains(RunStatus.COMPLETED);
    assertThat(r.parent().orElseThrow().run())
        .isEqualTo(NodeId.parse("run:3f5e83fa-3480-44ff-99c5-ff943904e5e8"));
    assertThat(r.parent().orElseThrow().job())
        .isEqualTo(new JobName("my-scheduler-namespace", "myjob.mytask"));
    assertThat(r.facets().json()).containsOnlyKeys("nominalTime", "parent", "tags");
    assertThat(m.edges())
        .containsExactly(
            new Edge(table, run, EdgeKind.INPUT), new Edge(run, table, EdgeKind.OUTPUT));
    assertThat(m.datasets())
        .extracting(DatasetNode::role)
        .containsExactly(DatasetRole.INPUT, DatasetRole.OUTPUT);
    DatasetNode in = m.datasets().get(0);
    assertThat(in.schema())
        .containsExactly(
            new SchemaField("column1", Optional.of("VARCHAR"), Optional.of("string"), List.of()));
    assertThat(in.ioFacets().json()).containsOnlyKeys("dataQualityAssertions");
    assertThat(m.datasets().get(1).ioFacets().get("outputStatistics").orElseThrow())
        .contains("\"rowCount\":2000");
    assertThat(m.columnEdges()).isEmpty();
  }

  @Test
  void theStartExampleIsARunWithoutEdges() {
    GraphMapping m = map(RawEvent.of(Examples.bytes("serde_example_run_event.json")));
    assertThat(m.run().orElseThrow().id()).hasToString("run:69f4acab-b87d-4fc0-b27b-8ea950370ff3");
    assertThat(m.run().orElseThrow().status()).contains(RunStatus.STARTED);
    assertThat(m.run().orElseThrow().facets().json()).containsOnlyKeys("nominalTime");
    assertThat(m.process().orElseThrow().job()).isEqualTo(new JobName("openlineage", "name"));
    assertThat(m.edges()).isEmpty();
    assertThat(m.datasets()).isEmpty();
  }

  @Test
  void theJobExampleDeclaresItsDatasetsButDrawsNoEdgeWithoutARun() {
    GraphMapping m = map(RawEvent.of(Examples.bytes("serde_example_job_event.json")));
    assertThat(m.kind()).isEqualTo(EventKind.JOB_EVENT);
    assertThat(m.run()).isEmpty();
    assertThat(m.process().orElseThrow().job().processName()).isEqualTo("openlineage|name");
    assertThat(m.datasets())
        .extracting(d -> d.id().toString(), DatasetNode::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dataset:openlineage|dataset_a", DatasetRole.INPUT),
            org.assertj.core.groups.Tuple.tuple(
                "dataset:openlineage|dataset_b", DatasetRole.OUTPUT));
    assertThat(m.edges()).isEmpty();
  }

  @Test
  void theDatasetExampleIsOneNodeWithItsSchemaAsAttributes() {
    GraphMapping m = map(RawEvent.of(Examples.bytes("serde_example_dataset_event.json")));
    assertThat(m.kind()).isEqualTo(EventKind.DATASET_EVENT);
    assertThat(m.process()).isEmpty();
    assertThat(m.datasets())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).hasToString("dataset:openlineage|name");
              assertThat(d.role()).isEqualTo(DatasetRole.STATIC);
              assertThat(d.schema()).extracting(SchemaField::name).containsExactly("a", "b");
            });
    assertThat(m.edges()).isEmpty();
  }

  @Test
  void aBatchRunDrawsItsEdgesAtCompleteNotAtStart() {
    GraphMapping start = map(raw(extract("START")));
    assertThat(start.run().orElseThrow().status()).contains(RunStatus.STARTED);
    assertThat(start.edges()).isEmpty();
    assertThat(start.columnEdges()).isEmpty();
    assertThat(start.datasets()).extracting(DatasetNode::id).containsExactly(ORDERS);

    GraphMapping running = map(raw(extract("RUNNING")));
    assertThat(running.edges()).isEmpty();

    GraphMapping complete = map(raw(extract("COMPLETE")));
    assertThat(complete.edges())
        .containsExactly(
            new Edge(ORDERS, RUN_ID, EdgeKind.INPUT), new Edge(RUN_ID, RAW, EdgeKind.OUTPUT));
    assertThat(complete.columnEdges())
        .containsExactly(
            new ColumnEdge(
                RAW,
                Optional.of("amount_eur"),
                ORDERS,
                "amount",
                RUN_ID,
                List.of(
                    new Transformation(
                        "DIRECT", Optional.of("TRANSFORMATION"), Optional.empty(), false))));
  }

  @Test
  void aStreamingRunDrawsItsEdgesAtStart() {
    GraphMapping start = map(raw(streaming(extract("START"))));
    assertThat(start.process().orElseThrow().streaming()).isTrue();
    assertThat(start.edges())
        .containsExactly(
            new Edge(ORDERS, RUN_ID, EdgeKind.INPUT), new Edge(RUN_ID, RAW, EdgeKind.OUTPUT));
    assertThat(start.columnEdges()).hasSize(1);
  }

  @Test
  void aFailedOrAbortedRunKeepsItsInputsAndNeverItsOutputs() {
    for (String type : List.of("FAIL", "ABORT")) {
      GraphMapping m = map(raw(extract(type)));
      assertThat(m.run().orElseThrow().status().orElseThrow().failed()).isTrue();
      assertThat(m.edges()).containsExactly(new Edge(ORDERS, RUN_ID, EdgeKind.INPUT));
      assertThat(m.datasets()).extracting(DatasetNode::role).containsOnly(DatasetRole.INPUT);
      assertThat(m.columnEdges()).isEmpty();
    }
  }

  @Test
  void anOtherEventIsMetadataOnly() {
    GraphMapping m = map(raw(extract("OTHER")));
    assertThat(m.run().orElseThrow().status()).isEmpty();
    assertThat(m.edges()).isEmpty();
  }

  @Test
  void aVersionedDatasetIsItsOwnNodeLinkedFromItsNameAndColumnsResolveToTheVersion() {
    ObjectNode event =
        runEvent(
            "COMPLETE",
            RUN,
            "spark",
            "aggregate",
            List.of(versioned(dataset("s3://lake", "/raw/orders"), "v7")),
            List.of(
                versioned(
                    column(
                        dataset("bigquery", "analytics.totals"),
                        "total",
                        "s3://lake",
                        "/raw/orders",
                        "amount_eur",
                        "AGGREGATION"),
                    "1714557600")));
    GraphMapping m = map(raw(event));
    NodeId rawV7 = NodeId.dataset("s3://lake", "/raw/orders", "v7");
    NodeId totals = NodeId.dataset("bigquery", "analytics.totals", "1714557600");
    assertThat(m.edges())
        .containsExactly(
            new Edge(rawV7, RUN_ID, EdgeKind.INPUT),
            new Edge(RUN_ID, totals, EdgeKind.OUTPUT),
            new Edge(RAW, rawV7, EdgeKind.VERSION),
            new Edge(
                NodeId.dataset("bigquery", "analytics.totals", null), totals, EdgeKind.VERSION));
    assertThat(m.columnEdges())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.inputDataset()).isEqualTo(rawV7);
              assertThat(c.outputDataset()).isEqualTo(totals);
            });
  }

  @Test
  void datasetWideDependenciesAndLegacyTransformationsAreColumnEdgesToo() {
    ObjectNode out = dataset("bigquery", "analytics.totals");
    ObjectNode cl = TestEvents.facet();
    ObjectNode total = cl.putObject("fields").putObject("total");
    total
        .putArray("inputFields")
        .addObject()
        .put("namespace", "postgres://db:5432")
        .put("name", "shop.public.orders")
        .put("field", "amount");
    total.put("transformationType", "MASKED").put("transformationDescription", "sha256(amount)");
    cl.putArray("dataset")
        .addObject()
        .put("namespace", "postgres://db:5432")
        .put("name", "shop.public.orders")
        .put("field", "country")
        .putArray("transformations")
        .addObject()
        .put("type", "INDIRECT")
        .put("subtype", "FILTER");
    out.putObject("facets").set("columnLineage", cl);
    GraphMapping m =
        map(
            raw(
                runEvent(
                    "COMPLETE",
                    RUN,
                    "dbt",
                    "totals",
                    List.of(dataset("postgres://db:5432", "shop.public.orders")),
                    List.of(out))));
    assertThat(m.columnEdges())
        .extracting(
            ColumnEdge::outputField, ColumnEdge::inputField, c -> c.transformations().get(0))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Optional.of("total"),
                "amount",
                new Transformation(
                    "LEGACY", Optional.of("MASKED"), Optional.of("sha256(amount)"), true)),
            org.assertj.core.groups.Tuple.tuple(
                Optional.empty(),
                "country",
                new Transformation("INDIRECT", Optional.of("FILTER"), Optional.empty(), false)));
  }

  @Test
  void aReplayHasTheSameKeyAndTheSameMeaning() {
    byte[] bytes = Examples.bytes("example_full_event.json");
    GraphMapping first = map(RawEvent.of(bytes));
    GraphMapping replay = map(RawEvent.of(bytes));
    assertThat(replay).isEqualTo(first);
    assertThat(first.idempotencyKey())
        .isEqualTo(OpenLineageMapper.idempotencyKey(RawEvent.of(bytes)));
    // the same content re-serialized (compact, keys reordered by a proxy) is the same event
    String compact = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s*\n\\s*", "");
    assertThat(compact).isNotEqualTo(new String(bytes, StandardCharsets.UTF_8));
    assertThat(map(RawEvent.of(compact.getBytes(StandardCharsets.UTF_8))).idempotencyKey())
        .isEqualTo(first.idempotencyKey());
    // while START and COMPLETE of one run are two events
    assertThat(map(raw(extract("START"))).idempotencyKey())
        .isNotEqualTo(map(raw(extract("COMPLETE"))).idempotencyKey());
  }

  @Test
  void anUnknownFacetIsKeptAsCanonicalJson() {
    ObjectNode event = extract("COMPLETE");
    ObjectNode custom = TestEvents.facet().put("owner", "team-fraud");
    custom.putObject("nested").put("z", 1).put("a", true);
    ((ObjectNode) event.get("run")).putObject("facets").set("acme_costCenter", custom);
    GraphMapping m = map(raw(event));
    assertThat(m.run().orElseThrow().facets().get("acme_costCenter"))
        .contains(
            "{\"_producer\":\""
                + TestEvents.PRODUCER
                + "\",\"_schemaURL\":\"https://openlineage.io/spec/facets/x.json\",\"nested\":{\"a\":true,\"z\":1},\"owner\":\"team-fraud\"}");
  }

  @Test
  void runIdsAreLowercasedSoOneRunHasOneNode() {
    GraphMapping upper =
        map(raw(runEvent("START", RUN.toUpperCase(), "a", "b", List.of(), List.of())));
    assertThat(upper.run().orElseThrow().id()).isEqualTo(RUN_ID);
  }

  @Test
  void refusesWhatCannotBeNamed() {
    assertThatThrownBy(
            () -> map(raw(runEvent("START", "not-a-uuid", "a", "b", List.of(), List.of()))))
        .isInstanceOf(UnmappableEventException.class)
        .hasMessageContaining("$.run.runId");
    ObjectNode huge =
        runEvent(
            "START", RUN, "a", "b", List.of(dataset("s3://x", "/" + "p".repeat(2000))), List.of());
    assertThatThrownBy(() -> map(raw(huge)))
        .isInstanceOf(UnmappableEventException.class)
        .hasMessageContaining("at most");
  }
}
