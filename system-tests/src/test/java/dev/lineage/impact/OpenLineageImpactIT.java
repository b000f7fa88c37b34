package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.lineage.api.ClosureNode;
import dev.lineage.api.ClosureQuery;
import dev.lineage.api.RequestAnswer;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.ImpactStatus;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiServer;
import dev.lineage.id.NodeId;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.streams.StreamsIt;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deletion request on a source dataset that an OpenLineage pipeline read (its events written with
 * plain kafka-clients as the OpenLineage Kafka transport writes them) reaches the model a natively
 * signed training run made from the pipeline's output, and the request's receipt counts the
 * gateway-attested edges it walked beside the signed ones.
 */
class OpenLineageImpactIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final String MODEL = "sha256:" + "3c".repeat(32);
  static final String PRODUCER_URI =
      "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/spark";
  static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

  private LineageStreamsApp lineage;
  private ImpactServiceApp impact;
  private ApiServer api;

  @AfterEach
  void stop() {
    if (impact != null) {
      impact.close();
    }
    if (lineage != null) {
      lineage.close();
    }
    if (api != null) {
      api.close();
    }
  }

  static String dataset(String namespace, String name) {
    return "{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\"}";
  }

  static byte[] event(String type, String run, String job, String inputs, String outputs) {
    return ("{\"eventType\":\""
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
            + PRODUCER_URI
            + "\",\"schemaURL\":\""
            + SCHEMA_URL
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDeletionOfAnOpenLineageSourceReachesTheModelAndItsReceiptCountsGatewayEdges()
      throws Exception {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer gateway = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    String name = KafkaBroker.uniqueName("olimpact");
    Topics topics = Topics.withPrefix(name + ".");
    String olTopic = name + ".openlineage.events";
    ItKit kit = new ItKit(KAFKA.bootstrapServers());
    kit.provision(topics);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(olTopic, 3, (short) 1))).all().get();
    }
    Path dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    Path rootPem = dir.resolve("root.pub");
    KeyPairs.writePublicKey(root.publicKey(), rootPem);
    kit.send(topics.keys().name(), "producer", Fixtures.grantNow(root, producer, Role.PRODUCER));
    kit.send(topics.keys().name(), "gdpr", Fixtures.grantNow(root, gdpr, Role.GDPR_REQUESTER));
    kit.send(topics.keys().name(), "gateway", Fixtures.grantNow(root, gateway, Role.GATEWAY));

    api = ApiServer.bind("127.0.0.1", 0);
    String self = "127.0.0.1:" + api.port();
    lineage =
        new LineageStreamsApp(
            StreamsIt.settings(
                    KAFKA.bootstrapServers(), rootPem, topics, name, dir.resolve("lineage-state"))
                .with(StreamsSettings.APPLICATION_SERVER, self)
                .with(StreamsSettings.GATEWAY_KEY, gateway)
                .with(StreamsSettings.OPENLINEAGE_TOPIC, olTopic));
    lineage.mountHttp(api);
    impact =
        new ImpactServiceApp(
            ImpactSettings.defaults(TrustAnchors.of(List.of(root.publicKey())))
                .with(ImpactSettings.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers())
                .with(ImpactSettings.TOPIC_PREFIX, topics.prefix())
                .with(ImpactSettings.APPLICATION_ID, "impact-" + name)
                .with(ImpactSettings.STATE_DIR, dir.resolve("impact-state"))
                .with(ImpactSettings.APPLICATION_SERVER, self)
                .with(ImpactSettings.LINEAGE_HTTP, List.of(URI.create(api.baseUrl())))
                .with(ImpactSettings.SERVICE_KEY, service)
                .with(ImpactSettings.ADMIN_KEY, root)
                .with(ImpactSettings.CAS, dir.resolve("cas"))
                .withOverrides(Map.of("commit.interval.ms", "100", "num.stream.threads", "1")));
    impact.mountHttp(api);
    api.start();
    lineage.start();
    impact.start();
    lineage.awaitRunning(ItKit.WAIT);
    impact.awaitRunning(ItKit.WAIT);

    String orders = dataset("postgres://db:5432", "shop.public.orders");
    String clean = dataset("s3://lake", "clean_orders");
    String features = dataset("s3://lake", "order_features");
    String run1 = UUID.randomUUID().toString();
    String run2 = UUID.randomUUID().toString();
    // the pipeline, as the OpenLineage Kafka transport writes it: key run:{ns}/{job}, no headers
    for (byte[] value :
        List.of(
            event("START", run1, "clean_orders", orders, ""),
            event("COMPLETE", run1, "clean_orders", orders, clean),
            event("START", run2, "order_features", clean, ""),
            event("COMPLETE", run2, "order_features", clean, features))) {
      kit.send(olTopic, "run:spark-prod/orders_pipeline", value);
    }
    // a natively signed training run on the pipeline's output
    String featuresId = NodeId.dataset("s3://lake", "order_features", null).toString();
    String ordersId = NodeId.dataset("postgres://db:5432", "shop.public.orders", null).toString();
    kit.send(
        topics.runs().name(),
        "run:train_on_ol",
        ItKit.run("run:train_on_ol", "train", List.of(featuresId), List.of(MODEL), producer));
    kit.send(
        topics.artifacts().name(),
        MODEL,
        ItKit.artifact(MODEL, ArtifactKind.MODEL, "orders_model", null, producer));

    LineageApiClient client = LineageApiClient.builder(URI.create(api.baseUrl())).build();
    await()
        .atMost(ItKit.WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(client.closure(ClosureQuery.downstream(List.of(ordersId))).nodes())
                    .extracting(ClosureNode::id, ClosureNode::kind)
                    .contains(tuple(MODEL, "MODEL"), tuple("run:" + run2, "RUN")));

    kit.send(topics.deletionRequests().name(), "ol-1", ItKit.deletion("ol-1", ordersId, 3, gdpr));

    ImpactReport report =
        kit
            .awaitEvents(
                topics.impactReports().name(),
                EventType.IMPACT_REPORT,
                all -> all.stream().anyMatch(r -> r.getRequestId().equals("ol-1")))
            .stream()
            .filter(r -> r.getRequestId().equals("ol-1"))
            .findFirst()
            .orElseThrow();
    assertThat(report.getStatus()).isEqualTo(ImpactStatus.COMPLETE);
    assertThat(report.getModels()).containsExactly(MODEL);

    RequestAnswer status =
        await()
            .atMost(ItKit.WAIT)
            .ignoreExceptions()
            .until(
                () -> client.get("/v1/requests/ol-1", Map.of(), RequestAnswer.class).value(),
                a -> "COMPLETE".equals(a.status()));
    // orders → run1 → clean → run2 → features: attested; features → train → model: signed
    assertThat(status.receipt().edgesByTrust())
        .containsEntry("gateway", 4L)
        .containsEntry("signed", 2L);
  }
}
