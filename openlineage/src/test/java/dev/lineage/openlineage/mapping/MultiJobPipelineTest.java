package dev.lineage.openlineage.mapping;

import static dev.lineage.openlineage.mapping.TestEvents.column;
import static dev.lineage.openlineage.mapping.TestEvents.dataset;
import static dev.lineage.openlineage.mapping.TestEvents.runEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.id.Digest;
import dev.lineage.id.NodeId;
import dev.lineage.openlineage.RawEvent;
import dev.lineage.openlineage.transport.KafkaEvent;
import dev.lineage.openlineage.transport.OpenLineageTransport;
import dev.lineage.openlineage.validate.OpenLineageValidator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A three-step pipeline as Airflow and Spark report it, START then COMPLETE per run (and one failed
 * attempt), through both ways in, the validator and the mapper, folded into a toy graph that keeps
 * what the mapping says and skips keys it has seen.
 */
class MultiJobPipelineTest {
  static final OpenLineageValidator VALIDATOR = OpenLineageValidator.bundled();

  static final String PG = "postgres://db.shop.internal:5432";
  static final String LAKE = "s3://lake";
  static final String EXTRACT_RUN = "11111111-1111-4111-8111-111111111111";
  static final String FEATURES_FAILED_RUN = "22222222-2222-4222-8222-222222222222";
  static final String FEATURES_RUN = "33333333-3333-4333-8333-333333333333";

  static final NodeId ORDERS = NodeId.dataset(PG, "shop.public.orders", null);
  static final NodeId CUSTOMERS = NodeId.dataset(PG, "shop.public.customers", null);
  static final NodeId RAW = NodeId.dataset(LAKE, "/raw/orders", null);
  static final NodeId FEATURES = NodeId.dataset(LAKE, "/features/fraud_v47", null);
  static final NodeId EXTRACT = NodeId.run(EXTRACT_RUN);
  static final NodeId FAILED = NodeId.run(FEATURES_FAILED_RUN);
  static final NodeId BUILD = NodeId.run(FEATURES_RUN);

  final Set<Digest> seen = new HashSet<>();
  final Set<Edge> edges = new LinkedHashSet<>();
  final Set<ColumnEdge> columns = new LinkedHashSet<>();
  final List<RunStatus> statuses = new ArrayList<>();
  int applied;

  @BeforeEach
  void clear() {
    seen.clear();
    edges.clear();
    columns.clear();
    statuses.clear();
    applied = 0;
  }

  static List<ObjectNode> extract() {
    List<ObjectNode> inputs =
        List.of(dataset(PG, "shop.public.orders", "id", "amount", "customer_id"));
    ObjectNode raw = dataset(LAKE, "/raw/orders", "order_id", "amount_eur", "customer_id");
    column(raw, "order_id", PG, "shop.public.orders", "id", "IDENTITY");
    column(raw, "amount_eur", PG, "shop.public.orders", "amount", "TRANSFORMATION");
    column(raw, "customer_id", PG, "shop.public.orders", "customer_id", "IDENTITY");
    return List.of(
        runEvent("START", EXTRACT_RUN, "airflow-prod", "orders_dag.extract", inputs, List.of(raw)),
        runEvent(
            "COMPLETE", EXTRACT_RUN, "airflow-prod", "orders_dag.extract", inputs, List.of(raw)));
  }

  static List<ObjectNode> features() {
    List<ObjectNode> inputs =
        List.of(
            dataset(LAKE, "/raw/orders", "order_id", "amount_eur", "customer_id"),
            dataset(PG, "shop.public.customers", "id", "country"));
    ObjectNode out = dataset(LAKE, "/features/fraud_v47", "amount_eur", "country");
    column(out, "amount_eur", LAKE, "/raw/orders", "amount_eur", "IDENTITY");
    column(out, "country", PG, "shop.public.customers", "country", "IDENTITY");
    return List.of(
        runEvent("START", FEATURES_FAILED_RUN, "spark", "fraud_features", inputs, List.of(out)),
        runEvent("FAIL", FEATURES_FAILED_RUN, "spark", "fraud_features", inputs, List.of(out)),
        runEvent("START", FEATURES_RUN, "spark", "fraud_features", inputs, List.of(out)),
        runEvent("COMPLETE", FEATURES_RUN, "spark", "fraud_features", inputs, List.of(out)));
  }

  void fold(RawEvent event) {
    assertThat(VALIDATOR.validate(event).violations()).isEmpty();
    GraphMapping m = OpenLineageMapper.map(event);
    if (!seen.add(m.idempotencyKey())) {
      return; // a replay: already applied
    }
    applied++;
    m.run().flatMap(RunNode::status).ifPresent(statuses::add);
    edges.addAll(m.edges());
    columns.addAll(m.columnEdges());
  }

  void sendOverHttp(List<ObjectNode> events) {
    ArrayNode body = TestEvents.JSON.createArrayNode();
    events.forEach(body::add);
    OpenLineageTransport.fromHttpBody(TestEvents.bytes(body)).forEach(this::fold);
  }

  void sendOverKafka(List<ObjectNode> events) {
    for (ObjectNode e : events) {
      String key =
          "run:"
              + e.path("job").path("namespace").asText()
              + "/"
              + e.path("job").path("name").asText();
      KafkaEvent record = OpenLineageTransport.fromKafkaRecord(key, TestEvents.raw(e).bytes());
      fold(record.event());
    }
  }

  @Test
  void startThenCompleteAcrossJobsGivesTheExpectedGraph() {
    sendOverKafka(extract());
    assertThat(edges)
        .containsExactly(
            new Edge(ORDERS, EXTRACT, EdgeKind.INPUT), new Edge(EXTRACT, RAW, EdgeKind.OUTPUT));
    sendOverHttp(features());

    assertThat(edges)
        .containsExactlyInAnyOrder(
            new Edge(ORDERS, EXTRACT, EdgeKind.INPUT),
            new Edge(EXTRACT, RAW, EdgeKind.OUTPUT),
            // the failed attempt read its inputs and wrote nothing
            new Edge(RAW, FAILED, EdgeKind.INPUT),
            new Edge(CUSTOMERS, FAILED, EdgeKind.INPUT),
            new Edge(RAW, BUILD, EdgeKind.INPUT),
            new Edge(CUSTOMERS, BUILD, EdgeKind.INPUT),
            new Edge(BUILD, FEATURES, EdgeKind.OUTPUT));
    assertThat(statuses)
        .containsExactly(
            RunStatus.STARTED,
            RunStatus.COMPLETED,
            RunStatus.STARTED,
            RunStatus.FAILED,
            RunStatus.STARTED,
            RunStatus.COMPLETED);
    assertThat(columns).hasSize(5);
    assertThat(columns).allSatisfy(c -> assertThat(c.run()).isIn(EXTRACT, BUILD));

    assertThat(upstream(FEATURES))
        .containsExactlyInAnyOrder(BUILD, RAW, CUSTOMERS, EXTRACT, ORDERS);
    assertThat(downstream(ORDERS)).containsExactlyInAnyOrder(EXTRACT, RAW, FAILED, BUILD, FEATURES);
    assertThat(columnSources(FEATURES, "amount_eur"))
        .containsExactly(RAW + "#amount_eur", ORDERS + "#amount");
    assertThat(columnSources(FEATURES, "country")).containsExactly(CUSTOMERS + "#country");
  }

  @Test
  void replayingEveryEventThroughEitherWayChangesNothing() {
    sendOverKafka(extract());
    sendOverHttp(features());
    Set<Edge> before = Set.copyOf(edges);
    Set<ColumnEdge> columnsBefore = Set.copyOf(columns);
    int appliedBefore = applied;
    assertThat(appliedBefore).isEqualTo(6);

    sendOverHttp(extract());
    sendOverKafka(features());

    assertThat(applied).isEqualTo(appliedBefore);
    assertThat(edges).isEqualTo(before);
    assertThat(columns).isEqualTo(columnsBefore);
  }

  Set<NodeId> upstream(NodeId from) {
    return walk(from, false);
  }

  Set<NodeId> downstream(NodeId from) {
    return walk(from, true);
  }

  private Set<NodeId> walk(NodeId from, boolean down) {
    Set<NodeId> reached = new LinkedHashSet<>();
    Deque<NodeId> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      NodeId at = todo.pop();
      for (Edge e : edges) {
        NodeId next =
            down ? (e.from().equals(at) ? e.to() : null) : (e.to().equals(at) ? e.from() : null);
        if (next != null && reached.add(next)) {
          todo.push(next);
        }
      }
    }
    return reached;
  }

  /** Transitive input columns of one output column, nearest first. */
  private List<String> columnSources(NodeId dataset, String field) {
    List<String> out = new ArrayList<>();
    Deque<String[]> todo = new ArrayDeque<>();
    todo.add(new String[] {dataset.toString(), field});
    while (!todo.isEmpty()) {
      String[] at = todo.poll();
      for (ColumnEdge c : columns) {
        if (c.outputDataset().toString().equals(at[0])
            && c.outputField().orElse("").equals(at[1])) {
          out.add(c.inputDataset() + "#" + c.inputField());
          todo.add(new String[] {c.inputDataset().toString(), c.inputField()});
        }
      }
    }
    return out;
  }
}
