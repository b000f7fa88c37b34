package dev.lineage.impact.obligations;

import dev.lineage.api.NodeDetails;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.PredictionInvalidated;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RecordListErasureReason;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.ErasureFact;
import dev.lineage.cas.Tombstone;
import dev.lineage.id.Digest;
import dev.lineage.impact.analysis.ManifestCheck;
import dev.lineage.impact.analysis.ManifestReader;
import dev.lineage.impact.analysis.TriggerIds;
import dev.lineage.impact.graphclient.GraphRequestException;
import dev.lineage.impact.graphclient.GraphUnavailableException;
import dev.lineage.impact.graphclient.LineageGraph;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.obligations.CheckResult;
import dev.lineage.obligations.CompletionCheck;
import dev.lineage.obligations.ObligationReasons;
import dev.lineage.obligations.ObligationStatus;
import dev.lineage.obligations.RequestStatus;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.Signer;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.vault.RecordListVault;
import dev.lineage.vault.UnknownRecordListException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each request's obligations (issue 14): a request makes it PENDING, each trigger opens an
 * obligation, the report marks it analysed and opens one obligation per prediction artifact it
 * lists (INVALIDATE), and a verified completion or assessment closes its trigger's obligation, a
 * verified invalidation its prediction's, when {@link CompletionCheck} accepts it; a refused one
 * goes to {@code lineage.rejected} with the check's reason. Erasure facts are kept for the audit.
 *
 * <p>Records arrive keyed by the signed request id, so one task holds all of a request. A
 * completion whose trigger or training run is not known yet (another partition, or lineage-streams
 * has not folded the run), or that cannot be judged because lineage-streams does not answer, waits
 * in the request's state and is judged again by a wall-clock punctuation; an unknown trigger or run
 * is final after the grace. The same punctuation judges deadlines by the injected {@link Clock} and
 * marks an obligation found open past its deadline ({@code overdueSince}); readers judge OVERDUE by
 * the same clock. Store writes and rejections share the task's transaction (exactly_once_v2): a
 * restart repeats nothing and loses nothing.
 */
public final class ObligationFold
    implements Processor<String, ObligationInput, byte[], ObligationFold.Output> {
  private static final Logger log = LoggerFactory.getLogger(ObligationFold.class);

  /** Waiting events judged again per punctuation at most. */
  static final int MAX_RETRIES_PER_SWEEP = 50;

  /** The artifact kinds that hold data records: what a fulfilled deletion erases from the CAS. */
  static final Set<String> SNAPSHOT_KINDS = Set.of("DATASET", "SOURCE");

  /** The action of a prediction's obligation. */
  static final String INVALIDATE = "INVALIDATE";

  /**
   * What the fold runs with.
   *
   * @param graph lineage-streams, for the completion's run and the model's producers
   * @param cas where the run's manifest is read; empty: a completion's manifest cannot be read
   * @param clock judges deadlines
   * @param grace how long an unknown trigger or run is waited for
   * @param interval how often waiting events and deadlines are looked at
   * @param vault where deletion requests' record lists are kept, to destroy once fulfilled
   * @param serviceKey signs the erasure facts
   * @param listRetention how long an unfulfilled deletion's list is kept, from the request's append
   *     time
   */
  public record Options(
      LineageGraph graph,
      Optional<Path> cas,
      Clock clock,
      Duration grace,
      Duration interval,
      Optional<Path> vault,
      Signer serviceKey,
      Duration listRetention) {}

  /**
   * What the fold sends on: a refused closing (its original value, for {@code lineage.rejected},
   * the reason in the record's headers), or a signed erasure fact for {@code lineage.obligations}.
   */
  public record Output(boolean refusal, byte[] value) {}

  private final TrustAnchors roots;
  private final Options options;
  private final EventMetrics metrics;
  private ProcessorContext<byte[], Output> context;
  private Optional<RecordListVault> vault;
  private KeyValueStore<String, ObligationState> store;
  private Keyring keyring;
  private ManifestReader manifests;
  private Optional<ContentStore> cas;
  private long pausedUntil;

  public ObligationFold(TrustAnchors roots, Options options) {
    this(roots, options, EventMetrics.none());
  }

  /** As {@link #ObligationFold(TrustAnchors, Options)}, counting each refusal by its reason. */
  public ObligationFold(TrustAnchors roots, Options options, EventMetrics metrics) {
    this.roots = roots;
    this.options = options;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void init(ProcessorContext<byte[], Output> context) {
    this.context = context;
    this.vault = options.vault().map(dir -> RecordListVault.at(dir, options.clock()));
    this.store = context.getStateStore(ObligationStores.STATE);
    ReadOnlyKeyValueStore<String, KeyringEntry> ring = context.getStateStore(KeyringStore.STORE);
    this.keyring = new Keyring(roots, new KeyringStore(ring));
    this.cas = options.cas().map(ContentStore::new);
    this.manifests = new ManifestReader(cas, keyring);
    context.schedule(options.interval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, ObligationInput> record) {
    String id = record.key();
    ObligationInput in = record.value();
    ObligationState state = store.get(id);
    if (state == null) {
      state = ObligationState.empty(id);
    }
    long now = context.currentSystemTimeMs();
    ObligationState next =
        switch (in.kind()) {
          case REQUEST -> request(state, in);
          case TRIGGER -> retryWaiting(trigger(state, in), now, Integer.MAX_VALUE);
          case REPORT -> retryWaiting(report(state, in), now, Integer.MAX_VALUE);
          case EVENT -> judge(state, in, record.headers(), now, now);
        };
    next = settleSnapshots(settleList(next));
    if (!next.equals(state)) {
      store.put(id, next);
    }
  }

  private ObligationState request(ObligationState state, ObligationInput in) {
    if (state.request() != null) {
      return state;
    }
    SpecificRecordBase event = decode(in);
    String cause = event instanceof DeletionRequested ? "DELETION" : "BUG";
    if (!(event instanceof DeletionRequested) && !(event instanceof BugReported)) {
      throw new IllegalStateException("a request input holds " + event.getSchema().getName());
    }
    Long due =
        event instanceof DeletionRequested d && d.getDeadline() != null
            ? d.getDeadline().toEpochMilli()
            : null;
    ObligationState next = state.withRequest(cause, in.envelope(), in.appendedAt(), due);
    // the report may have come first: its predictions' obligations are due by the request's
    // deadline too
    for (ObligationState.Entry e : state.obligations()) {
      if (INVALIDATE.equals(e.action()) && e.deadline() == null && due != null) {
        next = next.with(e.due(due));
      }
    }
    return next;
  }

  /**
   * The report is out: the analysis is over, and each prediction artifact it lists opens an
   * obligation to invalidate it, due by the request's deadline (a deletion's; a bug report has
   * none), closed by a {@link PredictionInvalidated} from the key that registered the prediction.
   */
  private ObligationState report(ObligationState state, ObligationInput in) {
    ImpactReport report = EventType.IMPACT_REPORT.decode(envelopeOf(in));
    ObligationState next = state.markAnalysed();
    for (String prediction : report.getPredictions()) {
      String id = TriggerIds.ofPrediction(state.requestId(), prediction);
      if (next.entry(id).isPresent()) {
        continue;
      }
      log.info(
          "request {}: obligation {} opened to invalidate prediction {}",
          state.requestId(),
          id,
          prediction);
      next =
          next.with(
              new ObligationState.Entry(
                  id,
                  prediction,
                  INVALIDATE,
                  state.deadline(),
                  in.envelope(),
                  in.appendedAt(),
                  null,
                  null,
                  List.of(prediction),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null));
    }
    return next;
  }

  private ObligationState trigger(ObligationState state, ObligationInput in) {
    RetrainingTriggered t = EventType.RETRAINING_TRIGGERED.decode(envelopeOf(in));
    if (state.entry(t.getTriggerId()).isPresent()) {
      return state;
    }
    // the closure as CompletionCheck.TriggerClosure.of reads it; a malformed record-set digest
    // cannot get here (RequestAdmission refuses the request: invalid-digest), but a state kept
    // from before that rule must not fail the task
    Set<String> nodes = new TreeSet<>();
    t.getPaths().forEach(path -> path.forEach(n -> nodes.add(n.getId())));
    nodes.add(t.getModelId());
    List<String> affected = new ArrayList<>(nodes);
    String recordSet = t.getRecordSet() == null ? null : t.getRecordSet().getDigest();
    if (recordSet != null && !Digest.isValid(recordSet)) {
      log.warn(
          "request {}: the record set of trigger {} is not a digest; no exclusion can be checked",
          t.getRequestId(),
          t.getTriggerId());
      recordSet = null;
    }
    log.info(
        "request {}: obligation {} opened for model {} ({})",
        t.getRequestId(),
        t.getTriggerId(),
        t.getModelId(),
        t.getAction());
    return state.with(
        new ObligationState.Entry(
            t.getTriggerId(),
            t.getModelId(),
            t.getAction() == RetrainingAction.ASSESS ? "ASSESS" : "RETRAIN",
            t.getDeadline() == null ? null : t.getDeadline().toEpochMilli(),
            in.envelope(),
            in.appendedAt(),
            recordSet,
            t.getTrainingRunId(),
            affected,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  /**
   * Judges one event of the obligations topic against the request's state; returns the state after
   * it (an obligation closed, an erasure kept, the event waiting) and forwards a refusal.
   */
  private ObligationState judge(
      ObligationState state, ObligationInput in, Headers headers, long firstSeen, long now) {
    SpecificRecordBase event = decode(in);
    if (event instanceof RecordListErased e) {
      return state.with(
          new ObligationState.Erasure(
              "RECORD_LIST",
              in.envelope(),
              in.signer(),
              e.getErasedAt().toEpochMilli(),
              in.appendedAt(),
              List.of(e.getRecordSetDigest())));
    }
    if (event instanceof SnapshotErased e) {
      return state.with(
          new ObligationState.Erasure(
              "SNAPSHOTS",
              in.envelope(),
              in.signer(),
              e.getErasedAt().toEpochMilli(),
              in.appendedAt(),
              e.getSnapshots().stream().map(ErasedSnapshot::getDigest).toList()));
    }
    String triggerId =
        event instanceof RetrainingCompleted c
            ? c.getTriggerId()
            : event instanceof PredictionInvalidated p
                ? TriggerIds.ofPrediction(state.requestId(), p.getPredictionId())
                : ((ImpactAssessed) event).getTriggerId();
    Optional<ObligationState.Entry> found = state.entry(triggerId);
    if (found.isEmpty() && event instanceof PredictionInvalidated p) {
      // the report may not be folded yet; after the grace the prediction is not the request's
      return waitOrReject(
          state,
          in,
          headers,
          firstSeen,
          now,
          Reason.UNKNOWN_PREDICTION,
          "the report of request "
              + state.requestId()
              + " lists no prediction "
              + p.getPredictionId());
    }
    if (found.isEmpty()) {
      return waitOrReject(
          state,
          in,
          headers,
          firstSeen,
          now,
          Reason.UNKNOWN_TRIGGER,
          "no trigger " + triggerId + " of request " + state.requestId() + " is known");
    }
    ObligationState.Entry entry = found.get();
    if (!entry.open() && in.envelope().equals(entry.closedBy())) {
      log.info("request {}: {} seen again; already applied", state.requestId(), in.envelope());
      return state;
    }
    if (now < pausedUntil) {
      return waiting(state, in, firstSeen, "waiting: lineage-streams was unavailable");
    }
    CheckResult result;
    String manifestWhy;
    try {
      if (event instanceof RetrainingCompleted c) {
        Judged j = completion(state.requestId(), entry, c);
        result = j.result();
        manifestWhy = j.manifestWhy();
      } else if (event instanceof PredictionInvalidated p) {
        // the owner is who signed the prediction's registration: only that key closes it
        result =
            CompletionCheck.invalidated(
                entry.obligation(state.requestId()),
                p,
                in.signer(),
                options.graph().node(entry.modelId()).map(NodeDetails::signer));
        manifestWhy = null;
      } else {
        result = assessment(state.requestId(), entry, (ImpactAssessed) event, in);
        manifestWhy = null;
      }
    } catch (GraphUnavailableException | GraphRequestException e) {
      pausedUntil = now + options.interval().toMillis();
      log.warn("request {}: {} waits: {}", state.requestId(), in.envelope(), e.getMessage());
      return waiting(state, in, firstSeen, e.getMessage());
    }
    if (result instanceof CheckResult.Rejected r) {
      String detail =
          r.reason().equals(ObligationReasons.MANIFEST_MISSING) && manifestWhy != null
              ? manifestWhy
              : r.detail();
      Reason reason = Reason.ofWire(r.reason()).orElse(Reason.MALFORMED);
      // the run, or its output edges, may not be folded by lineage-streams yet (another task of
      // it, or a busy one): both are waited for, and final after the grace
      if (reason == Reason.RUN_NOT_FOUND || reason == Reason.MODEL_NOT_FROM_RUN) {
        return waitOrReject(state, in, headers, firstSeen, now, reason, detail);
      }
      reject(state.requestId(), in, headers, reason, detail);
      return state;
    }
    ObligationState.Entry closed =
        event instanceof RetrainingCompleted c
            ? entry.closed(
                ObligationStatus.RETRAINED,
                in.envelope(),
                in.appendedAt(),
                in.signer(),
                Digest.parse(c.getNewModelDigest()).toString())
            : entry.closed(
                event instanceof PredictionInvalidated
                    ? ObligationStatus.INVALIDATED
                    : ObligationStatus.ASSESSED,
                in.envelope(),
                in.appendedAt(),
                in.signer(),
                null);
    log.info(
        "request {}: obligation {} closed {} by {}",
        state.requestId(),
        entry.triggerId(),
        closed.closedAs(),
        in.envelope());
    return state.with(closed);
  }

  private record Judged(CheckResult result, String manifestWhy) {}

  private Judged completion(String requestId, ObligationState.Entry entry, RetrainingCompleted c) {
    Optional<CompletionCheck.TrainingRun> run = options.graph().trainingRun(c.getTrainingRunId());
    Optional<CompletionCheck.SignedManifest> manifest = Optional.empty();
    String why = null;
    if (run.isPresent() && run.get().manifestDigest() != null) {
      // the run id as the "model": the reader then leaves the subject check to CompletionCheck,
      // which names it precisely (manifest-subject-mismatch)
      ManifestCheck check =
          manifests.check(
              run.get().runId(), run.get().manifestDigest().toString(), run.get().runId());
      if (check instanceof ManifestCheck.Verified v) {
        manifest =
            Optional.of(
                new CompletionCheck.SignedManifest(
                    Digest.parse(v.digest()), v.manifest(), Set.of(v.signer())));
      } else {
        why = ((ManifestCheck.Unusable) check).why();
      }
    }
    return new Judged(
        CompletionCheck.retrained(
            entry.obligation(requestId), entry.closure(), c, run, manifest, keyring::holds),
        why);
  }

  private CheckResult assessment(
      String requestId, ObligationState.Entry entry, ImpactAssessed a, ObligationInput in) {
    Set<String> producers = new TreeSet<>();
    options.graph().node(entry.modelId()).map(NodeDetails::signer).ifPresent(producers::add);
    if (entry.trainingRunId() != null) {
      Optional<NodeDetails> run = options.graph().node(entry.trainingRunId());
      run.map(NodeDetails::signer).ifPresent(producers::add);
      String manifest = run.map(NodeDetails::manifestDigest).orElse(null);
      if (manifest != null
          && manifests.check(entry.trainingRunId(), manifest, entry.trainingRunId())
              instanceof ManifestCheck.Verified v) {
        producers.add(v.signer());
      }
    }
    return CompletionCheck.assessed(
        entry.obligation(requestId), a, in.signer(), in.appendedAt(), producers, keyring::holds);
  }

  private ObligationState waitOrReject(
      ObligationState state,
      ObligationInput in,
      Headers headers,
      long firstSeen,
      long now,
      Reason reason,
      String detail) {
    if (now - firstSeen < options.grace().toMillis()) {
      return waiting(state, in, firstSeen, detail + " (yet); waiting");
    }
    reject(state.requestId(), in, headers, reason, detail);
    return state;
  }

  private static ObligationState waiting(
      ObligationState state, ObligationInput in, long firstSeen, String why) {
    List<ObligationState.Waiting> next = new ArrayList<>();
    for (ObligationState.Waiting w : state.waiting()) {
      if (!w.input().envelope().equals(in.envelope())) {
        next.add(w);
      }
    }
    next.add(new ObligationState.Waiting(in, firstSeen, why));
    return state.withWaiting(next);
  }

  private void reject(
      String requestId, ObligationInput in, Headers headers, Reason reason, String detail) {
    log.warn(
        "request {}: {} at {}-{}@{} refused: {} ({})",
        requestId,
        in.envelope(),
        in.topic(),
        in.partition(),
        in.offset(),
        reason,
        detail);
    metrics.rejected(reason);
    context.forward(
        new Record<>(
            requestId.getBytes(StandardCharsets.UTF_8),
            new Output(true, in.value()),
            in.appendedAt(),
            RejectedHeaders.of(headers, reason, detail, in.topic(), in.partition(), in.offset())));
  }

  /** Judges the waiting events again, at most {@code budget} of them. */
  private ObligationState retryWaiting(ObligationState state, long now, int budget) {
    if (state.waiting().isEmpty()) {
      return state;
    }
    List<ObligationState.Waiting> before = state.waiting();
    ObligationState next = state.withWaiting(List.of());
    int tried = 0;
    for (ObligationState.Waiting w : before) {
      if (tried++ >= budget) {
        next = next.withWaiting(append(next.waiting(), w));
        continue;
      }
      next = judge(next, w.input(), null, w.firstSeen(), now);
    }
    return next;
  }

  private static List<ObligationState.Waiting> append(
      List<ObligationState.Waiting> list, ObligationState.Waiting w) {
    List<ObligationState.Waiting> next = new ArrayList<>(list);
    next.add(w);
    return next;
  }

  /** Waiting events again, and deadlines judged by the clock. */
  private void sweep(long wallClock) {
    long now = context.currentSystemTimeMs();
    Instant judgedAt = options.clock().instant();
    List<KeyValue<String, ObligationState>> all = new ArrayList<>();
    try (KeyValueIterator<String, ObligationState> it = store.all()) {
      it.forEachRemaining(all::add);
    }
    int budget = MAX_RETRIES_PER_SWEEP;
    for (KeyValue<String, ObligationState> kv : all) {
      ObligationState state = kv.value;
      ObligationState next = state;
      for (ObligationState.Entry e : state.obligations()) {
        if (e.open()
            && e.deadline() != null
            && e.overdueSince() == null
            && judgedAt.toEpochMilli() > e.deadline()) {
          log.warn(
              "request {}: obligation {} for model {} is overdue (deadline {})",
              state.requestId(),
              e.triggerId(),
              e.modelId(),
              Instant.ofEpochMilli(e.deadline()));
          next = next.with(e.overdue(judgedAt.toEpochMilli()));
        }
      }
      if (!next.waiting().isEmpty() && budget > 0) {
        int waiting = next.waiting().size();
        next = retryWaiting(next, now, budget);
        budget -= waiting;
      }
      next = settleSnapshots(settleList(next));
      if (!next.equals(state)) {
        store.put(kv.key, next);
      }
    }
  }

  /**
   * Once a deletion request is FULFILLED, or its list has been kept for the declared retention
   * without the request being fulfilled, destroys its record list in the vault (key overwritten and
   * deleted, ciphertext deleted) and sends the signed {@link RecordListErased} with the reason; a
   * list the vault never held is noted and left alone (an older request's list in the CAS is {@code
   * RecordListMigration}'s business). Destroying is idempotent, so a restart that repeats it after
   * a crash before the commit publishes the same fact again, never a second erasure. A vault that
   * fails is tried again at the next punctuation.
   */
  private ObligationState settleList(ObligationState state) {
    if (vault.isEmpty() || state.listSettledAt() != null || !"DELETION".equals(state.cause())) {
      return state;
    }
    Instant judgedAt = options.clock().instant();
    RecordListErasureReason reason;
    if (state.status(judgedAt).state() == RequestStatus.State.FULFILLED) {
      reason = RecordListErasureReason.FULFILLED;
    } else if (retentionOver(state, judgedAt)) {
      reason = RecordListErasureReason.RETENTION_EXPIRED;
    } else {
      return state;
    }
    long now = context.currentSystemTimeMs();
    RecordListVault.Entry erased;
    try {
      erased = vault.get().destroy(state.requestId());
    } catch (UnknownRecordListException | IllegalArgumentException e) {
      log.info("request {} ({}): the vault holds no record list of it", state.requestId(), reason);
      return state.listSettled(now);
    } catch (IOException e) {
      log.warn(
          "request {} ({}): its record list could not be destroyed yet: {}",
          state.requestId(),
          reason,
          e.toString());
      return state;
    }
    RecordListErased fact =
        RecordListErased.newBuilder()
            .setRequestId(state.requestId())
            .setRecordSetDigest(erased.digest().toString())
            .setErasedAt(erased.erasedAt())
            .setReason(reason)
            .setSignedAt(Instant.ofEpochMilli(now))
            .build();
    byte[] value = AvroEnvelopes.sign(EventType.RECORD_LIST_ERASED, fact, options.serviceKey());
    context.forward(
        new Record<>(
            state.requestId().getBytes(StandardCharsets.UTF_8), new Output(false, value), now));
    log.info(
        "request {}: its record list {} was erased ({})",
        state.requestId(),
        erased.digest(),
        reason);
    return state.listSettled(now);
  }

  /**
   * Once a deletion request is FULFILLED, tombstones in the CAS the data snapshots its triggers'
   * closures name (the {@code DATASET} and {@code SOURCE} artifacts on the paths from the subject
   * to each model, the subject itself when it is one): their content is deleted, a tombstone keeps
   * digest, size and the signed {@link SnapshotErased}, which goes on {@code lineage.obligations}.
   * Models are not erased (a retrained one is superseded; an assessed one was kept on purpose), nor
   * is anything this CAS does not hold, nor a snapshot erased already for another request (its
   * tombstone names that request). A snapshot still needed by a model that is not affected cannot
   * exist: a model trained on a snapshot that holds the records is downstream of it, so it is in
   * the closure and owes its own obligation. When lineage-streams does not answer, or the CAS
   * fails, it is tried again at the next punctuation; erasing is idempotent, and the tombstone
   * keeps the first fact.
   */
  private ObligationState settleSnapshots(ObligationState state) {
    if (cas.isEmpty()
        || state.snapshotsSettledAt() != null
        || !"DELETION".equals(state.cause())
        || state.status(options.clock().instant()).state() != RequestStatus.State.FULFILLED) {
      return state;
    }
    long now = context.currentSystemTimeMs();
    Set<String> models = new TreeSet<>();
    Set<String> named = new TreeSet<>();
    for (ObligationState.Entry e : state.obligations()) {
      models.add(e.modelId());
      e.affected().stream().filter(Digest::isValid).forEach(named::add);
    }
    named.removeAll(models);
    ContentStore store = cas.get();
    List<ErasedSnapshot> snapshots = new ArrayList<>();
    List<Digest> digests = new ArrayList<>();
    try {
      for (String id : named) {
        Optional<NodeDetails> node = options.graph().node(id);
        if (node.isEmpty() || !SNAPSHOT_KINDS.contains(node.get().kind())) {
          continue;
        }
        Digest d = Digest.parse(id);
        Optional<Tombstone> erased = store.erasure(d);
        Long size;
        if (erased.isPresent()) {
          if (!erased.get().fact().requestId().equals(state.requestId())) {
            log.info(
                "request {}: snapshot {} was erased for request {} already",
                state.requestId(),
                id,
                erased.get().fact().requestId());
            continue;
          }
          size = erased.get().sizeBytes();
        } else {
          Optional<Path> object = store.path(d);
          if (object.isEmpty()) {
            log.info("request {}: snapshot {} is not in this CAS", state.requestId(), id);
            continue;
          }
          size = java.nio.file.Files.size(object.get());
        }
        snapshots.add(new ErasedSnapshot(id, size));
        digests.add(d);
      }
      if (snapshots.isEmpty()) {
        log.info(
            "request {} is fulfilled: no data snapshot of it is in this CAS", state.requestId());
        return state.snapshotsSettled(now);
      }
      Instant erasedAt = Instant.ofEpochMilli(now);
      SnapshotErased fact =
          SnapshotErased.newBuilder()
              .setRequestId(state.requestId())
              .setSnapshots(snapshots)
              .setErasedAt(erasedAt)
              .setSignedAt(erasedAt)
              .build();
      byte[] value = AvroEnvelopes.sign(EventType.SNAPSHOT_ERASED, fact, options.serviceKey());
      for (Digest d : digests) {
        store.erase(d, new ErasureFact(state.requestId(), erasedAt, value));
      }
      context.forward(
          new Record<>(
              state.requestId().getBytes(StandardCharsets.UTF_8), new Output(false, value), now));
      log.info(
          "request {} is fulfilled: {} data snapshot(s) erased from the CAS: {}",
          state.requestId(),
          digests.size(),
          digests);
      return state.snapshotsSettled(now);
    } catch (GraphUnavailableException | GraphRequestException e) {
      log.warn(
          "request {}: its snapshots wait for lineage-streams: {}",
          state.requestId(),
          e.getMessage());
      return state;
    } catch (IOException e) {
      log.warn(
          "request {}: its snapshots could not be erased yet: {}", state.requestId(), e.toString());
      return state;
    }
  }

  /**
   * Whether the list has been kept longer than the retention: counted from the request's append
   * time, or (a state kept before that was recorded) from when the vault stored the list.
   */
  private boolean retentionOver(ObligationState state, Instant judgedAt) {
    Long from = state.requestedAt();
    if (from == null) {
      try {
        Optional<RecordListVault.Entry> kept = vault.get().find(state.requestId());
        if (kept.isEmpty()) {
          return false;
        }
        from = kept.get().storedAt().toEpochMilli();
      } catch (IOException | IllegalArgumentException e) {
        return false;
      }
    }
    return judgedAt.toEpochMilli() - from > options.listRetention().toMillis();
  }

  private static SpecificRecordBase decode(ObligationInput in) {
    return EventType.decodeAny(envelopeOf(in));
  }

  private static dev.lineage.avro.Envelope envelopeOf(ObligationInput in) {
    return EnvelopeCodec.standard().decode(in.value());
  }
}
