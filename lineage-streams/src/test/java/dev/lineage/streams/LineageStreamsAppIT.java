package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.graph.EdgeRecord;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NodeRecord;
import dev.lineage.ownership.OwnershipStores;
import dev.lineage.ownership.SourcePartitions;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.stores.JsonSerde;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.Reasons;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
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
  private final List<LineageStreamsApp> apps = new ArrayList<>();

  @AfterEach
  void stop() {
    apps.forEach(LineageStreamsApp::close);
  }

  @Test
  void foldsSignedRunRejectsTamperedRecordAndSurvivesRestarts() throws Exception {
    Setup setup = setup("it");
    Topics topics = setup.topics();
    Path dir = setup.dir();
    StreamsSettings settings = setup.settings();

    byte[] run =
        Envelopes.sign(
            EventType.RUN_COMPLETED, run("run:training_j1829", FEATURES, MODEL), producer);
    Envelope tampered = EnvelopeCodec.standard().decode(run);
    tampered.setPayload(
        ByteBuffer.wrap(
            EventType.RUN_COMPLETED.encode(run("run:training_j1830", FEATURES, MODEL))));
    byte[] tamperedValue = EnvelopeCodec.standard().encode(tampered);
    try (KafkaProducer<byte[], byte[]> out = producer()) {
      // a grant takes effect when the broker appends it: wait for that before using the key
      out.send(grant(topics, producer, T0)).get();
      out.send(record(topics.runs().name(), "run:training_j1829", run));
      out.send(record(topics.runs().name(), "run:training_j1830", tamperedValue));
      out.flush();
    }

    LineageStreamsApp app = started(settings);
    NodeRecord node = awaitNode(app, "run:training_j1829");
    assertThat(node.signer()).isEqualTo(producer.keyId());
    ReadOnlyKeyValueStore<String, EdgeRecord> edgesOut = app.keyValueStore(GraphStores.EDGES_OUT);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> edgesOut.get(GraphStores.edgeKey("run:training_j1829", MODEL)) != null);

    ConsumerRecord<byte[], byte[]> refused = awaitRejected(topics, tamperedValue);
    assertThat(header(refused, RejectedHeaders.REASON)).isEqualTo(Reasons.BAD_SIGNATURE);
    assertThat(header(refused, RejectedHeaders.SOURCE_TOPIC)).isEqualTo(topics.runs().name());
    assertThat(new String(refused.key(), StandardCharsets.UTF_8)).isEqualTo("run:training_j1830");
    assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    Map<String, String> keyring = keyring(app);
    assertThat(keyring).hasSize(1);
    app.close();

    // restart on the same state directory: the keyring is the same and still trusts the producer
    LineageStreamsApp again = started(settings);
    assertThat(keyring(again)).isEqualTo(keyring);
    publishArtifact(topics, FEATURES);
    assertThat(awaitNode(again, FEATURES).kind()).isEqualTo("DATASET");
    again.close();

    // restart after losing the global store: it is rebuilt by reprocessing lineage.keys
    deleteTree(dir.resolve("state").resolve(settings.applicationId()).resolve("global"));
    LineageStreamsApp rebuilt = started(settings);
    assertThat(keyring(rebuilt)).isEqualTo(keyring);
    publishArtifact(topics, MODEL);
    assertThat(awaitNode(rebuilt, MODEL).kind()).isEqualTo("DATASET");
    assertThat(rebuilt.state()).isEqualTo(KafkaStreams.State.RUNNING);
  }

  @Test
  void aKeyHolderCannotDefeatTrustOnTheRealBrokerAndARebuildDecidesTheSame() throws Exception {
    Setup setup = setup("it-trust");
    Topics topics = setup.topics();
    Path dir = setup.dir();
    Signer rival = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Instant now = Instant.now();
    long longAgo = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    byte[] owned =
        Envelopes.sign(
            EventType.RUN_COMPLETED, run("run:training_j1829", FEATURES, MODEL), producer);
    // the rival re-signs the same run with other inputs, dated a minute earlier
    RunCompleted takeover = run("run:training_j1829", MODEL, FEATURES);
    takeover.setSignedAt(now.minusSeconds(60));
    byte[] takeoverValue = Envelopes.sign(EventType.RUN_COMPLETED, takeover, rival);
    // ... and again, in a partition of its choosing, hoping to be read before the owner's
    RunCompleted raced = run("run:training_j1829", FEATURES, FEATURES);
    raced.setSignedAt(now.minusSeconds(90));
    byte[] racedValue = Envelopes.sign(EventType.RUN_COMPLETED, raced, rival);
    SourcePartitions partitions = topic -> topics.runs().partitions();
    int home = partitions.of(topics.runs().name(), "run:training_j1829");
    byte[] futureDated =
        Envelopes.sign(
            EventType.ARTIFACT_REGISTERED,
            artifact(MODEL, "model_m92", now.plusSeconds(2400)),
            rival);
    // signed "before" the revocation, published after it, with a record timestamp from 2025
    byte[] backDated =
        Envelopes.sign(
            EventType.ARTIFACT_REGISTERED,
            artifact(FEATURES, "features_v47", now.minusSeconds(120)),
            producer);
    try (KafkaProducer<byte[], byte[]> out = producer()) {
      for (Signer key : List.of(producer, rival)) {
        out.send(grant(topics, key, now.minusSeconds(180))).get();
      }
      out.send(record(topics.runs().name(), "run:training_j1829", owned)).get();
      out.send(record(topics.runs().name(), "run:training_j1829", takeoverValue)).get();
      out.send(
              new ProducerRecord<>(
                  topics.runs().name(),
                  (home + 1) % topics.runs().partitions(),
                  null,
                  "run:training_j1829".getBytes(StandardCharsets.UTF_8),
                  racedValue))
          .get();
      out.send(record(topics.artifacts().name(), MODEL, futureDated)).get();
      out.send(
              record(
                  topics.keys().name(),
                  producer.keyId() + "/revoke",
                  Envelopes.sign(
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
    LineageStreamsApp live = started(settings);

    assertThat(awaitNode(live, "run:training_j1829").signer()).isEqualTo(producer.keyId());
    ConsumerRecord<byte[], byte[]> conflict = awaitRejected(topics, takeoverValue);
    assertThat(header(conflict, RejectedHeaders.REASON)).isEqualTo(Reasons.CONFLICT);
    assertThat(header(conflict, RejectedHeaders.DETAIL)).contains(producer.keyId());
    assertThat(header(awaitRejected(topics, racedValue), RejectedHeaders.REASON))
        .isEqualTo(Reasons.MISROUTED);
    assertThat(header(awaitRejected(topics, futureDated), RejectedHeaders.REASON))
        .isEqualTo(Reasons.CLOCK_SKEW);
    ConsumerRecord<byte[], byte[]> revoked = awaitRejected(topics, backDated);
    assertThat(header(revoked, RejectedHeaders.REASON)).isEqualTo(Reasons.REVOKED_KEY);
    assertThat(live.<NodeRecord>keyValueStore(GraphStores.NODES).get(FEATURES)).isNull();
    assertThat(live.<NodeRecord>keyValueStore(GraphStores.NODES).get(MODEL)).isNull();
    assertThat(live.state()).isEqualTo(KafkaStreams.State.RUNNING);

    // a rebuild from the logs into a fresh application decides exactly as the live run did
    LineageStreamsApp rebuild =
        started(
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

  /** Topics under a fresh prefix, a state directory with the root's public key, and settings. */
  private record Setup(Topics topics, Path dir, StreamsSettings settings) {}

  private Setup setup(String prefix) throws Exception {
    String name = KafkaBroker.uniqueName(prefix);
    Topics topics = Topics.withPrefix(name + ".");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(60));
    }
    Path dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    Path rootPem = dir.resolve("root.pub");
    KeyPairs.writePublicKey(root.publicKey(), rootPem);
    StreamsSettings settings =
        StreamsSettings.defaults(List.of(rootPem))
            .with(StreamsSettings.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers())
            .with(StreamsSettings.TOPIC_PREFIX, topics.prefix())
            .with(StreamsSettings.APPLICATION_ID, "lineage-streams-" + name)
            .with(StreamsSettings.STATE_DIR, dir.resolve("state"))
            .withOverrides(Map.of("commit.interval.ms", "100", "num.stream.threads", "1"));
    return new Setup(topics, dir, settings);
  }

  private LineageStreamsApp started(StreamsSettings settings) throws Exception {
    LineageStreamsApp app = new LineageStreamsApp(settings);
    apps.add(app);
    app.start();
    await().atMost(WAIT).until(() -> app.state() == KafkaStreams.State.RUNNING);
    return app;
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
    try (KafkaProducer<byte[], byte[]> out = producer()) {
      out.send(
          record(
              topics.artifacts().name(),
              id,
              Envelopes.sign(EventType.ARTIFACT_REGISTERED, event, producer)));
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

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "acks", "all"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** The root's grant of PRODUCER to {@code key}, signed and valid from {@code at}. */
  private ProducerRecord<byte[], byte[]> grant(Topics topics, Signer key, Instant at) {
    return record(
        topics.keys().name(),
        key.keyId() + "/grant",
        Envelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(key.publicKey(), List.of(Role.PRODUCER), at, null, at),
            root));
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
