package dev.lineage.launcher;

import dev.lineage.api.Deployment;
import dev.lineage.api.KeyEvents;
import dev.lineage.api.Obligations;
import dev.lineage.api.PathStep;
import dev.lineage.api.Paths;
import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.id.Digest;
import dev.lineage.orchestrate.DemoRetraining;
import dev.lineage.orchestrate.Orchestrator;
import dev.lineage.publish.Events;
import dev.lineage.publish.LineageClient;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.vault.RecordListVault;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code lineage up --demo}: on the running local stack, plays the design's story end to end with
 * throwaway keys — the seed scenario published with its files in the CAS and a signed training
 * manifest, then a GDPR deletion request on {@code source:transactions_q1} — and prints each
 * retraining trigger as the impact service commits it, then the impact report. Every key but the
 * local root is made fresh for the run and granted by the root, as an administrator would.
 */
final class Demo {
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

  /**
   * The request's record keys: synthetic transaction ids, rows of the seed's {@code features_v47}
   * (the demo never holds personal data, but treats them as such: never printed, never on disk in
   * the clear, and gone from the data directory once the request is fulfilled).
   */
  static final String RECORD_KEYS =
      String.join("\n", SeedScenario.DEMO_DELETED_TRANSACTIONS) + "\n";

  private final LocalStack stack;
  private final Topics topics;
  private final Path dataDir;
  private final PrintWriter out;
  private final CommandLineApi api;

  Demo(LocalStack stack, Topics topics, Path dataDir, PrintWriter out) {
    this.stack = stack;
    this.topics = topics;
    this.dataDir = dataDir;
    this.out = out;
    this.api = new CommandLineApi(URI.create(stack.httpUrl()), Duration.ofSeconds(10));
  }

  void run() throws Exception {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path runDir = dataDir.resolve("demo").resolve(Long.toString(start.getEpochSecond()));
    Signer root = Signer.fromPrivateKeyFile(dataDir.resolve("keys").resolve("root.key"));
    Signer producer = throwawayKey(runDir, "producer");
    Signer gdpr = throwawayKey(runDir, "gdpr-requester");
    Signer approver = throwawayKey(runDir, "approver");

    if (alreadyPlayed()) {
      return;
    }
    say(
        "demo: throwaway keys in "
            + runDir.resolve("keys")
            + " (producer, GDPR requester, approver)");
    // signed with the real clock: a trust check holds each signing time to the broker's append
    // time, so nothing here is dated ahead; the story's own times (its runs) lie in the past
    SeedScenario seed =
        SeedScenario.create(
            runDir.resolve("files"), stack.cas(), root, producer, Clock.systemUTC());
    // features_v47 holds the transactions the request will name: once it is in the CAS (the store
    // the impact service erases from when the request is fulfilled), the pipeline's working copy
    // goes, as a pipeline's scratch space does
    Files.delete(seed.files().get("features"));

    // published through the producer library, as the README tells a pipeline to: one client per
    // signing key
    try (LineageClient asRoot = client(root);
        LineageClient asProducer = client(producer);
        LineageClient asGdpr = client(gdpr);
        LineageClient asApprover = client(approver)) {
      awaitPublished(seed.records().get(0).publish(asRoot), topics.keys().name());
      grant(asRoot, gdpr, Role.GDPR_REQUESTER);
      grant(asRoot, approver, Role.APPROVER);
      for (Signer key : List.of(producer, gdpr, approver)) {
        awaitGrant(key.keyId());
      }
      say(
          "demo: the local root granted PRODUCER to "
              + shortId(producer.keyId())
              + ", GDPR_REQUESTER to "
              + shortId(gdpr.keyId())
              + ", APPROVER to "
              + shortId(approver.keyId()));

      for (SeedScenario.SeedRecord r : seed.records().subList(1, seed.records().size())) {
        awaitPublished(r.publish(asProducer), r.target().topic(topics));
      }
      say(
          "demo: published the seed scenario: "
              + (seed.records().size() - 1)
              + " signed events; files and the signed training manifest "
              + shortId(seed.manifest())
              + " in the CAS at "
              + stack.cas());
      say("demo: lineage " + awaitPath(seed.model()));

      DeploymentApproved approval =
          DeploymentApproved.newBuilder()
              .setModelDigest(seed.model())
              .setManifestDigest(seed.manifest())
              .setDecision(ApprovalDecision.APPROVED)
              .setComment("demo: reviewed by the model risk board")
              .setSignedAt(Instant.now())
              .build();
      awaitPublished(
          asApprover.publish(EventType.DEPLOYMENT_APPROVED, seed.model(), approval),
          topics.approvals().name());
      awaitApproved(seed.model());
      say(
          "demo: model_m92 "
              + shortId(seed.model())
              + " approved for deployment by "
              + shortId(approver.keyId())
              + " (not its producer), bound to manifest "
              + shortId(seed.manifest())
              + "; check: "
              + verifyDeploymentHint(seed.model()));

      String requestId = "gdpr-demo-" + start.getEpochSecond();
      // kept as `lineage delete` keeps it: salted and encrypted in the vault the impact service
      // erases from; the plain keys never touch the disk, only the salted list's digest travels
      RecordListVault.Entry kept =
          RecordListVault.at(dataDir.resolve("vault"), Clock.systemUTC())
              .store(
                  requestId,
                  new java.io.ByteArrayInputStream(RECORD_KEYS.getBytes(StandardCharsets.UTF_8)));
      Digest listDigest = kept.digest();
      DeletionRequested request =
          DeletionRequested.newBuilder()
              .setRequestId(requestId)
              .setSubject(SeedScenario.SOURCE)
              .setRecordSet(
                  Events.recordSet(listDigest, kept.count(), RecordListVault.location(requestId)))
              .setReason("demo: erasure request, Art. 17 GDPR")
              .setDeadline(start.plus(Duration.ofDays(30)))
              .setSignedAt(Instant.now())
              .build();
      awaitPublished(asGdpr.requestDeletion(request), topics.deletionRequests().name());
      say(
          "demo: deletion request "
              + requestId
              + " on "
              + SeedScenario.SOURCE
              + " ("
              + request.getRecordSet().getCount()
              + " record keys, list "
              + shortId(listDigest.toString())
              + " kept salted and encrypted in the vault; only its digest travels)");
    }
    String requestId = "gdpr-demo-" + start.getEpochSecond();
    List<RetrainingTriggered> triggers =
        awaitImpact(
            requestId,
            TrustAnchors.fromPemFiles(List.of(dataDir.resolve("keys").resolve("root.pub"))));
    orchestrate(requestId, triggers, producer, seed);
    stack
        .explorerUrl()
        .ifPresent(
            url ->
                say(
                    "demo: in a browser: "
                        + url
                        + "?node=name:model_m92 (its lineage), "
                        + url
                        + "?request=gdpr-demo-"
                        + start.getEpochSecond()
                        + " (the deletion request and its trigger)"));
    say(
        "demo: done. The HTTP API keeps serving at "
            + stack.httpUrl()
            + "; try ./lineage query downstream "
            + SeedScenario.SOURCE
            + ", ./lineage audit --request "
            + "gdpr-demo-"
            + start.getEpochSecond()
            + " or ./lineage obligations."
            + " Ctrl-C stops.");
  }

  private List<RetrainingTriggered> awaitImpact(String requestId, TrustAnchors roots) {
    say("demo: waiting for the impact service's triggers (committed, signature verified) ...");
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    try (SignedFeed feed =
        new SignedFeed(
            stack.bootstrapServers(),
            stack.kafka(),
            topics,
            roots,
            Map.of(
                topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED,
                topics.impactReports().name(), EventType.IMPACT_REPORT),
            Role.IMPACT_SERVICE,
            Duration.ofSeconds(30))) {
      ImpactReport report = null;
      String reportSigner = null;
      List<RetrainingTriggered> triggers = new ArrayList<>();
      // trigger ids and the report's request id: a repeat is a replay, never a new trigger
      SeenIds seen = new SeenIds(10_000);
      // a trigger and its report commit together but on two topics: a poll may hand either first
      while (System.nanoTime() < deadline) {
        for (SignedFeed.Item item : feed.poll(Duration.ofMillis(200))) {
          String where = SeenIds.where(item.topic(), item.partition(), item.offset());
          if (!item.verdict().accepted()) {
            say(
                "demo: refused a record on "
                    + item.topic()
                    + ": "
                    + item.verdict().rejection().reason());
          } else if (item.verdict().event() instanceof RetrainingTriggered t
              && t.getRequestId().equals(requestId)) {
            Optional<String> first = seen.repeatOf("trigger " + t.getTriggerId(), where);
            if (first.isPresent()) {
              sayReplay("trigger " + t.getTriggerId(), where, first.get());
            } else {
              ImpactText.trigger(out, t, item.verdict().signer());
              triggers.add(t);
            }
          } else if (item.verdict().event() instanceof ImpactReport r
              && r.getRequestId().equals(requestId)) {
            Optional<String> first = seen.repeatOf("report " + r.getRequestId(), where);
            if (first.isPresent()) {
              sayReplay("the report of " + r.getRequestId(), where, first.get());
            } else {
              report = r;
              reportSigner = item.verdict().signer();
            }
          }
        }
        if (report != null && triggers.size() >= report.getModels().size()) {
          ImpactText.report(out, report, reportSigner);
          return triggers;
        }
      }
    }
    throw new CommandFailedException(
        "no impact report for "
            + requestId
            + " within "
            + STEP_TIMEOUT.toSeconds()
            + " s; ask GET /v1/requests/"
            + requestId
            + " on "
            + stack.httpUrl());
  }

  /**
   * The reference orchestrator ({@code lineage orchestrate}) run in-process on the demo's triggers
   * with the demo's producer key, then the loop's end as the services tell it: the request
   * FULFILLED, the old model superseded at the deploy gate, the record list erased, the features
   * snapshot tombstoned in the CAS.
   */
  private void orchestrate(
      String requestId, List<RetrainingTriggered> triggers, Signer producer, SeedScenario seed)
      throws Exception {
    say(
        "demo: the reference orchestrator (./lineage orchestrate) takes each trigger: fetches the"
            + " record list (a call signed by the producer key), rebuilds features_v47 without"
            + " those records, trains the model again, publishes the runs with a signed manifest"
            + " declaring the exclusion, then the completion");
    List<String> newModels = new ArrayList<>();
    try (LineageClient asProducer = client(producer)) {
      Orchestrator orchestrator =
          new Orchestrator(
              api.client(),
              asProducer,
              producer,
              new ContentStore(stack.cas()),
              new DemoRetraining(),
              dataDir.resolve("orchestrate"),
              Clock.systemUTC(),
              Duration.ofSeconds(30));
      for (RetrainingTriggered t : triggers) {
        Orchestrator.Outcome o = orchestrator.handle(t);
        OrchestrateCommand.describe(out, o);
        out.flush();
        if (o.newModel() != null) {
          newModels.add(o.newModelName() + " " + shortId(o.newModel()));
        }
      }
    }
    Obligations.Request done =
        await(
            "the request " + requestId + " was not FULFILLED with its list and snapshot erased",
            () -> {
              Obligations answer =
                  api.get("/v1/obligations", Map.of("request", requestId), Obligations.class)
                      .value();
              return answer.requests().stream()
                  .filter(r -> r.requestId().equals(requestId))
                  .filter(r -> "FULFILLED".equals(r.state()))
                  .filter(r -> erasure(r, "RECORD_LIST").isPresent())
                  .filter(r -> erasure(r, "SNAPSHOTS").isPresent())
                  .findFirst();
            });
    for (Obligations.Obligation o : done.obligations()) {
      say(
          "demo: obligation "
              + shortId(o.triggerId())
              + " "
              + o.status()
              + ": model "
              + shortId(o.modelId())
              + " superseded by "
              + o.supersededBy()
              + (o.closedLate() != null && o.closedLate() ? " (late)" : " (before its deadline)"));
    }
    Obligations.Erasure list = erasure(done, "RECORD_LIST").orElseThrow();
    Obligations.Erasure snapshots = erasure(done, "SNAPSHOTS").orElseThrow();
    say(
        "demo: request "
            + requestId
            + " FULFILLED; its record list erased from the vault at "
            + list.erasedAt()
            + " (key destroyed, ciphertext deleted; signed fact by "
            + shortId(list.signer())
            + ")");
    ContentStore cas = new ContentStore(stack.cas());
    for (String digest : snapshots.digests()) {
      boolean tombstoned = cas.erasure(Digest.parse(digest)).isPresent();
      say(
          "demo: snapshot "
              + (digest.equals(seed.features()) ? "features_v47 " : "")
              + digest
              + (tombstoned ? " erased from the CAS: a tombstone keeps its digest and size" : "")
              + "; GET /v1/objects/"
              + shortId(digest)
              + " answers 410 erased");
    }
    Deployment gate =
        api.get("/v1/deployments/" + seed.model(), Map.of(), Deployment.class).value();
    say(
        "demo: deploy gate on the old model_m92 "
            + shortId(seed.model())
            + ": "
            + (Boolean.TRUE.equals(gate.approved()) ? "approved" : "refused")
            + ", "
            + gate.reasons().stream()
                .map(r -> r.code())
                .filter(c -> c.equals("superseded-by"))
                .findFirst()
                .orElse("not superseded")
            + " "
            + gate.supersededBy()
            + "; check: "
            + verifyDeploymentHint(seed.model()));
    for (String model : newModels) {
      say(
          "demo: the new model "
              + model
              + " needs its own approval (./lineage approve) before it deploys");
    }
  }

  private static Optional<Obligations.Erasure> erasure(Obligations.Request r, String kind) {
    return r.erasures().stream().filter(e -> kind.equals(e.kind())).findFirst();
  }

  /**
   * True (and says so) when an earlier {@code up --demo} on this data directory ran to the end: its
   * request was fulfilled, so the seed's {@code features_v47} is erased from the CAS and the seed
   * cannot be published again (the CAS refuses to take erased content back).
   */
  private boolean alreadyPlayed() throws IOException {
    Optional<dev.lineage.cas.Tombstone> erased =
        new ContentStore(stack.cas()).erasure(SeedScenario.featuresDigest());
    if (erased.isEmpty()) {
      return false;
    }
    String request = erased.get().fact().requestId();
    say(
        "demo: this data directory already played the demo to the end: features_v47 "
            + shortId(SeedScenario.featuresDigest().toString())
            + " was erased for "
            + request
            + " at "
            + erased.get().fact().erasedAt()
            + ", and erased content never comes back into the CAS, so the seed is not published"
            + " again. ./lineage audit --request "
            + request
            + " shows that request's whole trail; a fresh --data-dir plays the demo again.");
    say(
        "demo: done. The HTTP API keeps serving at "
            + stack.httpUrl()
            + "; try ./lineage obligations or ./lineage verify-deployment --model name:model_m92."
            + " Ctrl-C stops.");
    return true;
  }

  private void sayReplay(String what, String where, String first) {
    say("demo: replay of " + what + " at " + where + ", first seen at " + first + "; not new");
  }

  /**
   * A grant of {@code role} to {@code key} by the root's client, signed now and valid from then on
   * (the client fills both times from its clock).
   */
  private void grant(LineageClient asRoot, Signer key, Role role) {
    awaitPublished(
        asRoot.grantKey(Events.keyGrant(key.publicKey(), List.of(role)).build()),
        topics.keys().name());
  }

  private void awaitApproved(String model) throws InterruptedException {
    await(
        "the deployment gate did not approve the demo model",
        () -> {
          Deployment gate = api.get("/v1/deployments/" + model, Map.of(), Deployment.class).value();
          return Boolean.TRUE.equals(gate.approved()) ? Optional.of(gate) : Optional.empty();
        });
  }

  private void awaitGrant(String keyId) throws InterruptedException {
    await(
        "the keyring did not record the grant of " + keyId,
        () -> Optional.of(api.get("/v1/keys/" + keyId, Map.of(), KeyEvents.class)));
  }

  private String awaitPath(String model) throws InterruptedException {
    List<PathStep> path =
        await(
            "lineage-streams did not fold the seed scenario",
            () -> {
              List<List<PathStep>> paths =
                  api.get(
                          "/v1/paths",
                          Map.of("from", SeedScenario.SOURCE, "to", model),
                          Paths.class)
                      .value()
                      .paths();
              // a run's edges may be folded before the registrations of the artifacts they join
              // (those take one more hop, the name claim): wait for every artifact's name, so the
              // line names them all
              return paths.size() > 0 && everyArtifactNamed(paths.get(0))
                  ? Optional.of(paths.get(0))
                  : Optional.empty();
            });
    StringBuilder s = new StringBuilder();
    for (PathStep step : path) {
      String id = step.id();
      boolean named = step.name() != null && !"RUN".equals(step.kind());
      s.append(s.isEmpty() ? "" : " → ").append(named ? step.name() : shortId(id));
    }
    return s.toString();
  }

  private static boolean everyArtifactNamed(List<PathStep> path) {
    for (PathStep step : path) {
      if (!step.id().startsWith("run:") && step.name() == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Asks {@code probe} every 100 ms until it answers (a 404 counts as "not yet": the fact has not
   * reached the stores), for at most {@link #STEP_TIMEOUT}.
   */
  private static <T> T await(String failure, Supplier<Optional<T>> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Optional<T> answer = probe.get();
        if (answer.isPresent()) {
          return answer.get();
        }
      } catch (CommandLineApi.ApiError e) {
        if (e.status() != 404) {
          throw e;
        }
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new CommandFailedException(failure + " within " + STEP_TIMEOUT.toSeconds() + " s");
  }

  private static Signer throwawayKey(Path runDir, String name) throws IOException {
    Path keys = runDir.resolve("keys");
    Files.createDirectories(keys);
    var pair = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    KeyPairs.writePrivateKey(pair.getPrivate(), keys.resolve(name + ".key"));
    KeyPairs.writePublicKey(pair.getPublic(), keys.resolve(name + ".pub"));
    return new Signer(pair);
  }

  private LineageClient client(Signer signer) {
    return LineageClient.builder()
        .bootstrapServers(stack.bootstrapServers())
        .topics(topics)
        .signer(signer)
        .properties(stack.kafka().properties())
        .build();
  }

  /** Waits for one publish, so the story's events reach their topics in the order told. */
  private static void awaitPublished(CompletableFuture<?> publish, String topic) {
    try {
      publish.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new CommandFailedException("Kafka did not take a demo event on " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailedException("interrupted while publishing the demo", e);
    }
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }

  private static String shortId(String id) {
    return LineageText.shortId(id);
  }

  /**
   * The gate's command for the demo's model, runnable as printed (the whole digest; README shows it
   * as is, and DemoIT and the smoke test copy it).
   */
  static String verifyDeploymentHint(String modelDigest) {
    return "./lineage verify-deployment --model " + modelDigest + " (or --model name:model_m92)";
  }
}
