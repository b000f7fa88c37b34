package dev.lineage.impact;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.Envelope;
import dev.lineage.cas.ContentStore;
import dev.lineage.impact.analysis.ActionRule;
import dev.lineage.impact.analysis.ImpactAnalyzer;
import dev.lineage.impact.analysis.ImpactResult;
import dev.lineage.impact.analysis.ManifestReader;
import dev.lineage.impact.analysis.Outcome;
import dev.lineage.impact.analysis.TriggerDraft;
import dev.lineage.impact.graphclient.GraphRequestException;
import dev.lineage.impact.graphclient.GraphUnavailableException;
import dev.lineage.impact.requests.PendingRequest;
import dev.lineage.impact.requests.RequestState;
import dev.lineage.impact.requests.RequestStatus;
import dev.lineage.impact.requests.RequestStores;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecordBase;
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
 * Runs the analysis of each verified request, once per request id, and publishes its signed
 * triggers and report. Records arrive keyed by their signed id (repartitioned), so two records of
 * one id meet here, and the status store says whether the id was seen: a repeat publishes nothing.
 *
 * <p>The analysis asks lineage-streams over HTTP on this stream thread, each call bounded by the
 * client's timeout. When lineage-streams is unavailable the request stays pending, its signed bytes
 * in {@link RequestStores#PENDING}, and a wall-clock punctuation retries it with backoff; meanwhile
 * new requests are only stored, not tried, so the thread is never held for long. A subject
 * lineage-streams does not know is retried for a grace period (it may not be folded yet), then
 * answered with an empty report. Store writes and published records share the task's transaction
 * (exactly_once_v2): a crash before the commit publishes nothing, and the request is processed
 * again from its input.
 */
final class ImpactProcessor implements Processor<String, byte[], String, Outbound> {
  private final Logger log;

  /** Analyses tried per punctuation: enough to drain a backlog, few enough to return to polling. */
  static final int MAX_ATTEMPTS_PER_SWEEP = 50;

  /**
   * The first wait after a "not yet" from the read-after-write barrier, doubled for each further
   * "not yet" in a row up to the retry interval. Asking again is cheap (lineage-streams compares
   * offsets), and the fold usually commits within a few of its commit intervals: waiting the whole
   * retry interval (1 s) made every request of a fresh stack's first seconds wait a second or two.
   */
  static final Duration FIRST_BARRIER_RETRY = Duration.ofMillis(50);

  private final TrustAnchors roots;
  private final ImpactTopology.Options options;
  private final Timer requestToTrigger;
  private ProcessorContext<String, Outbound> context;
  private KeyValueStore<String, RequestStatus> statuses;
  private KeyValueStore<String, PendingRequest> pending;
  private ImpactAnalyzer analyzer;
  private long pausedUntil;
  // "not yet" answers of the barrier in a row (any request's): the next wait doubles with each
  private int barrierWaits;
  // no pending request is due before this (a bound kept in memory, so that the frequent sweeps a
  // short barrier wait needs do not scan the store for nothing); MIN_VALUE: unknown, look
  private long nextSweep = Long.MIN_VALUE;

  ImpactProcessor(TrustAnchors roots, ImpactTopology.Options options, EventMetrics metrics) {
    this.roots = roots;
    this.options = options;
    this.log = LoggerFactory.getLogger(options.requestLog());
    this.requestToTrigger = requestToTrigger(metrics.registry());
  }

  /** Name of the timer of a request's append to its triggers and report being published. */
  static final String REQUEST_TO_TRIGGER = "lineage.impact.request.to.trigger";

  static Timer requestToTrigger(MeterRegistry registry) {
    return Timer.builder(REQUEST_TO_TRIGGER)
        .description(
            "a request's append to its topic until its triggers and report are"
                + " published (committed with the next transaction)")
        .serviceLevelObjectives(
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5))
        .register(registry);
  }

  @Override
  public void init(ProcessorContext<String, Outbound> context) {
    this.context = context;
    this.statuses = context.getStateStore(RequestStores.STATUS);
    this.pending = context.getStateStore(RequestStores.PENDING);
    ReadOnlyKeyValueStore<String, KeyringEntry> keyring = context.getStateStore(KeyringStore.STORE);
    ManifestReader manifests =
        new ManifestReader(
            options.cas().map(ContentStore::new), new Keyring(roots, new KeyringStore(keyring)));
    this.analyzer =
        new ImpactAnalyzer(
            options.graph(),
            manifests,
            new ActionRule(options.assessThreshold()),
            options.maxPathsPerModel());
    context.schedule(sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::retryDue);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String id = record.key();
    RequestStatus seen = statuses.get(id);
    String envelope = AvroEnvelopes.digest(record.value()).toString();
    if (seen != null) {
      log.info(
          "request {} seen before{}: no new triggers",
          id,
          envelope.equals(seen.envelope()) ? "" : " (a different envelope reuses the id)");
      return;
    }
    long now = context.currentSystemTimeMs();
    String cause = causeOf(record.value());
    statuses.put(id, RequestStatus.pending(id, cause, envelope, now));
    // the record's timestamp is the request's append time (the request topics use LogAppendTime,
    // and the repartition by id keeps it): the read-after-write barrier of its analysis
    PendingRequest request = new PendingRequest(record.value(), now, 0, now, record.timestamp());
    if (now < pausedUntil) {
      pending.put(id, request);
      nextSweep = Math.min(nextSweep, now);
      statuses.put(
          id, statuses.get(id).withDetail("waiting: lineage-streams was unavailable or behind"));
      return;
    }
    attempt(id, request, now, record.timestamp());
  }

  /** One analysis attempt; false when lineage-streams was unavailable or behind the request. */
  private boolean attempt(String id, PendingRequest request, long now, long requestedAt) {
    SpecificRecordBase event = decode(request.value());
    Outcome outcome;
    long barrier = request.barrier();
    try {
      // read after write: the walk must see every artifact and run appended before the request
      // (by the broker's clock, which no signer sets); until lineage-streams has folded them the
      // request waits, as for an unavailable lineage-streams, and later requests with it
      if (!options.graph().foldedBefore(barrier)) {
        long wait = barrierWait(barrierWaits++);
        pausedUntil = now + wait;
        keepPending(
            id,
            request,
            now + wait,
            "waiting until lineage-streams has folded what was appended before "
                + Instant.ofEpochMilli(barrier));
        return false;
      }
      barrierWaits = 0;
      outcome =
          event instanceof DeletionRequested d
              ? analyzer.deletion(d)
              : analyzer.bug((BugReported) event);
    } catch (GraphUnavailableException e) {
      pausedUntil = now + options.retryInterval().toMillis();
      keepPending(id, request, now + backoff(request.attempts()), e.getMessage());
      log.warn("request {} stays pending: {}", id, e.getMessage());
      return false;
    } catch (GraphRequestException e) {
      // lineage-streams refused the question: kept, not dropped, so an operator can see why and a
      // fixed lineage-streams still answers it
      keepPending(id, request, now + options.maxRetryBackoff().toMillis(), e.getMessage());
      log.error("request {} refused by lineage-streams: {}", id, e.getMessage());
      return true;
    }
    if (outcome instanceof Outcome.NotFound nf) {
      if (now - request.firstSeen() < options.unknownSubjectGrace().toMillis()) {
        keepPending(
            id, request, now + options.retryInterval().toMillis(), nf.what() + " (yet); retrying");
        return true;
      }
      log.info("request {}: {} after the grace period: empty report", id, nf.what());
      publish(id, nf.ifFinal(), now, requestedAt, barrier);
      return true;
    }
    publish(id, ((Outcome.Done) outcome).result(), now, requestedAt, barrier);
    return true;
  }

  private void keepPending(String id, PendingRequest request, long next, String why) {
    pending.put(id, request.retryAt(next));
    nextSweep = Math.min(nextSweep, next);
    RequestStatus status = statuses.get(id);
    statuses.put(id, status.withDetail(why));
  }

  /** How often pending requests are looked at: often enough for the barrier's first retry. */
  private Duration sweepInterval() {
    return options.retryInterval().compareTo(FIRST_BARRIER_RETRY) < 0
        ? options.retryInterval()
        : FIRST_BARRIER_RETRY;
  }

  /** The wait after the {@code n}th "not yet" in a row (from 0): doubling, up to the interval. */
  private long barrierWait(int n) {
    long interval = options.retryInterval().toMillis();
    return Math.min(interval, FIRST_BARRIER_RETRY.toMillis() << Math.min(n, 16));
  }

  /** Exponential from the retry interval, capped. */
  private long backoff(int attempts) {
    long base = options.retryInterval().toMillis();
    long cap = options.maxRetryBackoff().toMillis();
    return Math.min(cap, base << Math.min(attempts, 16));
  }

  private void publish(String id, ImpactResult result, long now, long requestedAt, long barrier) {
    // the time of signing, read after the analysis (which may have waited on lineage-streams):
    // trust checks hold it to the broker's append time
    Instant signedAt = Instant.ofEpochMilli(context.currentSystemTimeMs());
    Map<String, RequestStatus.Decision> decisions = new LinkedHashMap<>();
    for (TriggerDraft t : result.triggers()) {
      byte[] value =
          ImpactEvents.signed(ImpactEvents.trigger(result, t, signedAt), options.serviceKey());
      context.forward(new Record<>(t.modelId(), new Outbound(Outbound.Kind.TRIGGER, value), now));
      decisions.put(
          t.modelId(),
          new RequestStatus.Decision(t.decision().action().name(), t.decision().rule()));
    }
    byte[] report =
        ImpactEvents.signed(ImpactEvents.report(result, signedAt), options.serviceKey());
    context.forward(new Record<>(id, new Outbound(Outbound.Kind.REPORT, report), now));
    RequestStatus before = statuses.get(id);
    statuses.put(
        id,
        new RequestStatus(
            id,
            result.cause().name(),
            result.truncated() ? RequestState.TRUNCATED : RequestState.COMPLETE,
            before.envelope(),
            null,
            result.countsByKind(),
            result.models(),
            result.predictions(),
            result.triggers().size(),
            decisions,
            new RequestStatus.Receipt(
                result.receipt().visited(),
                result.receipt().truncated(),
                result.receipt().cutBy(),
                result.receipt().depthReached(),
                result.receipt().positionText(),
                result.pathsCut(),
                result.receipt().edgesByTrust(),
                barrier),
            before.firstSeen(),
            now));
    pending.delete(id);
    requestToTrigger.record(
        Math.max(0, signedAt.toEpochMilli() - requestedAt), TimeUnit.MILLISECONDS);
    log.info(
        "request {} {}: {} trigger(s), {} prediction artifact(s)",
        id,
        result.truncated() ? "TRUNCATED" : "COMPLETE",
        result.triggers().size(),
        result.predictions().size());
  }

  private void retryDue(long now) {
    if (now < pausedUntil || now < nextSweep) {
      return;
    }
    List<KeyValue<String, PendingRequest>> due = new ArrayList<>();
    long later = Long.MAX_VALUE;
    try (KeyValueIterator<String, PendingRequest> it = pending.all()) {
      while (it.hasNext() && due.size() < MAX_ATTEMPTS_PER_SWEEP) {
        KeyValue<String, PendingRequest> kv = it.next();
        if (kv.value.nextAttempt() <= now) {
          due.add(kv);
        } else {
          later = Math.min(later, kv.value.nextAttempt());
        }
      }
      // stopped at the sweep's limit: more may be due, look again at the next punctuation
      nextSweep = it.hasNext() ? now : later;
    }
    for (KeyValue<String, PendingRequest> kv : due) {
      if (!attempt(kv.key, kv.value, context.currentSystemTimeMs(), kv.value.barrier())) {
        return;
      }
    }
  }

  private static String causeOf(byte[] value) {
    String type = EnvelopeCodec.standard().decode(value).getPayloadType();
    return type.equals(EventType.DELETION_REQUESTED.payloadType()) ? "DELETION" : "BUG";
  }

  /** The event of a record the verifier accepted (so it decodes). */
  private static SpecificRecordBase decode(byte[] value) {
    Envelope envelope = EnvelopeCodec.standard().decode(value);
    return EventType.decodeAny(envelope);
  }
}
