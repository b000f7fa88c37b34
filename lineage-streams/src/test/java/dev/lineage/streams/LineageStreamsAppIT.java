package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lineage.api.MemoryStats;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.graph.EdgeRecord;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NodeRecord;
import dev.lineage.http.ApiServer;
import dev.lineage.ownership.OwnershipStores;
import dev.lineage.ownership.SourcePartitions;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.stores.JsonSerde;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.trust.KeyringStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LineageStreamsAppIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  // events are signed "now" (a little before): the broker's append time must lie within the skew
  private static final Instant T0 = Instant.now().minusSeconds(120);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String FEATURES = "sha256:" + "a".repeat(64);
  private static final String MODEL = "sha256:" + "b".repeat(64);

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  @RegisterExtension final StreamsIt streams = new StreamsIt(KAFKA);

  @Test
  void foldsSignedRunRejectsTamperedRecordAndSurvivesRestarts() throws Exception {
    StreamsIt.Env setup = streams.provision("it", root.publicKey());
    Topics topics = setup.topics();
    Path dir = setup.dir();
    StreamsSettings settings = setup.settings();

    byte[] run =
        AvroEnvelopes.sign(
            EventType.RUN_COMPLETED, run("run:training_j1829", FEATURES, MODEL), producer);
    Envelope tampered = EnvelopeCodec.standard().decode(run);
    tampered.setPayload(
        ByteBuffer.wrap(
            EventType.RUN_COMPLETED.encode(run("run:training_j1830", FEATURES, MODEL))));
    byte[] tamperedValue = EnvelopeCodec.standard().encode(tampered);
    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      // a grant takes effect when the broker appends it: wait for that before using the key
      out.send(grant(topics, producer, T0)).get();
      out.send(StreamsIt.record(topics.runs().name(), "run:training_j1829", run));
      out.send(StreamsIt.record(topics.runs().name(), "run:training_j1830", tamperedValue));
      out.flush();
    }

    LineageStreamsApp app = streams.started(settings);
    NodeRecord node = awaitNode(app, "run:training_j1829");
    assertThat(node.signer()).isEqualTo(producer.keyId());
    ReadOnlyKeyValueStore<String, EdgeRecord> edgesOut = app.keyValueStore(GraphStores.EDGES_OUT);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> edgesOut.get(GraphStores.edgeKey("run:training_j1829", MODEL)) != null);
    // the bytes-per-edge report counts what the fold holds: the index's arrays, RocksDB's keys
    try (ApiServer api = ApiServer.bind("127.0.0.1", 0)) {
      app.mountHttp(api);
      api.start();
      MemoryStats memory =
          ApiServer.json()
              .readValue(
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/stats/memory"))
                              .build(),
                          HttpResponse.BodyHandlers.ofByteArray())
                      .body(),
                  MemoryStats.class);
      assertThat(memory.indexedEdges()).isGreaterThanOrEqualTo(2);
      assertThat(memory.indexAdjacencyBytes()).isGreaterThan(0);
      assertThat(memory.heapUsedBytes()).isGreaterThan(memory.indexAdjacencyBytes());
      assertThat(memory.rocksdbEstimatedKeys()).isGreaterThanOrEqualTo(3);
    }

    ConsumerRecord<byte[], byte[]> refused = awaitRejected(topics, tamperedValue);
    assertThat(header(refused, RejectedHeaders.REASON)).isEqualTo(Reason.BAD_SIGNATURE.wire());
    assertThat(header(refused, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.runs().name());
    assertThat(new String(refused.key(), StandardCharsets.UTF_8)).isEqualTo("run:training_j1830");
    assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    Map<String, String> keyring = keyring(app);
    assertThat(keyring).hasSize(1);
    app.close();

    // restart on the same state directory: the keyring is the same and still trusts the producer
    LineageStreamsApp again = streams.started(settings);
    assertThat(keyring(again)).isEqualTo(keyring);
    publishArtifact(topics, FEATURES);
    assertThat(awaitNode(again, FEATURES).kind()).isEqualTo("DATASET");
    again.close();

    // restart after losing the global store: it is rebuilt by reprocessing lineage.keys
    StreamsIt.deleteTree(dir.resolve("state").resolve(settings.applicationId()).resolve("global"));
    LineageStreamsApp rebuilt = streams.started(settings);
    assertThat(keyring(rebuilt)).isEqualTo(keyring);
    publishArtifact(topics, MODEL);
    assertThat(awaitNode(rebuilt, MODEL).kind()).isEqualTo("DATASET");
    assertThat(rebuilt.state()).isEqualTo(KafkaStreams.State.RUNNING);
  }

  @Test
  void aKeyHolderCannotDefeatTrustOnTheRealBrokerAndARebuildDecidesTheSame() throws Exception {
    StreamsIt.Env setup = streams.provision("it-trust", root.publicKey());
    Topics topics = setup.topics();
    Path dir = setup.dir();
    Signer rival = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Instant now = Instant.now();
    long longAgo = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    byte[] owned =
        AvroEnvelopes.sign(
            EventType.RUN_COMPLETED, run("run:training_j1829", FEATURES, MODEL), producer);
    // the rival re-signs the same run with other inputs, dated a minute earlier
    RunCompleted takeover = run("run:training_j1829", MODEL, FEATURES);
    takeover.setSignedAt(now.minusSeconds(60));
    byte[] takeoverValue = AvroEnvelopes.sign(EventType.RUN_COMPLETED, takeover, rival);
    // ... and again, in a partition of its choosing, hoping to be read before the owner's
    RunCompleted raced = run("run:training_j1829", FEATURES, FEATURES);
    raced.setSignedAt(now.minusSeconds(90));
    byte[] racedValue = AvroEnvelopes.sign(EventType.RUN_COMPLETED, raced, rival);
    SourcePartitions partitions = topic -> topics.runs().partitions();
    int home = partitions.of(topics.runs().name(), "run:training_j1829");
    byte[] futureDated =
        AvroEnvelopes.sign(
            EventType.ARTIFACT_REGISTERED,
            artifact(MODEL, "model_m92", now.plusSeconds(2400)),
            rival);
    // signed "before" the revocation, published after it, with a record timestamp from 2025
    byte[] backDated =
        AvroEnvelopes.sign(
            EventType.ARTIFACT_REGISTERED,
            artifact(FEATURES, "features_v47", now.minusSeconds(120)),
            producer);
    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      for (Signer key : List.of(producer, rival)) {
        out.send(grant(topics, key, now.minusSeconds(180))).get();
      }
      out.send(StreamsIt.record(topics.runs().name(), "run:training_j1829", owned)).get();
      out.send(StreamsIt.record(topics.runs().name(), "run:training_j1829", takeoverValue)).get();
      out.send(
              new ProducerRecord<>(
                  topics.runs().name(),
                  (home + 1) % topics.runs().partitions(),
                  null,
                  "run:training_j1829".getBytes(StandardCharsets.UTF_8),
                  racedValue))
          .get();
      out.send(StreamsIt.record(topics.artifacts().name(), MODEL, futureDated)).get();
      out.send(
              StreamsIt.record(
                  topics.keys().name(),
                  producer.keyId() + "/revoke",
                  AvroEnvelopes.sign(
                      EventType.KEY_REVOKED,
                      Envelopes.revoke(producer.publicKey(), now.plusSeconds(3600), now),
                      root)))
          .get();
      out.send(
              new ProducerRecord<>(
                  topics.artifacts().name(),
                  null,
                  longAgo,
                  FEATURES.getBytes(StandardCharsets.UTF_8),
                  backDated))
          .get();
    }

    StreamsSettings settings = setup.settings();
    LineageStreamsApp live = streams.started(settings);

    assertThat(awaitNode(live, "run:training_j1829").signer()).isEqualTo(producer.keyId());
    ConsumerRecord<byte[], byte[]> conflict = awaitRejected(topics, takeoverValue);
    assertThat(header(conflict, RejectedHeaders.REASON)).isEqualTo(Reason.CONFLICT.wire());
    assertThat(header(conflict, RejectedHeaders.DETAIL)).contains(producer.keyId());
    assertThat(header(awaitRejected(topics, racedValue), RejectedHeaders.REASON))
        .isEqualTo(Reason.MISROUTED.wire());
    assertThat(header(awaitRejected(topics, futureDated), RejectedHeaders.REASON))
        .isEqualTo(Reason.CLOCK_SKEW.wire());
    ConsumerRecord<byte[], byte[]> revoked = awaitRejected(topics, backDated);
    assertThat(header(revoked, RejectedHeaders.REASON)).isEqualTo(Reason.REVOKED_KEY.wire());
    assertThat(live.<NodeRecord>keyValueStore(GraphStores.NODES).get(FEATURES)).isNull();
    assertThat(live.<NodeRecord>keyValueStore(GraphStores.NODES).get(MODEL)).isNull();
    assertThat(live.state()).isEqualTo(KafkaStreams.State.RUNNING);

    // a rebuild from the logs into a fresh application decides exactly as the live run did
    LineageStreamsApp rebuild =
        streams.started(
            settings
                .with(StreamsSettings.APPLICATION_ID, settings.applicationId() + "-rebuild")
                .with(StreamsSettings.STATE_DIR, dir.resolve("rebuild")));
    StoreDigest.Fingerprint expected = StoreDigest.of(live);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(StoreDigest.of(rebuild)).isEqualTo(expected));
    assertThat(expected.counts().get(OwnershipStores.ID_CLAIMS)).isEqualTo(1L);
  }

  private ArtifactRegistered artifact(String id, String name, Instant signedAt) {
    return ArtifactRegistered.newBuilder()
        .setNodeId(id)
        .setKind(ArtifactKind.MODEL)
        .setName(name)
        .setAttributes(Map.of())
        .setSignedAt(signedAt)
        .build();
  }

  private void publishArtifact(Topics topics, String id) {
    ArtifactRegistered event =
        ArtifactRegistered.newBuilder()
            .setNodeId(id)
            .setKind(ArtifactKind.DATASET)
            .setName("features_v47")
            .setAttributes(Map.of())
            .setSignedAt(T0.plusSeconds(60))
            .build();
    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      out.send(
          StreamsIt.record(
              topics.artifacts().name(),
              id,
              AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, event, producer)));
    }
  }

  private static NodeRecord awaitNode(LineageStreamsApp app, String id) {
    return await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> app.<NodeRecord>keyValueStore(GraphStores.NODES).get(id), n -> n != null);
  }

  private static Map<String, String> keyring(LineageStreamsApp app) throws Exception {
    ReadOnlyKeyValueStore<String, Object> store = app.keyValueStore(KeyringStore.STORE);
    Map<String, String> all = new TreeMap<>();
    try (KeyValueIterator<String, Object> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Object> kv = it.next();
        all.put(kv.key, JsonSerde.mapper().writeValueAsString(kv.value));
      }
    }
    return all;
  }

  private static RunCompleted run(String runId, String input, String output) {
    return RunCompleted.newBuilder()
        .setRunId(runId)
        .setProcessName("train")
        .setProcessVersion("1.0")
        .setInputs(List.of(input))
        .setOutputs(List.of(output))
        .setStartedAt(T0)
        .setEndedAt(T0.plusSeconds(60))
        .setEnvironment(Map.of())
        .setAttributes(Map.of())
        .setSignedAt(T0.plusSeconds(60))
        .build();
  }

  private ConsumerRecord<byte[], byte[]> awaitRejected(Topics topics, byte[] value) {
    try (KafkaConsumer<byte[], byte[]> in =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                KAFKA.bootstrapServers(),
                "group.id",
                KafkaBroker.uniqueName("rejected-reader"),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      in.subscribe(List.of(topics.rejected().name()));
      List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
      return await()
          .atMost(WAIT)
          .until(
              () -> {
                in.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream()
                    .filter(r -> Arrays.equals(r.value(), value))
                    .findFirst()
                    .orElse(null);
              },
              r -> r != null);
    }
  }

  /** The root's grant of PRODUCER to {@code key}, signed and valid from {@code at}. */
  private ProducerRecord<byte[], byte[]> grant(Topics topics, Signer key, Instant at) {
    return StreamsIt.record(
        topics.keys().name(),
        key.keyId() + "/grant",
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(key.publicKey(), List.of(Role.PRODUCER), at, null, at),
            root));
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
