package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.RunCompleted;
import dev.lineage.governance.ApprovalStores;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NameEntry;
import dev.lineage.graph.NodeRecord;
import dev.lineage.ownership.OwnershipStores;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.trust.KeyringStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4's acceptance: the stores are derived from the event logs, so rebuilding them from the
 * topics into an empty state directory, under a new application id (so nothing comes from the first
 * instance's changelogs), gives the same contents, compared by {@link StoreDigest}; and so does
 * restoring the first instance from its changelogs after losing its state directory.
 *
 * <p>The log holds the seed scenario and more: a replayed envelope (dropped as already applied), an
 * conflicting pair (a model registered twice by its producer with other attributes, the
 * later-signed registration appended first, so it owns the id and the other is refused {@code
 * conflict}), a run stating an edge before its output is registered, and a tampered record
 * (rejected).
 */
class RebuildFromLogIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String PREDICTIONS = "sha256:" + "c".repeat(64);
  private static final String MODEL_M93 = "sha256:" + "d".repeat(64);
  private static final String SCORING = "run:scoring_7";
  private static final String RETRAINING = "run:training_j1830";

  /** What the log folds into, store by store. */
  private static final Map<String, Long> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put(GraphStores.NODES, 10L); // the seed's 6, two runs, predictions, model_m93
    EXPECTED.put(GraphStores.EDGES_OUT, 8L); // the seed's 4, two per extra run
    EXPECTED.put(GraphStores.EDGES_IN, 8L);
    EXPECTED.put(GraphStores.NAMES, 6L); // transactions_q1, features_v47, model_m92, its manifest,
    // scores_7, model_m93 (registered twice under one name and version: one entry)
    EXPECTED.put(GraphStores.PROCESS_RUNS, 4L);
    // the seed's 6 events and 5 more (the second model_m93 registration passed verification, then
    // lost its claim); not the replay
    EXPECTED.put(GraphStores.APPLIED, 11L);
    EXPECTED.put(GraphStores.EQUIVALENCES, 0L);
    EXPECTED.put(ApprovalStores.STORE, 0L);
    EXPECTED.put(OwnershipStores.NAME_CLAIMS, 6L); // one owner per name of NAMES
    EXPECTED.put(OwnershipStores.ID_CLAIMS, 10L); // every node: each was registered once
    // every registration under a name that held its id (the conflicting model_m93 did not)
    EXPECTED.put(OwnershipStores.NAME_HOLDINGS, 6L);
    EXPECTED.put(KeyringStore.STORE, 1L); // the producer's grant
  }

  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  @RegisterExtension final StreamsIt streams = new StreamsIt(KAFKA);

  @Test
  void rebuildingFromTheTopicsIntoAnEmptyStateDirectoryGivesTheSameStores() throws Exception {
    StreamsIt.Env env = streams.provision("rebuild", root.publicKey());
    String name = env.name();
    Topics topics = env.topics();
    Path dir = env.dir();

    // everything signed with the real clock, as a broker's append time is: the seed now, the
    // conflicting pair a second apart (well within the clock skew)
    SeedScenario seed =
        SeedScenario.create(dir.resolve("files"), root, producer, Clock.systemUTC());
    Instant earlier = seed.signedAt();
    Instant later = earlier.plusSeconds(1);
    byte[] m93Later = artifact(MODEL_M93, ArtifactKind.MODEL, "model_m93", "93", later, "late");
    byte[] m93Earlier =
        artifact(MODEL_M93, ArtifactKind.MODEL, "model_m93", "93", earlier, "early");
    byte[] scoring = run(SCORING, "scoring", "7", seed.features(), PREDICTIONS, later);
    Envelope tampered = EnvelopeCodec.standard().decode(scoring);
    tampered.setPayload(
        ByteBuffer.wrap(
            EventType.RUN_COMPLETED.encode(
                runEvent("run:scoring_8", "scoring", "7", seed.features(), PREDICTIONS, later))));
    byte[] modelRegistration = seed.records().get(seed.records().size() - 1).value();

    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      for (SeedScenario.SeedRecord r : seed.records()) {
        StreamsIt.send(out, r.target().topic(topics), r.key(), r.value());
      }
      // the edge to the predictions arrives before the predictions are registered
      StreamsIt.send(out, topics.runs().name(), SCORING, scoring);
      StreamsIt.send(
          out,
          topics.artifacts().name(),
          PREDICTIONS,
          artifact(PREDICTIONS, ArtifactKind.PREDICTIONS, "scores_7", "7", later, "x"));
      StreamsIt.send(
          out,
          topics.runs().name(),
          RETRAINING,
          run(RETRAINING, "model_training", "1.1", seed.features(), MODEL_M93, later));
      // the later-signed registration appended first: it owns the id, the other is a conflict
      StreamsIt.send(out, topics.artifacts().name(), MODEL_M93, m93Later);
      StreamsIt.send(out, topics.artifacts().name(), MODEL_M93, m93Earlier);
      // a replay of an envelope already applied, and a record whose payload was swapped
      StreamsIt.send(out, topics.artifacts().name(), seed.model(), modelRegistration);
      StreamsIt.send(
          out, topics.runs().name(), "run:scoring_8", EnvelopeCodec.standard().encode(tampered));
      out.flush();
    }

    StreamsSettings base = env.settings();
    StreamsSettings first =
        base.with(StreamsSettings.APPLICATION_ID, "rebuild-a-" + name)
            .with(StreamsSettings.STATE_DIR, dir.resolve("state-a"));
    StreamsSettings second =
        base.with(StreamsSettings.APPLICATION_ID, "rebuild-b-" + name)
            .with(StreamsSettings.STATE_DIR, dir.resolve("state-b"));

    LineageStreamsApp a = streams.started(first);
    StoreDigest.Fingerprint folded = settled(a);
    NodeRecord m93 = a.<NodeRecord>keyValueStore(GraphStores.NODES).get(MODEL_M93);
    assertThat(m93.envelope()).isEqualTo(AvroEnvelopes.digest(m93Later).toString());
    assertThat(m93.attributes()).containsEntry("registration", "late");
    NameEntry m93Name =
        a.<NameEntry>keyValueStore(GraphStores.NAMES)
            .get(GraphStores.nameKey("model_m93", "93", MODEL_M93));
    assertThat(m93Name.envelope()).isEqualTo(AvroEnvelopes.digest(m93Later).toString());
    assertThat(a.keyValueStore(GraphStores.APPLIED).get(AvroEnvelopes.digest(scoring).toString()))
        .isNotNull();
    assertThat(a.<NodeRecord>keyValueStore(GraphStores.NODES).get("run:scoring_8")).isNull();
    a.close();

    // a new application id and an empty state directory: everything is read from the event logs
    assertThat(dir.resolve("state-b")).doesNotExist();
    LineageStreamsApp b = streams.started(second);
    StoreDigest.Fingerprint rebuilt = settled(b);
    assertThat(rebuilt)
        .as("rebuilt from the topics\n%s\nvs\n%s", rebuilt, folded)
        .isEqualTo(folded);
    b.close();

    // the first instance again, its state directory lost: restored from its changelogs
    StreamsIt.deleteTree(dir.resolve("state-a"));
    LineageStreamsApp restored = streams.started(first);
    StoreDigest.Fingerprint fromChangelogs = settled(restored);
    assertThat(fromChangelogs)
        .as("restored from changelogs\n%s\nvs\n%s", fromChangelogs, folded)
        .isEqualTo(folded);
  }

  /**
   * The fingerprint once the stores hold the expected number of entries and have held still for a
   * few polls: counts alone would miss a pending replacement of an entry (the out-of-order pair).
   */
  private static StoreDigest.Fingerprint settled(LineageStreamsApp app) {
    AtomicReference<StoreDigest.Fingerprint> previous = new AtomicReference<>();
    AtomicInteger unchanged = new AtomicInteger();
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              StoreDigest.Fingerprint now = StoreDigest.of(app);
              if (now.equals(previous.getAndSet(now))) {
                unchanged.incrementAndGet();
              } else {
                unchanged.set(0);
              }
              return now.counts().equals(EXPECTED) && unchanged.get() >= 4 ? now : null;
            },
            Objects::nonNull);
  }

  private byte[] artifact(
      String id, ArtifactKind kind, String name, String version, Instant signedAt, String note) {
    ArtifactRegistered event =
        ArtifactRegistered.newBuilder()
            .setNodeId(id)
            .setKind(kind)
            .setName(name)
            .setVersion(version)
            .setAttributes(Map.of("registration", note))
            .setSignedAt(signedAt)
            .build();
    return AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, event, producer);
  }

  private byte[] run(
      String runId, String process, String version, String input, String output, Instant endedAt) {
    return AvroEnvelopes.sign(
        EventType.RUN_COMPLETED,
        runEvent(runId, process, version, input, output, endedAt),
        producer);
  }

  private static RunCompleted runEvent(
      String runId, String process, String version, String input, String output, Instant endedAt) {
    return RunCompleted.newBuilder()
        .setRunId(runId)
        .setProcessName(process)
        .setProcessVersion(version)
        .setInputs(List.of(input))
        .setOutputs(List.of(output))
        .setStartedAt(endedAt.minusSeconds(300))
        .setEndedAt(endedAt)
        .setEnvironment(Map.of("cpu.arch", "x86_64"))
        .setAttributes(Map.of())
        .setSignedAt(endedAt)
        .build();
  }
}
