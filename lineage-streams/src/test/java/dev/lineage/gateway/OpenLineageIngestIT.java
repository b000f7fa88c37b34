package dev.lineage.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.lineage.api.Closure;
import dev.lineage.api.ClosureNode;
import dev.lineage.api.ClosureQuery;
import dev.lineage.api.ColumnLineage;
import dev.lineage.api.ColumnLink;
import dev.lineage.api.Lineage;
import dev.lineage.api.LineageIngested;
import dev.lineage.api.Node;
import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiServer;
import dev.lineage.id.NodeId;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.streams.StreamsIt;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.trust.RoleGrant;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenLineage in, against a real broker: a two-job pipeline written with plain kafka-clients
 * exactly as the OpenLineage Kafka transport writes it, a third job posted to {@code POST
 * /api/v1/lineage} with a producer's token, all folded into one graph the read API walks.
 */
class OpenLineageIngestIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  @RegisterExtension final StreamsIt streams = new StreamsIt(KAFKA);

  static final String TOKEN = "airflow-token-" + "x".repeat(32);
  static final String PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/spark";
  static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer gateway = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));

  static String ds(String namespace, String name) {
    return "{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\"}";
  }

  /** An output dataset whose column {@code out} derives from {@code in} of the input, as given. */
  static String withColumn(
      String namespace,
      String name,
      String out,
      String inNs,
      String inName,
      String in,
      String sub) {
    return "{\"namespace\":\""
        + namespace
        + "\",\"name\":\""
        + name
        + "\",\"facets\":{\"columnLineage\":{\"_producer\":\""
        + PRODUCER
        + "\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json\","
        + "\"fields\":{\""
        + out
        + "\":{\"inputFields\":[{\"namespace\":\""
        + inNs
        + "\",\"name\":\""
        + inName
        + "\",\"field\":\""
        + in
        + "\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\""
        + sub
        + "\",\"masking\":false}]}]}}}}}";
  }

  static String id(String namespace, String name) {
    return NodeId.dataset(namespace, name, null).toString();
  }

  static String event(String type, String run, String job, String inputs, String outputs) {
    return "{\"eventType\":\""
        + type
        + "\",\"eventTime\":\"2024-05-01T10:00:00.000Z\",\"run\":{\"runId\":\""
        + run
        + "\"},\"job\":{\"namespace\":\"spark-prod\",\"name\":\""
        + job
        + "\"},\"inputs\":["
        + inputs
        + "],\"outputs\":["
        + outputs
        + "],\"producer\":\""
        + PRODUCER
        + "\",\"schemaURL\":\""
        + SCHEMA_URL
        + "\"}";
  }

  @Test
  void aPipelineFromTheTransportAndFromHttpFoldsIntoOneGraphOfGatewayTrust() throws Exception {
    StreamsIt.Env env = streams.provision("ol", root.publicKey());
    String olTopic = env.name() + ".openlineage.events";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(olTopic, 3, (short) 1))).all().get();
    }
    Path tokens = env.dir().resolve("openlineage-tokens");
    Files.writeString(tokens, "# producers\nairflow " + TOKEN + "\n");
    RoleGrant.publish(
        KAFKA.bootstrapServers(),
        KafkaClientConfig.none(),
        env.topics(),
        root,
        gateway,
        Role.GATEWAY,
        Duration.ofSeconds(30));
    ApiServer api = streams.closedAfterTest(ApiServer.bind("127.0.0.1", 0));
    StreamsSettings settings =
        env.settings()
            .with(StreamsSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port())
            .with(StreamsSettings.GATEWAY_KEY, gateway)
            .with(StreamsSettings.OPENLINEAGE_TOPIC, olTopic)
            .with(StreamsSettings.OPENLINEAGE_TOKENS, ProducerTokens.read(tokens));
    LineageStreamsApp app = streams.started(settings);
    app.mountHttp(api);
    api.start();

    String orders = ds("postgres://db:5432", "shop.public.orders");
    String clean = ds("s3://lake", "clean_orders");
    String features = ds("s3://lake", "order_features");
    String cleanOut =
        withColumn(
            "s3://lake",
            "clean_orders",
            "total",
            "postgres://db:5432",
            "shop.public.orders",
            "amount",
            "AGGREGATION");
    String featuresOut =
        withColumn(
            "s3://lake",
            "order_features",
            "avg_total",
            "s3://lake",
            "clean_orders",
            "total",
            "TRANSFORMATION");
    String report = ds("s3://lake", "weekly_report");
    String run1 = UUID.randomUUID().toString();
    String run2 = UUID.randomUUID().toString();
    String run3 = UUID.randomUUID().toString();
    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      for (String value :
          List.of(
              event("START", run1, "clean_orders", orders, ""),
              event("COMPLETE", run1, "clean_orders", orders, cleanOut),
              event("START", run2, "order_features", clean, ""),
              event("COMPLETE", run2, "order_features", clean, featuresOut),
              event("COMPLETE", "not-a-uuid", "order_features", clean, features))) {
        // as the transport writes: key run:{namespace}/{job}, value the JSON, no headers
        out.send(
                new ProducerRecord<>(
                    olTopic,
                    "run:spark-prod/pipeline".getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }

    URI base = URI.create(api.baseUrl());
    LineageApiClient airflow =
        LineageApiClient.builder(base)
            .signer(LineageApiClient.RequestSigner.authorization("Bearer " + TOKEN))
            .build();
    LineageApiClient anonymous = LineageApiClient.builder(base).build();
    byte[] job3 =
        ("["
                + event("START", run3, "weekly_report", features, "")
                + ","
                + event("COMPLETE", run3, "weekly_report", features, report)
                + "]")
            .getBytes(StandardCharsets.UTF_8);

    LineageIngested ingested = airflow.sendOpenLineage(job3).value();
    assertThat(ingested.producer()).isEqualTo("airflow");
    assertThat(ingested.events())
        .hasSize(2)
        .allSatisfy(
            e -> assertThat(e.topic()).isEqualTo(env.topics().openLineageAttested().name()));

    assertThatThrownBy(() -> anonymous.sendOpenLineage(job3))
        .isInstanceOfSatisfying(
            ApiErrorException.class, e -> assertThat(e.status()).isEqualTo(401));
    byte[] broken =
        event("COMPLETE", "not-a-uuid", "weekly_report", features, report)
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> airflow.sendOpenLineage(broken))
        .isInstanceOfSatisfying(
            ApiErrorException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.error().message()).contains("event [0] $.run.runId");
            });

    String reportId = id("s3://lake", "weekly_report");
    await()
        .atMost(StreamsIt.WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Lineage upstream =
                  anonymous.lineage(reportId, Map.of("direction", "upstream")).value();
              assertThat(upstream.nodes())
                  .extracting(Node::id)
                  .contains(
                      id("postgres://db:5432", "shop.public.orders"),
                      id("s3://lake", "clean_orders"),
                      id("s3://lake", "order_features"),
                      "run:" + run1,
                      "run:" + run2,
                      "run:" + run3);
            });

    // what a deletion of the source reaches (the impact walk): every edge, counted by trust
    Closure downstream =
        anonymous.closure(
            ClosureQuery.downstream(List.of(id("postgres://db:5432", "shop.public.orders"))));
    assertThat(downstream.nodes()).extracting(ClosureNode::id).contains(reportId, "run:" + run3);
    assertThat(downstream.receipt().edgesByTrust())
        .containsEntry("signed", 0L)
        .containsEntry("gateway", (long) downstream.edges().size());

    // producer-signed edges only: nothing a gateway attested is followed
    Lineage signedOnly =
        anonymous.lineage(reportId, Map.of("direction", "upstream", "trust", "signed")).value();
    assertThat(signedOnly.nodes())
        .extracting(Node::id)
        .doesNotContain("run:" + run3, id("s3://lake", "order_features"));
    assertThatThrownBy(
            () -> anonymous.lineage(reportId, Map.of("direction", "upstream", "trust", "maybe")))
        .isInstanceOfSatisfying(
            ApiErrorException.class, e -> assertThat(e.status()).isEqualTo(400));

    // column level: avg_total derives from clean_orders.total, which derives from orders.amount
    await()
        .atMost(StreamsIt.WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        anonymous.columns(id("s3://lake", "order_features"), "avg_total").links())
                    .extracting(
                        ColumnLink::depth,
                        ColumnLink::inputDataset,
                        ColumnLink::inputColumn,
                        ColumnLink::run)
                    .containsExactly(
                        tuple(1, id("s3://lake", "clean_orders"), "total", "run:" + run2),
                        tuple(
                            2,
                            id("postgres://db:5432", "shop.public.orders"),
                            "amount",
                            "run:" + run1)));
    ColumnLineage columns = anonymous.columns(id("s3://lake", "order_features"), "avg_total");
    assertThat(columns.links().get(1).transformations())
        .extracting(ColumnLink.Transformation::subtype)
        .containsExactly("AGGREGATION");
    assertThat(columns.links()).allSatisfy(l -> assertThat(l.trust()).isEqualTo("gateway"));

    // the broken event on the topic went to lineage.rejected with the path it breaks, no more
    List<ConsumerRecord<byte[], byte[]>> rejected = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> in =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                KAFKA.bootstrapServers(),
                "group.id",
                env.name() + "-rejected-reader",
                "auto.offset.reset",
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      in.subscribe(List.of(env.topics().rejected().name()));
      await()
          .atMost(StreamsIt.WAIT)
          .until(
              () -> {
                in.poll(Duration.ofMillis(200)).forEach(rejected::add);
                return !rejected.isEmpty();
              });
    }
    assertThat(rejected).hasSize(1);
    ConsumerRecord<byte[], byte[]> r = rejected.get(0);
    assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("schema-violation");
    assertThat(header(r, OpenLineageTopology.VIOLATED_PATH_HEADER)).isEqualTo("$.run.runId");
    assertThat(header(r, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(olTopic);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
