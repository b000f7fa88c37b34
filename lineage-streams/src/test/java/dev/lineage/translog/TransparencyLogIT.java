package dev.lineage.translog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiServer;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.streams.StreamsIt;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.checkpoint.ConsistencyProof;
import dev.lineage.tlog.checkpoint.LogPolicy;
import dev.lineage.tlog.checkpoint.SignedCheckpoint;
import dev.lineage.tlog.checkpoint.TlogProof;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.ProofVerifier;
import dev.lineage.tlog.merkle.Rfc6962;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.tiles.EntryBundles;
import dev.lineage.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transparency log on a real broker: every accepted envelope (the seed's key grant and graph
 * events, a requester's grant and its deletion request, a retraining completion) is one leaf, a
 * replay adds none, the tree is the one the log topic's order gives (computed here again from the
 * topic), and rebuilding under a new application id from the topics, or restoring from the
 * changelogs after losing the state directory, gives the same size and root.
 */
class TransparencyLogIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  @RegisterExtension final StreamsIt streams = new StreamsIt(KAFKA);

  @Test
  void everyAcceptedEnvelopeIsOneLeafAndARebuildOrARestoreGivesTheSameRoot() throws Exception {
    StreamsIt.Env env = streams.provision("tlog", root.publicKey());
    Topics topics = env.topics();
    Path dir = env.dir();
    SeedScenario seed =
        SeedScenario.create(dir.resolve("files"), root, producer, Clock.systemUTC());
    Instant now = Instant.now();
    byte[] gdprGrant =
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(gdpr.publicKey(), List.of(Role.GDPR_REQUESTER), now, null, now),
            root);
    byte[] deletion =
        AvroEnvelopes.sign(
            EventType.DELETION_REQUESTED,
            DeletionRequested.newBuilder()
                .setRequestId("del-1")
                .setSubject(SeedScenario.SOURCE)
                .setRecordSet(
                    new RecordSet(
                        "sha256:" + "e".repeat(64), 3L, "cas:sha256:" + "e".repeat(64), true))
                .setDeadline(now.plus(Duration.ofDays(30)))
                .setSignedAt(now)
                .build(),
            gdpr);
    // an obligation fact (issue 14): a retraining completion, a PRODUCER's to sign
    byte[] completion =
        AvroEnvelopes.sign(
            EventType.RETRAINING_COMPLETED,
            RetrainingCompleted.newBuilder()
                .setTriggerId("sha256:" + "f".repeat(64))
                .setRequestId("del-1")
                .setModelId("sha256:" + "b".repeat(64))
                .setNewModelDigest("sha256:" + "c".repeat(64))
                .setTrainingRunId("run:retrain_1")
                .setSignedAt(now)
                .build(),
            producer);

    Set<String> expected = new LinkedHashSet<>();
    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      for (SeedScenario.SeedRecord r : seed.records()) {
        StreamsIt.send(out, r.target().topic(topics), r.key(), r.value());
        expected.add(digest(r.value()));
      }
      StreamsIt.send(out, topics.keys().name(), gdpr.keyId() + "/granted/x", gdprGrant);
      StreamsIt.send(out, topics.deletionRequests().name(), "del-1", deletion);
      StreamsIt.send(out, topics.obligations().name(), "del-1", completion);
      // a replay of an envelope already in the log
      SeedScenario.SeedRecord last = seed.records().get(seed.records().size() - 1);
      StreamsIt.send(out, last.target().topic(topics), last.key(), last.value());
      out.flush();
    }
    expected.add(digest(gdprGrant));
    expected.add(digest(deletion));
    expected.add(digest(completion));
    int n = expected.size();

    StreamsSettings first =
        env.settings()
            .with(StreamsSettings.APPLICATION_ID, "tlog-a-" + env.name())
            .with(StreamsSettings.STATE_DIR, dir.resolve("state-a"));
    StreamsSettings second =
        env.settings()
            .with(StreamsSettings.APPLICATION_ID, "tlog-b-" + env.name())
            .with(StreamsSettings.STATE_DIR, dir.resolve("state-b"));

    LineageStreamsApp a = streams.started(first);
    LogHead folded = settledHead(a, n);
    List<byte[]> entries = distinctLeaves(topics);
    assertThat(entries).hasSize(n);
    assertThat(entries.stream().map(e -> LogLeaf.parse(e).envelopeDigest()))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(folded.rootHash())
        .as("the root of the log topic's leaves in its order")
        .isEqualTo(LogTopologyTest.mth(entries));
    LogView view = new LogView(path -> a.<byte[]>keyValueStore(LogStores.TILES).get(path), folded);
    for (int i = 0; i < n; i++) {
      assertThat(view.entry(i)).isEqualTo(entries.get(i));
    }
    a.close();

    // a new application id and an empty state directory: the tree is built again from the topics
    LineageStreamsApp b = streams.started(second);
    LogHead rebuilt = settledHead(b, n);
    assertThat(rebuilt.rootHash()).isEqualTo(folded.rootHash());
    assertThat(distinctLeaves(topics))
        .as("the rebuild wrote its leaves again; none of them moved the tree")
        .hasSize(n);
    b.close();

    // the first instance again, its state directory lost: restored from its changelogs
    StreamsIt.deleteTree(dir.resolve("state-a"));
    LineageStreamsApp restored = streams.started(first);
    assertThat(settledHead(restored, n)).isEqualTo(folded);
  }

  @Test
  void servesACheckpointTilesAndProofsThatVerifyOfflineWithTheLogKey() throws Exception {
    StreamsIt.Env env = streams.provision("tlog-http", root.publicKey());
    Topics topics = env.topics();
    Path dir = env.dir();
    SeedScenario seed =
        SeedScenario.create(dir.resolve("files"), root, producer, Clock.systemUTC());
    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      for (SeedScenario.SeedRecord r : seed.records()) {
        StreamsIt.send(out, r.target().topic(topics), r.key(), r.value());
      }
      out.flush();
    }
    int n = seed.records().size();
    KeyPair logKey = KeyPairs.generate(Algorithm.ED25519);
    Path logKeyFile = dir.resolve("log.key");
    KeyPairs.writePrivateKey(logKey.getPrivate(), logKeyFile);
    String origin = "lineage.test/" + env.name();
    NoteVerifier verifier =
        new Ed25519NoteSigner(origin, Ed25519KeyPair.fromJca(logKey)).verifier();

    ApiServer api = streams.closedAfterTest(ApiServer.bind("127.0.0.1", 0));
    LineageStreamsApp app =
        streams.closedAfterTest(
            new LineageStreamsApp(
                env.settings()
                    .with(StreamsSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port())
                    .with(StreamsSettings.LOG_KEY, logKeyFile)
                    .with(StreamsSettings.LOG_ORIGIN, origin)));
    app.mountHttp(api);
    api.start();
    app.start();
    LogHead head = settledHead(app, n);

    SignedCheckpoint checkpoint =
        Checkpoint.open(get(api, "/log/checkpoint").body(), List.of(verifier));
    assertThat(checkpoint.checkpoint().origin()).isEqualTo(origin);
    assertThat(checkpoint.checkpoint().size()).isEqualTo(n);
    assertThat(checkpoint.checkpoint().root()).isEqualTo(head.rootHash());
    assertThat(get(api, "/log/checkpoint").body())
        .as("one tree, one checkpoint, byte for byte")
        .isEqualTo(get(api, "/log/checkpoint").body());

    List<byte[]> entries =
        EntryBundles.decode(getBytes(api, "/log/tile/entries/000.p/" + n).body());
    assertThat(entries).hasSize(n);
    assertThat(head.rootHash()).isEqualTo(LogTopologyTest.mth(entries));
    byte[] level0 = getBytes(api, "/log/tile/0/000.p/" + n).body();
    for (int i = 0; i < n; i++) {
      assertThat(Hash.slice(level0, i * Hash.SIZE)).isEqualTo(Rfc6962.leafHash(entries.get(i)));
    }

    byte[] model = seed.records().get(seed.records().size() - 1).value();
    String proofText = get(api, "/v1/log/proof?envelope=" + digest(model)).body();
    TlogProof proof = TlogProof.parse(proofText);
    LogLeaf leaf = LogLeaf.parse(entries.get((int) proof.index()));
    assertThat(leaf.envelopeDigest()).isEqualTo(digest(model));
    assertThat(leaf.source()).isEqualTo("artifacts");
    proof.verify(Rfc6962.leafHash(leaf.encode()), LogPolicy.logOnly(origin, verifier));

    ConsistencyProof consistency =
        ConsistencyProof.parse(get(api, "/v1/log/consistency?from=3&to=" + n).body());
    ProofVerifier.verifyConsistency(
        3, n, consistency.hashes(), LogTopologyTest.mth(entries.subList(0, 3)), head.rootHash());

    assertThat(status(api, "/v1/log/proof?envelope=sha256:" + "0".repeat(64))).isEqualTo(404);
    assertThat(status(api, "/v1/log/proof?envelope=sha256:ABC")).isEqualTo(400);
    assertThat(status(api, "/v1/log/consistency?from=5&to=3")).isEqualTo(400);
    assertThat(status(api, "/v1/log/consistency?from=0&to=" + (n + 1))).isEqualTo(400);
    assertThat(status(api, "/log/tile/0/0000")).isEqualTo(400);
    assertThat(status(api, "/log/tile/0/001")).isEqualTo(404);
  }

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> get(ApiServer api, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r;
  }

  private HttpResponse<byte[]> getBytes(ApiServer api, String path) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    return r;
  }

  private int status(ApiServer api, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The head once it holds {@code n} integrated leaves and has held still for a few polls. */
  private static LogHead settledHead(LineageStreamsApp app, int n) {
    AtomicReference<LogHead> previous = new AtomicReference<>();
    AtomicInteger unchanged = new AtomicInteger();
    return await()
        .atMost(StreamsIt.WAIT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              LogHead now = app.<LogHead>keyValueStore(LogStores.HEAD).get(LogStores.HEAD_KEY);
              if (Objects.equals(now, previous.getAndSet(now))) {
                unchanged.incrementAndGet();
              } else {
                unchanged.set(0);
              }
              return now != null && now.size() == n && now.sequenced() == n && unchanged.get() >= 4
                  ? now
                  : null;
            },
            Objects::nonNull);
  }

  /** The log topic's leaves in offset order, the first of each digest (committed records only). */
  private static List<byte[]> distinctLeaves(Topics topics) {
    TopicPartition partition = new TopicPartition(topics.log().name(), 0);
    List<byte[]> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    try (KafkaConsumer<byte[], byte[]> in =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(), "isolation.level", "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      in.assign(List.of(partition));
      in.seekToBeginning(List.of(partition));
      long end = in.endOffsets(List.of(partition)).get(partition);
      while (in.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> r : in.poll(Duration.ofMillis(500))) {
          if (seen.add(LogLeaf.parse(r.value()).envelopeDigest())) {
            out.add(r.value());
          }
        }
      }
    }
    return out;
  }

  private static String digest(byte[] envelope) {
    return AvroEnvelopes.digest(envelope).toString();
  }
}
