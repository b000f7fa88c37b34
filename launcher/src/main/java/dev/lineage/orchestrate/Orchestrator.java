package dev.lineage.orchestrate;

import dev.lineage.api.Obligations;
import dev.lineage.api.RecordListContent;
import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.RunCompleted;
import dev.lineage.cas.ContentStore;
import dev.lineage.cli.RetrainedCommand;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.manifest.TrainingManifest;
import dev.lineage.publish.LineageClient;
import dev.lineage.publish.RecordList;
import dev.lineage.signing.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The reference retraining orchestrator (issue 14): given a retraining trigger that the caller read
 * committed and verified (signed by a key holding IMPACT_SERVICE), it
 *
 * <ol>
 *   <li>asks the impact service for the trigger's obligation ({@code GET /v1/obligations}) and acts
 *       only while it is open and its action is RETRAIN;
 *   <li>fetches the request's record list with a signed call ({@link LineageApiClient#recordList},
 *       this orchestrator's PRODUCER key) and checks it against the salted digest the trigger
 *       carries;
 *   <li>hands the trigger, the affected dataset (the snapshot on the trigger's path just before its
 *       training run, read from the CAS) and the record keys to a {@link Retraining}, the one part
 *       a pipeline supplies, which writes the rebuilt dataset and the new model;
 *   <li>puts both in the CAS and publishes, signed by the PRODUCER key: the new dataset, the run
 *       that rebuilt it, the new model, its training manifest declaring the request's record set
 *       excluded ({@code lineage manifest create --exclude-record-set}) and the training run;
 *   <li>publishes the signed completion ({@link RetrainedCommand#completion}, what {@code lineage
 *       retrained} publishes).
 * </ol>
 *
 * <p>Idempotent: the runs' ids derive from the trigger id ({@code run:orchestrate-<16 hex of the
 * trigger>-rebuild|-train}) and the retraining is deterministic, so a trigger whose obligation is
 * closed is skipped, and one whose training run the graph already holds (a restart after
 * publishing, before the completion) gets only its completion. The record keys stay in memory for
 * one retraining; nothing here logs or prints them.
 */
public final class Orchestrator {
  /** What became of one trigger. */
  public enum Status {
    /** Retrained now: the runs, artifacts and manifest published, then the completion. */
    RETRAINED,
    /** Retrained now and published, but the completion not sent (asked not to). */
    PUBLISHED,
    /** The graph already held the training run (a restart): only the completion was published. */
    COMPLETED,
    /** Its obligation is already closed (retrained or assessed): nothing published. */
    ALREADY_CLOSED,
    /** An ASSESS trigger: an APPROVER's assessment closes it, not a retraining. */
    NOT_RETRAIN,
    /** The impact service does not show its obligation yet: ask again later. */
    NOT_OPEN_YET
  }

  /**
   * What {@link #handle} did.
   *
   * @param status what became of the trigger
   * @param detail a sentence for a person (never a record key)
   * @param newDataset the rebuilt dataset's digest, when retrained
   * @param newDatasetName its registered name, when retrained
   * @param newModel the new model's digest, when retrained
   * @param newModelName its registered name, when retrained
   * @param manifest the new training manifest's digest, when published now
   * @param trainingRun the training run the completion names, when retrained
   */
  public record Outcome(
      RetrainingTriggered trigger,
      Status status,
      String detail,
      String newDataset,
      String newDatasetName,
      String newModel,
      String newModelName,
      String manifest,
      String trainingRun) {}

  private final LineageApiClient api;
  private final LineageClient publisher;
  private final Signer producer;
  private final ContentStore cas;
  private final Retraining retraining;
  private final Path workRoot;
  private final Clock clock;
  private final Duration wait;

  /**
   * @param api the Lineage HTTP API (the impact service's obligations and record lists, the graph)
   * @param publisher publishes signed by {@code producer}
   * @param producer a key holding PRODUCER: signs the events, the manifest and the list fetch
   * @param cas the content-addressed store holding the affected snapshot and taking the new files
   * @param retraining the pipeline's rebuild and training
   * @param workRoot where the retraining's scratch directories go (each deleted afterwards)
   * @param wait how long to wait for an obligation to show and for Kafka to take an event
   */
  public Orchestrator(
      LineageApiClient api,
      LineageClient publisher,
      Signer producer,
      ContentStore cas,
      Retraining retraining,
      Path workRoot,
      Clock clock,
      Duration wait) {
    this.api = Objects.requireNonNull(api, "api");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.cas = Objects.requireNonNull(cas, "cas");
    this.retraining = Objects.requireNonNull(retraining, "retraining");
    this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.wait = Objects.requireNonNull(wait, "wait");
  }

  /** The id of the run that rebuilds the dataset for {@code triggerId}. */
  public static String rebuildRunId(String triggerId) {
    return "run:orchestrate-" + shortId(triggerId) + "-rebuild";
  }

  /** The id of the run that trains the new model for {@code triggerId}. */
  public static String trainingRunId(String triggerId) {
    return "run:orchestrate-" + shortId(triggerId) + "-train";
  }

  private static String shortId(String triggerId) {
    String hex = Digest.parse(triggerId).hex();
    return hex.substring(0, 16);
  }

  /**
   * Acts on one verified trigger, as the class describes.
   *
   * @throws IOException when the CAS or the scratch directory fails
   * @throws IllegalStateException when the trigger cannot be acted on (its path names no
   *     content-addressed dataset, the record list does not match its digest, the affected snapshot
   *     is not in the CAS)
   * @throws ApiErrorException when the API refuses a call (the record list erased: 410)
   */
  public Outcome handle(RetrainingTriggered t) throws IOException, InterruptedException {
    return handle(t, true);
  }

  /**
   * As {@link #handle(RetrainingTriggered)}; with {@code complete} false, the retraining is
   * published but not the completion ({@link Status#PUBLISHED}): a person closes the obligation
   * after checking the new model ({@code lineage retrained}), or a later {@code handle} does (it
   * finds the training run in the graph and sends only the completion).
   */
  public Outcome handle(RetrainingTriggered t, boolean complete)
      throws IOException, InterruptedException {
    Optional<Obligations.Obligation> obligation = awaitObligation(t);
    if (obligation.isEmpty()) {
      return outcome(
          t,
          Status.NOT_OPEN_YET,
          "the impact service shows no obligation for it yet (within " + wait.toSeconds() + " s)");
    }
    Obligations.Obligation o = obligation.get();
    if (!"OPEN".equals(o.status()) && !"OVERDUE".equals(o.status())) {
      return outcome(
          t,
          Status.ALREADY_CLOSED,
          "its obligation is "
              + o.status()
              + (o.supersededBy() == null ? "" : " (superseded by " + o.supersededBy() + ")")
              + "; nothing published");
    }
    if (t.getAction() != RetrainingAction.RETRAIN) {
      return outcome(
          t,
          Status.NOT_RETRAIN,
          "action "
              + t.getAction()
              + ": an APPROVER's assessment closes it (lineage assess), not a retraining");
    }
    String trainRun = trainingRunId(t.getTriggerId());
    String rebuildRun = rebuildRunId(t.getTriggerId());
    Digest recordSet = t.getRecordSet() == null ? null : Digest.parse(t.getRecordSet().getDigest());
    ExcludedRecords excluded =
        recordSet == null ? ExcludedRecords.of(List.of()) : fetch(t, recordSet);
    PathNode affected = affectedDataset(t);
    Digest affectedDigest = Digest.parse(affected.getId());
    Path work = Files.createTempDirectory(Files.createDirectories(workRoot), "retrain-");
    try {
      Instant started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      Retraining.Result r =
          retraining.retrain(
              new Retraining.Job(
                  t,
                  affectedDigest,
                  affected.getName(),
                  excluded,
                  work,
                  () -> open(affectedDigest)));
      Instant ended = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      Digest dataset = cas.put(r.dataset());
      Digest model = cas.put(r.model());
      if (dataset.equals(affectedDigest) && recordSet != null && excluded.size() > 0) {
        throw new IllegalStateException(
            "the rebuilt dataset is the affected snapshot itself: the retraining left nothing out");
      }
      if (exists(trainRun)) {
        if (complete) {
          complete(t, model, trainRun);
        }
        return new Outcome(
            t,
            complete ? Status.COMPLETED : Status.PUBLISHED,
            "the graph already holds "
                + trainRun
                + (complete ? ": only the completion published" : ": nothing published"),
            dataset.toString(),
            r.datasetName(),
            model.toString(),
            r.modelName(),
            null,
            trainRun);
      }
      String version = "retrained-" + shortId(t.getTriggerId());
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      await(
          publisher.registerArtifact(
              artifact(
                  dataset,
                  ArtifactKind.DATASET,
                  r.datasetName(),
                  version,
                  r.dataset(),
                  r.datasetRows(),
                  t,
                  now)));
      await(
          publisher.completeRun(
              run(rebuildRun, r.rebuild(), affectedDigest, dataset, null, started, ended, t, now)));
      await(
          publisher.registerArtifact(
              artifact(
                  model, ArtifactKind.MODEL, r.modelName(), version, r.model(), null, t, now)));
      TrainingManifest.Builder b =
          TrainingManifest.builder()
              .subject(r.modelName(), model)
              .dataset(r.datasetName(), dataset);
      if (recordSet != null) {
        b.excludedRecordSet(recordSet);
      }
      r.manifest().accept(b);
      TrainingManifest manifest = b.createdAt(now).build();
      Digest manifestDigest = SignedManifests.store(SignedManifests.sign(manifest, producer), cas);
      await(
          publisher.registerArtifact(
              artifact(
                  manifestDigest,
                  ArtifactKind.MANIFEST,
                  r.modelName() + ".manifest",
                  version,
                  null,
                  null,
                  t,
                  now)));
      // the training run last: once the graph holds it, everything before it was published
      await(
          publisher.completeRun(
              run(trainRun, r.train(), dataset, model, manifestDigest, started, ended, t, now)));
      if (complete) {
        complete(t, model, trainRun);
      }
      return new Outcome(
          t,
          complete ? Status.RETRAINED : Status.PUBLISHED,
          "retrained without the request's "
              + excluded.size()
              + " record(s): "
              + rebuildRun
              + " rebuilt the dataset, "
              + trainRun
              + " trained the new model; "
              + (complete ? "completion published" : "completion not sent"),
          dataset.toString(),
          r.datasetName(),
          model.toString(),
          r.modelName(),
          manifestDigest.toString(),
          trainRun);
    } finally {
      deleteTree(work);
    }
  }

  private ExcludedRecords fetch(RetrainingTriggered t, Digest recordSet) {
    RecordListContent list = api.recordList(t.getRequestId(), producer);
    byte[] salted = list.saltedList().getBytes(StandardCharsets.UTF_8);
    if (!Sha256.of(salted).equals(recordSet)) {
      throw new IllegalStateException(
          "the record list served for "
              + t.getRequestId()
              + " does not match the digest its trigger carries ("
              + recordSet
              + ")");
    }
    return ExcludedRecords.of(RecordList.keys(salted));
  }

  /**
   * The dataset the model was trained on: on the trigger's paths, the content-addressed node just
   * before its training run.
   */
  static PathNode affectedDataset(RetrainingTriggered t) {
    for (List<PathNode> path : t.getPaths()) {
      for (int i = 1; i < path.size(); i++) {
        PathNode before = path.get(i - 1);
        if (path.get(i).getId().equals(t.getTrainingRunId())
            && before.getId().startsWith("sha256:")) {
          return before;
        }
      }
    }
    throw new IllegalStateException(
        "trigger "
            + t.getTriggerId()
            + ": no path names a content-addressed dataset just before its training run "
            + t.getTrainingRunId());
  }

  private InputStream open(Digest digest) throws IOException {
    Optional<Path> stored = cas.path(digest);
    if (stored.isEmpty()) {
      throw new IOException(
          "the affected snapshot "
              + digest
              + " is not in the CAS at "
              + cas.root()
              + (cas.erasure(digest).isPresent() ? " (erased)" : ""));
    }
    return Files.newInputStream(stored.get());
  }

  private Optional<Obligations.Obligation> awaitObligation(RetrainingTriggered t)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        Obligations answer =
            api.get("/v1/obligations", Map.of("request", t.getRequestId()), Obligations.class)
                .value();
        Optional<Obligations.Obligation> found =
            answer.requests().stream()
                .flatMap(r -> r.obligations().stream())
                .filter(o -> t.getTriggerId().equals(o.triggerId()))
                .findFirst();
        if (found.isPresent()) {
          return found;
        }
      } catch (ApiErrorException e) {
        if (e.status() != 404) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private boolean exists(String node) {
    try {
      api.node(node, null);
      return true;
    } catch (ApiErrorException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  private void complete(RetrainingTriggered t, Digest model, String trainRun) {
    RetrainingCompleted completion =
        RetrainedCommand.completion(
            t.getTriggerId(), t.getRequestId(), t.getModelId(), model, trainRun, clock.instant());
    await(publisher.completeRetraining(completion));
  }

  private static ArtifactRegistered artifact(
      Digest id,
      ArtifactKind kind,
      String name,
      String version,
      Path file,
      Long rows,
      RetrainingTriggered t,
      Instant now) {
    Long size;
    try {
      size = file == null ? null : Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ArtifactRegistered.newBuilder()
        .setNodeId(id.toString())
        .setKind(kind)
        .setName(name)
        .setVersion(version)
        .setSizeBytes(size)
        .setRecordCount(rows)
        .setAttributes(attributes(t))
        .setSignedAt(now)
        .build();
  }

  private static RunCompleted run(
      String runId,
      Retraining.Step step,
      Digest input,
      Digest output,
      Digest manifest,
      Instant started,
      Instant ended,
      RetrainingTriggered t,
      Instant now) {
    return RunCompleted.newBuilder()
        .setRunId(runId)
        .setProcessName(step.process())
        .setProcessVersion(step.version())
        .setConfigDigest(step.config() == null ? null : step.config().toString())
        .setInputs(List.of(input.toString()))
        .setOutputs(List.of(output.toString()))
        .setStartedAt(started)
        .setEndedAt(ended)
        .setEnvironment(step.environment())
        .setManifestDigest(manifest == null ? null : manifest.toString())
        .setAttributes(attributes(t))
        .setSignedAt(now)
        .build();
  }

  /** What every event of a retraining says about why it happened (no record key). */
  private static Map<String, String> attributes(RetrainingTriggered t) {
    return Map.of(
        "orchestrate.trigger", t.getTriggerId(),
        "orchestrate.request", t.getRequestId(),
        "orchestrate.replaces", t.getModelId());
  }

  private void await(CompletableFuture<?> publish) {
    try {
      publish.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not take a retraining event: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }

  private static Outcome outcome(RetrainingTriggered t, Status status, String detail) {
    return new Outcome(t, status, detail, null, null, null, null, null, null);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
