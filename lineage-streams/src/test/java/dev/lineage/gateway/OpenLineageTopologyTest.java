package dev.lineage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.graph.EdgeRecord;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NodeRecord;
import dev.lineage.graph.Trust;
import dev.lineage.id.NodeId;
import dev.lineage.index.GraphIndex;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.openlineage.RawEvent;
import dev.lineage.openlineage.attest.GatewayAttestation;
import dev.lineage.openlineage.mapping.OpenLineageMapper;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.signing.Verifier;
import dev.lineage.streams.LineageTopology;
import dev.lineage.testing.Appended;
import dev.lineage.topics.Topics;
import dev.lineage.translog.LogLeaf;
import dev.lineage.trust.TrustAnchors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenLineage sub-topology with the whole lineage topology around it: the Kafka intake
 * validates and attests, the attested topic is verified against the keyring (role GATEWAY at the
 * append time) and folded into the same stores as signed events, marked gateway.
 */
class OpenLineageTopologyTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant T1 = T0.plusSeconds(3600);
  static final Instant T2 = T0.plusSeconds(7200);
  static final String OL_TOPIC = "openlineage.events";
  static final Path EXAMPLES = Path.of("../openlineage/src/test/resources/openlineage/examples");
  static final String RUN_ID = "3f5e83fa-3480-44ff-99c5-ff943904e5e8";
  static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  static final String PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/spark";

  @TempDir Path stateDir;

  private final Topics topics = Topics.defaults();
  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer gateway = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final GraphIndex index = new GraphIndex();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> runs;
  private TestInputTopic<byte[], byte[]> keys;
  private TestInputTopic<byte[], byte[]> openLineage;
  private TestInputTopic<byte[], byte[]> attestedIn;
  private TestOutputTopic<byte[], byte[]> attested;
  private TestOutputTopic<byte[], byte[]> rejected;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "openlineage-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            LineageTopology.build(
                topics,
                TrustAnchors.of(List.of(root.publicKey())),
                LineageTopology.Options.defaults()
                    .withIndex(index)
                    .withOpenLineage(
                        new OpenLineageTopology.Intake(OL_TOPIC, new GatewayAttestation(gateway))),
                EventMetrics.of(registry)),
            props);
    ByteArraySerializer ser = new ByteArraySerializer();
    ByteArrayDeserializer de = new ByteArrayDeserializer();
    keys = driver.createInputTopic(topics.keys().name(), ser, ser);
    openLineage = driver.createInputTopic(OL_TOPIC, ser, ser);
    attestedIn = driver.createInputTopic(topics.openLineageAttested().name(), ser, ser);
    runs = driver.createInputTopic(topics.runs().name(), ser, ser);
    attested = driver.createOutputTopic(topics.openLineageAttested().name(), de, de);
    rejected = driver.createOutputTopic(topics.rejected().name(), de, de);
    grant(gateway, Role.GATEWAY);
    grant(producer, Role.PRODUCER);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  void grant(Signer to, Role role) {
    Appended.pipe(
        keys,
        bytes(to.keyId() + "/grant"),
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(to.publicKey(), List.of(role), T0, null, T0),
            root));
  }

  /**
   * As the OpenLineage Kafka transport writes: value = the JSON, key run:{ns}/{job}, no headers.
   */
  void send(String json, Instant at) {
    openLineage.pipeInput(
        bytes("run:spark-prod/orders_etl"), json.getBytes(StandardCharsets.UTF_8), at);
  }

  static String runEvent(String eventType, String runId, String inputs, String outputs) {
    return "{\"eventType\":\""
        + eventType
        + "\",\"eventTime\":\"2024-05-01T10:00:00.000Z\",\"run\":{\"runId\":\""
        + runId
        + "\"},\"job\":{\"namespace\":\"spark-prod\",\"name\":\"orders_etl\"},\"inputs\":["
        + inputs
        + "],\"outputs\":["
        + outputs
        + "],\"producer\":\""
        + PRODUCER
        + "\",\"schemaURL\":\""
        + SCHEMA_URL
        + "\"}";
  }

  static final String ORDERS =
      "{\"namespace\":\"postgres://db:5432\",\"name\":\"shop.public.orders\"}";
  static final String DAILY = "{\"namespace\":\"s3://lake\",\"name\":\"daily_orders\"}";

  static String dataset(String namespace, String name) {
    return NodeId.dataset(namespace, name, null).toString();
  }

  static final String ORDERS_ID = dataset("postgres://db:5432", "shop.public.orders");
  static final String DAILY_ID = dataset("s3://lake", "daily_orders");
  static final String RUN = "run:" + RUN_ID;

  KeyValueStore<String, NodeRecord> nodes() {
    return driver.getKeyValueStore(GraphStores.NODES);
  }

  KeyValueStore<String, EdgeRecord> edgesOut() {
    return driver.getKeyValueStore(GraphStores.EDGES_OUT);
  }

  @Test
  void aStartThenCompleteFromTheTransportIsAttestedAndFoldedAsGatewayTrust() {
    String start = runEvent("START", RUN_ID, ORDERS, "");
    String complete = runEvent("COMPLETE", RUN_ID, ORDERS, DAILY);
    send(start, T1);

    assertThat(edgesOut().get(GraphStores.edgeKey(ORDERS_ID, RUN))).isNull();
    assertThat(nodes().get(RUN).attributes()).containsEntry(NodeRecord.RUN_STATUS, "STARTED");
    assertThat(nodes().get(ORDERS_ID).trustLevel()).isEqualTo(Trust.GATEWAY);

    send(complete, T2);

    NodeRecord run = nodes().get(RUN);
    assertThat(run.trustLevel()).isEqualTo(Trust.GATEWAY);
    assertThat(run.signer()).isEqualTo(gateway.keyId());
    assertThat(run.attributes())
        .containsEntry(NodeRecord.RUN_STATUS, "COMPLETED")
        .containsEntry("openlineage.source", "kafka:" + OL_TOPIC);
    assertThat(run.processName()).isEqualTo("spark-prod|orders_etl");
    // the broker's append times, not the eventTime the sender claims
    assertThat(run.startedAt()).isEqualTo(T1.toEpochMilli());
    assertThat(run.endedAt()).isEqualTo(T2.toEpochMilli());
    EdgeRecord in = edgesOut().get(GraphStores.edgeKey(ORDERS_ID, RUN));
    EdgeRecord out = edgesOut().get(GraphStores.edgeKey(RUN, DAILY_ID));
    assertThat(in.relation()).isEqualTo(EdgeRecord.INPUT);
    assertThat(in.trustLevel()).isEqualTo(Trust.GATEWAY);
    assertThat(out.relation()).isEqualTo(EdgeRecord.OUTPUT);
    assertThat(out.trustLevel()).isEqualTo(Trust.GATEWAY);
    KeyValueStore<String, EdgeRecord> edgesIn = driver.getKeyValueStore(GraphStores.EDGES_IN);
    assertThat(edgesIn.get(GraphStores.edgeKey(RUN, DAILY_ID))).isEqualTo(out);
    assertThat(rejected.isEmpty()).isTrue();

    // each attestation carries the exact bytes it received, checkable with the gateway's key alone
    List<TestRecord<byte[], byte[]>> written = attested.readRecordsToList();
    assertThat(written).hasSize(2);
    DsseEnvelope first = AvroEnvelopes.fromRecordValue(written.get(0).value());
    assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo(start);
    assertThat(first.payloadType()).isEqualTo(GatewayAttestation.payloadType("kafka:" + OL_TOPIC));
    assertThat(new Verifier(List.of(gateway.publicKey())).verify(first).verified()).isTrue();
    assertThat(new String(written.get(0).key(), StandardCharsets.UTF_8))
        .isEqualTo(
            OpenLineageMapper.idempotencyKey(RawEvent.of(start.getBytes(StandardCharsets.UTF_8)))
                .toString());
  }

  @Test
  void aFailedRunKeepsItsInputsAndNeverItsOutputs() {
    send(runEvent("START", RUN_ID, ORDERS, ""), T1);
    send(runEvent("FAIL", RUN_ID, ORDERS, DAILY), T2);

    assertThat(nodes().get(RUN).attributes()).containsEntry(NodeRecord.RUN_STATUS, "FAILED");
    assertThat(edgesOut().get(GraphStores.edgeKey(ORDERS_ID, RUN))).isNotNull();
    assertThat(edgesOut().get(GraphStores.edgeKey(RUN, DAILY_ID))).isNull();
    assertThat(nodes().get(DAILY_ID)).isNull();
  }

  @Test
  void anEventBreakingTheSpecIsRejectedWithTheViolatedPathAndChangesNothing() {
    String broken = runEvent("COMPLETE", "not-a-uuid", ORDERS, DAILY);
    send(broken, T1);

    List<TestRecord<byte[], byte[]>> refused = rejected.readRecordsToList();
    assertThat(refused).hasSize(1);
    TestRecord<byte[], byte[]> r = refused.get(0);
    assertThat(r.value()).isEqualTo(broken.getBytes(StandardCharsets.UTF_8));
    assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("schema-violation");
    assertThat(header(r, OpenLineageTopology.VIOLATED_PATH_HEADER)).isEqualTo("$.run.runId");
    assertThat(header(r, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(OL_TOPIC);
    assertThat(header(r, RejectedHeaders.DETAIL)).doesNotContain("not-a-uuid");
    assertThat(attested.isEmpty()).isTrue();
    assertThat(count(nodes())).isZero();
  }

  @Test
  void aValueThatIsNotJsonIsRejectedMalformedWithoutQuotingIt() {
    openLineage.pipeInput(bytes("k"), bytes("alice@example.com"), T1);

    TestRecord<byte[], byte[]> r = rejected.readRecord();
    assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("malformed");
    assertThat(header(r, RejectedHeaders.DETAIL)).doesNotContain("alice");
  }

  @Test
  void anAttestationByAKeyWithoutGatewayIsRefusedWrongRoleAndNotFolded() {
    String complete = runEvent("COMPLETE", RUN_ID, ORDERS, DAILY);
    byte[] forged =
        AvroEnvelopes.recordValue(
            new GatewayAttestation(producer)
                .attest(RawEvent.of(complete.getBytes(StandardCharsets.UTF_8)), "kafka:x"));
    attestedIn.pipeInput(bytes("k"), forged, T1);

    TestRecord<byte[], byte[]> r = rejected.readRecord();
    assertThat(header(r, RejectedHeaders.REASON)).isEqualTo("wrong-role");
    assertThat(nodes().get(RUN)).isNull();
    assertThat(count(edgesOut())).isZero();
  }

  @Test
  void everyAcceptedAttestationIsOneLeafOfTheTransparencyLogAndARefusedOneIsNone() {
    TestOutputTopic<byte[], byte[]> log =
        driver.createOutputTopic(
            topics.log().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    send(runEvent("COMPLETE", RUN_ID, ORDERS, DAILY), T1);
    byte[] accepted = attested.readValue();
    byte[] forged =
        AvroEnvelopes.recordValue(
            new GatewayAttestation(producer)
                .attest(
                    RawEvent.of(
                        runEvent("COMPLETE", RUN_ID, ORDERS, ORDERS)
                            .getBytes(StandardCharsets.UTF_8)),
                    "kafka:x"));
    attestedIn.pipeInput(bytes("k"), forged, T2);

    List<LogLeaf> leaves =
        log.readValuesToList().stream()
            .map(LogLeaf::parse)
            .filter(l -> l.source().equals("openlineage-attested"))
            .toList();
    assertThat(leaves)
        .containsExactly(
            new LogLeaf(
                AvroEnvelopes.digest(accepted).toString(),
                T1.toEpochMilli(),
                "openlineage-attested"));
  }

  @Test
  void aSignedLineageEventOnTheAttestedTopicIsATypeMismatch() {
    byte[] signed =
        AvroEnvelopes.recordValue(
            gateway.envelope(
                "application/vnd.lineage.run-completed+avro",
                runEvent("COMPLETE", RUN_ID, ORDERS, DAILY).getBytes(StandardCharsets.UTF_8)));
    attestedIn.pipeInput(bytes("k"), signed, T1);

    assertThat(header(rejected.readRecord(), RejectedHeaders.REASON)).isEqualTo("type-mismatch");
    assertThat(nodes().get(RUN)).isNull();
  }

  private double verified(String topic) {
    Counter c = registry.find(EventMetrics.VERIFIED).tag("topic", topic).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void anAcceptedAttestationIsCountedVerifiedAndARefusedOneRejectedByItsReason() {
    send(runEvent("COMPLETE", RUN_ID, ORDERS, DAILY), T1);
    String other = runEvent("COMPLETE", RUN_ID, ORDERS, ORDERS);
    attestedIn.pipeInput(
        bytes("k"),
        AvroEnvelopes.recordValue(
            new GatewayAttestation(producer)
                .attest(RawEvent.of(other.getBytes(StandardCharsets.UTF_8)), "kafka:x")),
        T2);

    assertThat(verified(topics.openLineageAttested().name())).isEqualTo(1.0);
    assertThat(
            registry
                .get(EventMetrics.REJECTED)
                .tag("reason", Reason.WRONG_ROLE.wire())
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void aReplayedEventIsAppliedOnce() {
    String complete = runEvent("COMPLETE", RUN_ID, ORDERS, DAILY);
    send(complete, T1);
    // the same event re-serialized by a proxy: other whitespace, same content
    send(complete.replace(",", ", "), T2);

    KeyValueStore<String, String> applied =
        driver.getKeyValueStore(OpenLineageTopology.APPLIED_STORE);
    assertThat(count(applied)).isEqualTo(1);
    // counted as a verified event once: the replay is not a second acceptance
    assertThat(verified(topics.openLineageAttested().name())).isEqualTo(1.0);
    assertThat(edgesOut().get(GraphStores.edgeKey(RUN, DAILY_ID)).appendedAt())
        .isEqualTo(T1.toEpochMilli());
    assertThat(nodes().get(RUN).endedAt()).isEqualTo(T1.toEpochMilli());
  }

  @Test
  void everyExampleEventOfTheSpecIsAcceptedAndAppearsInTheGraph() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSize(4);
    for (Path f : files) {
      openLineage.pipeInput(bytes("k"), Files.readAllBytes(f), T1);
    }

    assertThat(rejected.isEmpty()).as("no example is refused").isTrue();
    assertThat(nodes().get("run:ea041791-68bc-4ae1-bd89-4c8106a157e4")).isNotNull();
    assertThat(nodes().get("run:69f4acab-b87d-4fc0-b27b-8ea950370ff3")).isNotNull();
    assertThat(nodes().get(dataset("my-datasource-namespace", "instance.schema.table")))
        .isNotNull();
    assertThat(nodes().get(dataset("openlineage", "dataset_a"))).isNotNull();
    assertThat(
            edgesOut()
                .get(
                    GraphStores.edgeKey(
                        dataset("my-datasource-namespace", "instance.schema.table"),
                        "run:ea041791-68bc-4ae1-bd89-4c8106a157e4")))
        .isNotNull();
  }

  @Test
  void aProducerSigningARunTheGatewayAttestedMakesItsEdgesAndNodeSigned() {
    send(runEvent("COMPLETE", RUN_ID, ORDERS, DAILY), T1);
    assertThat(index.gatewayOnly(true, ORDERS_ID, RUN)).isTrue();
    assertThat(index.gatewayOnly(false, ORDERS_ID, RUN)).isTrue();

    String model = "sha256:" + "b".repeat(64);
    RunCompleted signed =
        RunCompleted.newBuilder()
            .setRunId(RUN)
            .setProcessName("orders_etl")
            .setProcessVersion("1.0")
            .setConfigDigest("sha256:" + "c".repeat(64))
            .setInputs(List.of(ORDERS_ID))
            .setOutputs(List.of(model))
            .setStartedAt(T2.minusSeconds(60))
            .setEndedAt(T2)
            .setEnvironment(Map.of())
            .setAttributes(Map.of())
            .setSignedAt(T2)
            .build();
    Appended.pipe(runs, bytes(RUN), AvroEnvelopes.sign(EventType.RUN_COMPLETED, signed, producer));

    assertThat(rejected.isEmpty()).isTrue();
    assertThat(edgesOut().get(GraphStores.edgeKey(ORDERS_ID, RUN)).trustLevel())
        .isEqualTo(Trust.SIGNED);
    assertThat(index.gatewayOnly(true, ORDERS_ID, RUN)).isFalse();
    assertThat(index.gatewayOnly(false, ORDERS_ID, RUN)).isFalse();
    // the edge only the gateway stated stays the gateway's
    assertThat(index.gatewayOnly(true, RUN, DAILY_ID)).isTrue();
    NodeRecord run = nodes().get(RUN);
    assertThat(run.trustLevel()).isEqualTo(Trust.SIGNED);
    assertThat(run.signer()).isEqualTo(producer.keyId());
  }

  @Test
  void aSignedStatementOfAnEdgeOutranksAGatewayOne() {
    EdgeRecord gatewayEdge = new EdgeRecord(EdgeRecord.INPUT, 1L, "e1", Trust.GATEWAY.wire());
    EdgeRecord signedLater = new EdgeRecord(EdgeRecord.INPUT, 2L, "e2");

    assertThat(EdgeRecord.merge(gatewayEdge, signedLater)).isEqualTo(signedLater);
    assertThat(EdgeRecord.merge(signedLater, gatewayEdge)).isEqualTo(signedLater);
  }

  private static <V> int count(KeyValueStore<String, V> store) {
    List<KeyValue<String, V>> all = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.all()) {
      it.forEachRemaining(all::add);
    }
    return all.size();
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
