package dev.lineage.seed;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.cas.ContentStore;
import dev.lineage.hash.ContentHasher;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.publish.LineageClient;
import dev.lineage.publish.PublishResult;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The design's seed scenario (DESIGN §3), as signed records ready to publish:
 *
 * <pre>
 * source:transactions_q1 → run:fraud_signal_extractor_r1 (fraud_signal_extractor 2.3)
 *   → features_v47 → run:training_j1829 (model_training 1.0) → model_m92
 * </pre>
 *
 * Every content-addressed artifact (the two configurations, the features, the model, the lock file)
 * is a real small file written under a directory and put into a content-addressed store there, so
 * its node id is the SHA-256 of its bytes and anyone can check it with {@code sha256sum}. The
 * source is a live table, not content-addressed. The training run references a signed training
 * manifest (DSSE, in-toto Statement) stored in the same CAS and registered as a {@code MANIFEST}
 * artifact.
 *
 * <p>Every signature carries the signing clock's time, to the second ({@code signedAt}, the grant's
 * {@code validFrom} and the manifest's {@code createdAt}): what a trust check compares with the
 * broker's append time. The story's own times lie before it, never after: the extraction run ran
 * from 40 to 31 minutes before the signing, the training run from 10 minutes to 1 minute before.
 *
 * @param files the files written, by name
 * @param features the node id of {@code features_v47}
 * @param model the node id of {@code model_m92}
 * @param records the records to publish, in order: the producer's grant first
 * @param cas the content-addressed store holding every file and the manifest
 * @param manifest the digest of the signed training manifest of {@code model_m92}
 * @param signedAt when every event, the grant and the manifest were signed (the signing clock's
 *     reading, to the second)
 */
public record SeedScenario(
    Map<String, Path> files,
    String features,
    String model,
    List<SeedRecord> records,
    Path cas,
    String manifest,
    Instant signedAt) {
  public static final String SOURCE = "source:transactions_q1";
  public static final String EXTRACTION_RUN = "run:fraud_signal_extractor_r1";
  public static final String TRAINING_RUN = "run:training_j1829";

  /** The training code's commit, pinned in the manifest. */
  public static final String CODE_COMMIT = "git:4c1f0e2b9d8a7f6e5d4c3b2a190817263544f3e2";

  /** The trainer image, by digest: the manifest never names a mutable tag. */
  public static final String TRAINER_IMAGE =
      "oci:ghcr.io/lineage-demo/trainer@sha256:"
          + "3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a";

  /**
   * Synthetic transaction ids that the demo's deletion request names (rows of {@code
   * features_v47}): no personal data, but handled as if it were — never printed, never kept in the
   * clear, and gone from disk once the request is fulfilled.
   */
  public static final List<String> DEMO_DELETED_TRANSACTIONS =
      List.of("txn-q1-000417", "txn-q1-000815", "txn-q1-002731");

  /**
   * {@code features_v47}: one row per transaction of {@code transactions_q1} (its id first), the
   * extracted signals and the fraud label the model is trained on. Three rows are the transactions
   * of {@link #DEMO_DELETED_TRANSACTIONS}.
   */
  static final String FEATURES =
      "transaction,account,velocity,merchant_risk,geo_mismatch,fraud\n"
          + "txn-q1-000102,a1,0.12,0.40,0,0\n"
          + "txn-q1-000138,a2,0.85,0.10,1,1\n"
          + "txn-q1-000251,a3,0.33,0.75,0,0\n"
          + "txn-q1-000417,a4,0.91,0.82,1,1\n"
          + "txn-q1-000503,a1,0.15,0.35,0,0\n"
          + "txn-q1-000577,a5,0.72,0.64,1,1\n"
          + "txn-q1-000640,a6,0.08,0.22,0,0\n"
          + "txn-q1-000815,a4,0.88,0.91,0,1\n"
          + "txn-q1-000902,a7,0.41,0.18,0,0\n"
          + "txn-q1-001144,a2,0.79,0.55,1,1\n"
          + "txn-q1-001370,a8,0.22,0.47,0,0\n"
          + "txn-q1-001618,a9,0.64,0.70,1,1\n"
          + "txn-q1-001983,a3,0.29,0.81,0,0\n"
          + "txn-q1-002205,a10,0.05,0.12,0,0\n"
          + "txn-q1-002731,a11,0.93,0.77,1,1\n"
          + "txn-q1-002950,a12,0.47,0.33,1,0\n";

  /**
   * The digest of {@code features_v47} as {@link #create} writes it: a demo that finds it erased
   * from its CAS knows that an earlier run's deletion request was fulfilled there.
   */
  public static Digest featuresDigest() {
    return dev.lineage.hash.Sha256.of(FEATURES.getBytes(StandardCharsets.UTF_8));
  }

  /** The rows of {@link #FEATURES} after its header. */
  public static final int FEATURE_ROWS = 16;

  /** Which topic a record goes to. */
  public enum Target {
    KEYS,
    ARTIFACTS,
    RUNS;

    public String topic(Topics topics) {
      return switch (this) {
        case KEYS -> topics.keys().name();
        case ARTIFACTS -> topics.artifacts().name();
        case RUNS -> topics.runs().name();
      };
    }
  }

  /**
   * One record: its topic, its record key (as {@link LineageClient} keys it), its signed value, and
   * the event it signs.
   */
  public record SeedRecord(Target target, String key, byte[] value, SpecificRecordBase event) {
    /**
     * Publishes the event through {@code client} (whose key must be the one that signed {@link
     * #value()}: the root for the grant, the producer for the rest), as a pipeline or an admin
     * would; the client signs it again, with the event's own {@code signedAt}.
     */
    public CompletableFuture<? extends PublishResult<?>> publish(LineageClient client) {
      if (event instanceof KeyGranted grant) {
        return client.grantKey(grant);
      }
      if (event instanceof ArtifactRegistered artifact) {
        return client.registerArtifact(artifact);
      }
      return client.completeRun((RunCompleted) event);
    }
  }

  /** How long before the signing the extraction run started. */
  static final Duration EXTRACTION_STARTED = Duration.ofMinutes(40);

  /** How long before the signing the extraction run ended. */
  static final Duration EXTRACTION_ENDED = Duration.ofMinutes(31);

  /** How long before the signing the training run started. */
  static final Duration TRAINING_STARTED = Duration.ofMinutes(10);

  /** How long before the signing the training run ended. */
  static final Duration TRAINING_ENDED = Duration.ofMinutes(1);

  /**
   * Writes the scenario's files under {@code dir} and signs its events at {@code signingClock}'s
   * time: the grant of {@code PRODUCER} to {@code producer} by {@code root} (valid from then on),
   * then the artifacts and runs, signed by {@code producer}. Anything published to a broker signs
   * with the real clock ({@link Clock#systemUTC()}); a test may pin it ({@link Clock#fixed}).
   */
  public static SeedScenario create(Path dir, Signer root, Signer producer, Clock signingClock)
      throws IOException {
    return create(dir, dir.resolve("cas"), root, producer, signingClock);
  }

  /** As {@link #create(Path, Signer, Signer, Clock)}, with the CAS at {@code cas}. */
  public static SeedScenario create(
      Path dir, Path cas, Signer root, Signer producer, Clock signingClock) throws IOException {
    Files.createDirectories(dir);
    ContentHasher hasher = ContentHasher.create();
    Path extractorConfig =
        write(
            dir,
            "fraud_signal_extractor-2.3.yaml",
            "process: fraud_signal_extractor\nversion: \"2.3\"\nwindow_days: 90\n"
                + "signals: [velocity, merchant_risk, geo_mismatch]\n");
    Path features = write(dir, "features_v47.csv", FEATURES);
    Path trainingConfig =
        write(
            dir,
            "training_j1829.yaml",
            "model: gradient_boosting\ntrees: 400\nlearning_rate: 0.05\nseed: 1829\n");
    Path model = write(dir, "model_m92.bin", "model_m92 weights: gbdt 400 trees, seed 1829\n");
    Path lockfile =
        write(dir, "requirements.lock", "lightgbm==4.5.0\nnumpy==1.26.4\npandas==2.2.3\n");
    ContentStore store = new ContentStore(cas);
    for (Path file : List.of(extractorConfig, features, trainingConfig, model, lockfile)) {
      store.put(file);
    }

    String extractorConfigDigest = hasher.hashFile(extractorConfig).toString();
    String featuresId = hasher.hashFile(features).toString();
    String trainingConfigDigest = hasher.hashFile(trainingConfig).toString();
    String modelId = hasher.hashFile(model).toString();
    // to the second, as a manifest's createdAt is: the grant is then valid from the very time
    // the manifest claims, and nothing is dated after the clock's reading
    Instant signedAt = signingClock.instant().truncatedTo(ChronoUnit.SECONDS);
    TrainingManifest manifest =
        TrainingManifest.builder()
            .subject("model_m92", Digest.parse(modelId))
            .dataset("features_v47", Digest.parse(featuresId))
            .codeCommit(CODE_COMMIT)
            .lockfile(new ArtifactRef("requirements.lock", hasher.hashFile(lockfile)))
            .containerImage(TRAINER_IMAGE)
            .seed("global", 1829)
            .library("lightgbm", "4.5.0")
            .hardware(new HardwareFingerprint("x86_64", "demo CPU", 8, null, 0))
            .createdAt(signedAt)
            .build();
    String manifestId =
        SignedManifests.store(SignedManifests.sign(manifest, producer), store).toString();

    List<SeedRecord> records = new ArrayList<>();
    KeyGranted grant =
        Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), signedAt, null, signedAt);
    byte[] grantValue = AvroEnvelopes.sign(EventType.KEY_GRANTED, grant, root);
    records.add(
        new SeedRecord(
            Target.KEYS,
            LineageClient.keysRecordKey(grant, AvroEnvelopes.digest(grantValue)),
            grantValue,
            grant));
    records.add(
        artifact(
            producer, SOURCE, ArtifactKind.SOURCE, "transactions_q1", null, null, 1000L, signedAt));
    records.add(
        run(
            producer,
            EXTRACTION_RUN,
            "fraud_signal_extractor",
            "2.3",
            extractorConfigDigest,
            SOURCE,
            featuresId,
            null,
            signedAt.minus(EXTRACTION_STARTED),
            signedAt.minus(EXTRACTION_ENDED),
            signedAt));
    records.add(
        artifact(
            producer,
            featuresId,
            ArtifactKind.DATASET,
            "features_v47",
            "47",
            Files.size(features),
            (long) FEATURE_ROWS,
            signedAt));
    records.add(
        run(
            producer,
            TRAINING_RUN,
            "model_training",
            "1.0",
            trainingConfigDigest,
            featuresId,
            modelId,
            manifestId,
            signedAt.minus(TRAINING_STARTED),
            signedAt.minus(TRAINING_ENDED),
            signedAt));
    records.add(
        artifact(
            producer,
            manifestId,
            ArtifactKind.MANIFEST,
            "model_m92.manifest",
            "92",
            null,
            null,
            signedAt));
    records.add(
        artifact(
            producer,
            modelId,
            ArtifactKind.MODEL,
            "model_m92",
            "92",
            Files.size(model),
            null,
            signedAt));
    Map<String, Path> files =
        Map.of(
            "extractor-config", extractorConfig,
            "features", features,
            "training-config", trainingConfig,
            "model", model,
            "lockfile", lockfile);
    return new SeedScenario(
        files, featuresId, modelId, List.copyOf(records), store.root(), manifestId, signedAt);
  }

  /** When the extraction run started: a story time, before {@link #signedAt()}. */
  public Instant extractionStartedAt() {
    return signedAt.minus(EXTRACTION_STARTED);
  }

  /** When the extraction run ended: a story time, before {@link #signedAt()}. */
  public Instant extractionEndedAt() {
    return signedAt.minus(EXTRACTION_ENDED);
  }

  private static Path write(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static SeedRecord artifact(
      Signer producer,
      String id,
      ArtifactKind kind,
      String name,
      String version,
      Long size,
      Long records,
      Instant signedAt) {
    ArtifactRegistered event =
        ArtifactRegistered.newBuilder()
            .setNodeId(id)
            .setKind(kind)
            .setName(name)
            .setVersion(version)
            .setSizeBytes(size)
            .setRecordCount(records)
            .setAttributes(Map.of("scenario", "seed"))
            .setSignedAt(signedAt)
            .build();
    return new SeedRecord(
        Target.ARTIFACTS,
        id,
        AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, event, producer),
        event);
  }

  private static SeedRecord run(
      Signer producer,
      String runId,
      String process,
      String version,
      String configDigest,
      String input,
      String output,
      String manifestDigest,
      Instant startedAt,
      Instant endedAt,
      Instant signedAt) {
    RunCompleted event =
        RunCompleted.newBuilder()
            .setRunId(runId)
            .setProcessName(process)
            .setProcessVersion(version)
            .setConfigDigest(configDigest)
            .setInputs(List.of(input))
            .setOutputs(List.of(output))
            .setStartedAt(startedAt)
            .setEndedAt(endedAt)
            .setEnvironment(Map.of("cpu.arch", "x86_64"))
            .setManifestDigest(manifestDigest)
            .setAttributes(Map.of("scenario", "seed"))
            .setSignedAt(signedAt)
            .build();
    return new SeedRecord(
        Target.RUNS, runId, AvroEnvelopes.sign(EventType.RUN_COMPLETED, event, producer), event);
  }
}
