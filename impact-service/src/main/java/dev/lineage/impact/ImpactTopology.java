package dev.lineage.impact;

import dev.lineage.avro.Role;
import dev.lineage.impact.analysis.ActionRule;
import dev.lineage.impact.graphclient.LineageGraph;
import dev.lineage.impact.requests.PendingRequest;
import dev.lineage.impact.requests.RequestStatus;
import dev.lineage.impact.requests.RequestStores;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Signer;
import dev.lineage.stores.JsonSerde;
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.KeyringGlobalStore;
import dev.lineage.trust.TrustAnchors;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The impact-service topology, built by one pure function (no I/O here; the analysis asks
 * lineage-streams at run time through {@link Options#graph()}).
 *
 * <pre>
 * lineage.keys ──► keyring-fold ──► [keyring] (global)
 *
 * lineage.deletion-requests ─► verify-deletions ───┐
 *                                                  ├─ requests ─► park-unknown-keys [impact-parked]
 * lineage.bug-reports ───────► verify-bug-reports ─┘                        │
 *                                                                           ▼
 *                     admit-requests ─ verdict-┬─ rejected ─► rejected-values ─► lineage.rejected
 *                                              └─ accepted ─► request-ids
 *                                                                  │
 *                       impact-requests-by-id repartition (by the signed request id)
 *                                                                  ▼
 *                                 impact [impact-requests] [impact-pending] ─► output-trigger ─► lineage.retraining-triggers
 *                                                                           └► output-report ──► lineage.impact-reports
 * </pre>
 *
 * <p>park-unknown-keys holds back requests refused {@code unknown-key} (the signer's grant may not
 * have reached the keyring yet) until the key is known or the grace is over: see {@link
 * ParkingProcessor}. A request accepted late goes on exactly as one accepted at once, so it meets
 * the same checks ({@link RequestAdmission}) and the same once-per-request-id rule ({@link
 * ImpactProcessor}).
 *
 * <p>Every processor, store and repartition topic is named, so adding a step never renames a store.
 */
public final class ImpactTopology {
  /** Requests refused {@code unknown-key}, waiting for their key (see {@link ParkingProcessor}). */
  public static final String PARKED_STORE = "impact-parked";

  /**
   * What the analysis runs with.
   *
   * @param graph lineage-streams, as the analysis asks it
   * @param cas where training manifests are read from (the DP rule); empty: every deletion is
   *     RETRAIN, saying so
   * @param serviceKey signs triggers and reports
   * @param assessThreshold the affected fraction under which a DP-trained model is assessed
   * @param maxPathsPerModel paths listed per trigger; more are cut and the cut is marked
   * @param unknownSubjectGrace how long an unknown subject (or a bug report matching no run) is
   *     retried before an empty report
   * @param retryInterval how often pending requests are looked at, and the first retry delay
   * @param maxRetryBackoff the longest delay between two attempts of one request
   * @param keyWait how long and how many requests refused {@code unknown-key} wait for their key
   * @param clockSkew how far a request's {@code signedAt} may lie from its append time
   * @param requestLog the name of the logger each request's outcome is logged to (the throwaway
   *     requests of {@link StreamsWarmup} go to a logger of their own, quiet by default)
   */
  public record Options(
      LineageGraph graph,
      Optional<Path> cas,
      Signer serviceKey,
      double assessThreshold,
      int maxPathsPerModel,
      Duration unknownSubjectGrace,
      Duration retryInterval,
      Duration maxRetryBackoff,
      ParkingProcessor.Limits keyWait,
      ClockSkew clockSkew,
      String requestLog) {
    /** The name of the logger each request's outcome is logged to, unless told otherwise. */
    public static final String REQUEST_LOG = ImpactProcessor.class.getName();

    /** Options whose requests are logged to {@link #REQUEST_LOG}. */
    public Options(
        LineageGraph graph,
        Optional<Path> cas,
        Signer serviceKey,
        double assessThreshold,
        int maxPathsPerModel,
        Duration unknownSubjectGrace,
        Duration retryInterval,
        Duration maxRetryBackoff,
        ParkingProcessor.Limits keyWait,
        ClockSkew clockSkew) {
      this(
          graph,
          cas,
          serviceKey,
          assessThreshold,
          maxPathsPerModel,
          unknownSubjectGrace,
          retryInterval,
          maxRetryBackoff,
          keyWait,
          clockSkew,
          REQUEST_LOG);
    }

    public Options {
      Objects.requireNonNull(requestLog, "requestLog");
      Objects.requireNonNull(graph, "graph");
      Objects.requireNonNull(cas, "cas");
      Objects.requireNonNull(serviceKey, "serviceKey");
      Objects.requireNonNull(keyWait, "keyWait");
      Objects.requireNonNull(clockSkew, "clockSkew");
      new ActionRule(assessThreshold);
      if (maxPathsPerModel < 1) {
        throw new IllegalArgumentException("maxPathsPerModel must be at least 1");
      }
      requirePositive("retryInterval", retryInterval);
      requirePositive("maxRetryBackoff", maxRetryBackoff);
      if (unknownSubjectGrace.isNegative()) {
        throw new IllegalArgumentException("unknownSubjectGrace must not be negative");
      }
    }

    /** The defaults of {@link ImpactSettings}' declarations. */
    public static Options defaults(LineageGraph graph, Signer serviceKey) {
      return new Options(
          graph,
          Optional.empty(),
          serviceKey,
          ImpactSettings.ASSESS_THRESHOLD.defaultValue().orElseThrow(),
          ImpactSettings.MAX_PATHS_PER_MODEL.defaultValue().orElseThrow(),
          ImpactSettings.UNKNOWN_SUBJECT_GRACE.defaultValue().orElseThrow(),
          ImpactSettings.RETRY_INTERVAL.defaultValue().orElseThrow(),
          ImpactSettings.MAX_RETRY_BACKOFF.defaultValue().orElseThrow(),
          ParkingProcessor.Limits.defaults(),
          ClockSkew.defaults());
    }

    public Options withKeyWait(ParkingProcessor.Limits limits) {
      return new Options(
          graph,
          cas,
          serviceKey,
          assessThreshold,
          maxPathsPerModel,
          unknownSubjectGrace,
          retryInterval,
          maxRetryBackoff,
          limits,
          clockSkew,
          requestLog);
    }

    static void requirePositive(String what, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
    }
  }

  private static final RequestVerifier.Rule DELETIONS_RULE =
      new RequestVerifier.Rule(EventType.DELETION_REQUESTED, Set.of(Role.GDPR_REQUESTER));
  private static final RequestVerifier.Rule BUG_REPORTS_RULE =
      new RequestVerifier.Rule(EventType.BUG_REPORTED, Set.of(Role.PRODUCER, Role.ADMIN));

  private ImpactTopology() {}

  public static Topology build(Topics topics, TrustAnchors roots, Options options) {
    return build(topics, roots, options, Clock.systemUTC());
  }

  /**
   * As {@link #build(Topics, TrustAnchors, Options)}, with obligation deadlines judged by {@code
   * clock} (see {@link ObligationsTopology}).
   */
  public static Topology build(Topics topics, TrustAnchors roots, Options options, Clock clock) {
    return build(topics, roots, options, clock, Optional.empty());
  }

  /**
   * As {@link #build(Topics, TrustAnchors, Options, Clock)}, erasing each fulfilled deletion's
   * record list from {@code vault} (see {@link ObligationsTopology}).
   */
  public static Topology build(
      Topics topics, TrustAnchors roots, Options options, Clock clock, Optional<Path> vault) {
    return build(topics, roots, options, clock, Erasure.defaults(vault), EventMetrics.none());
  }

  /**
   * What the obligation loop erases, and when (issue 14).
   *
   * @param vault where deletion requests' record lists are kept; empty: no list is erased here
   * @param listRetention how long a deletion's list is kept while the request is not fulfilled;
   *     after it the list is destroyed all the same, with a signed {@code RecordListErased} saying
   *     {@code RETENTION_EXPIRED}
   */
  public record Erasure(Optional<Path> vault, Duration listRetention) {
    public Erasure {
      Objects.requireNonNull(vault, "vault");
      Options.requirePositive("listRetention", listRetention);
    }

    /** {@code vault}, with the defaults of {@link ImpactSettings}' declarations. */
    public static Erasure defaults(Optional<Path> vault) {
      return new Erasure(vault, ImpactSettings.RECORD_LIST_RETENTION.defaultValue().orElseThrow());
    }
  }

  /**
   * As {@link #build(Topics, TrustAnchors, Options, Clock)}, erasing as {@code erasure} says,
   * counting verified and rejected requests and timing request-to-trigger into {@code metrics}.
   */
  public static Topology build(
      Topics topics,
      TrustAnchors roots,
      Options options,
      Clock clock,
      Erasure erasure,
      EventMetrics metrics) {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(roots, "roots");
    Objects.requireNonNull(options, "options");
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(store(RequestStores.STATUS, JsonSerde.of(RequestStatus.class)));
    builder.addStateStore(store(RequestStores.PENDING, JsonSerde.of(PendingRequest.class)));

    builder.addStateStore(ParkingProcessor.storeBuilder(PARKED_STORE));

    Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    Map<String, RequestVerifier.Rule> rules =
        Map.of(
            topics.deletionRequests().name(), DELETIONS_RULE,
            topics.bugReports().name(), BUG_REPORTS_RULE);
    KStream<byte[], CheckedRequest> checked =
        builder.stream(topics.deletionRequests().name(), raw.withName("deletion-requests-source"))
            .process(
                () -> new RequestVerifier(roots, options.clockSkew(), DELETIONS_RULE),
                Named.as("verify-deletions"))
            .merge(
                builder.stream(topics.bugReports().name(), raw.withName("bug-reports-source"))
                    .process(
                        () -> new RequestVerifier(roots, options.clockSkew(), BUG_REPORTS_RULE),
                        Named.as("verify-bug-reports")),
                Named.as("requests"))
            .process(
                () ->
                    new ParkingProcessor(
                        PARKED_STORE,
                        options.keyWait(),
                        context ->
                            RequestVerifier.recheck(roots, options.clockSkew(), rules, context)),
                Named.as("park-unknown-keys"),
                PARKED_STORE)
            .process(() -> new RequestAdmission(metrics), Named.as("admit-requests"));

    Map<String, KStream<byte[], CheckedRequest>> verdicts =
        checked
            .split(Named.as("verdict-"))
            .branch((key, c) -> !c.accepted(), Branched.as("rejected"))
            .defaultBranch(Branched.as("accepted"));
    verdicts
        .get("verdict-rejected")
        .mapValues(CheckedRequest::rawValue, Named.as("rejected-values"))
        .to(
            topics.rejected().name(),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("rejected-sink"));

    KStream<String, Outbound> published =
        verdicts
            .get("verdict-accepted")
            .map((key, c) -> KeyValue.pair(c.requestId(), c.rawValue()), Named.as("request-ids"))
            .repartition(
                Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                    .withName(RequestStores.BY_ID_REPARTITION))
            .process(
                () -> new ImpactProcessor(roots, options, metrics),
                Named.as("impact"),
                RequestStores.STATUS,
                RequestStores.PENDING);
    Produced<String, byte[]> signed = Produced.with(Serdes.String(), Serdes.ByteArray());
    published
        .split(Named.as("output-"))
        .branch(
            (key, o) -> o.kind() == Outbound.Kind.TRIGGER,
            Branched.withConsumer(
                s ->
                    s.mapValues(Outbound::value, Named.as("trigger-values"))
                        .to(topics.retrainingTriggers().name(), signed.withName("triggers-sink")),
                "trigger"))
        .defaultBranch(
            Branched.withConsumer(
                s ->
                    s.mapValues(Outbound::value, Named.as("report-values"))
                        .to(topics.impactReports().name(), signed.withName("reports-sink")),
                "report"));
    ObligationsTopology.addTo(
        builder,
        topics,
        roots,
        options,
        clock,
        erasure,
        verdicts.get("verdict-accepted"),
        published,
        metrics);

    return KeyringGlobalStore.addTo(
        builder.build(), topics.keys().name(), roots, options.clockSkew());
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), values);
  }
}
