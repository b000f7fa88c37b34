package dev.lineage.explorer;

import dev.lineage.api.LoggedTrigger;
import dev.lineage.api.Triggers;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code GET /v1/triggers?request=ID[&model=M...]}: the retraining triggers the impact service
 * published for one request, as an orchestrator would read them: committed records only, each
 * signature checked against a key holding {@code IMPACT_SERVICE} when the broker appended it, each
 * trigger id once (a repeat is counted, not listed). Every trigger carries the paths from the
 * request's subject to its model, which the explorer draws.
 *
 * <p>Triggers are keyed by model id: with {@code model} given (the request status lists them), only
 * those models' partitions are read; otherwise all. Each partition is read up to its last {@link
 * #SCAN} records, and the answer says so ({@code scanned}).
 */
final class TriggersApi {
  static final int SCAN = 20_000;
  private static final int MAX_MODELS = 1_000;

  private final TopicTail tail;
  private final String topic;
  private final Supplier<EventVerifier> verifier;

  TriggersApi(TopicTail tail, String topic, Supplier<EventVerifier> verifier) {
    this.tail = tail;
    this.topic = topic;
    this.verifier = verifier;
  }

  void mount(ApiServer server) {
    server.route("GET", "/v1/triggers", this::triggers);
  }

  private ApiResponse triggers(ApiRequest request) {
    String requestId = request.requiredQueryParam("request");
    List<String> models = request.query().getOrDefault("model", List.of());
    if (models.size() > MAX_MODELS) {
      throw ApiException.badRequest("at most " + MAX_MODELS + " models");
    }
    TopicTail.Tail read =
        tail.latest(
            topic,
            models.isEmpty() ? TopicTail.Partitions.ALL : TopicTail.Partitions.ofKeys(models),
            SCAN);
    EventVerifier check = verifier.get();
    // oldest first, so the first appended copy of a trigger id is the one listed
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(read.records());
    java.util.Collections.reverse(records);
    Map<String, LoggedTrigger> byId = new LinkedHashMap<>();
    int repeats = 0;
    int refused = 0;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (!mentions(r.value(), requestId)) {
        continue;
      }
      Verdict v =
          check.verify(
              List.of(EventType.RETRAINING_TRIGGERED),
              Set.of(Role.IMPACT_SERVICE),
              r.value(),
              r.timestamp());
      if (!v.accepted() || !(v.event() instanceof RetrainingTriggered t)) {
        refused++;
        continue;
      }
      if (!t.getRequestId().equals(requestId)) {
        continue;
      }
      if (byId.containsKey(t.getTriggerId())) {
        repeats++;
        continue;
      }
      byId.put(t.getTriggerId(), json(t, v, r));
    }
    return ApiResponse.ok(
        new Triggers(
            requestId,
            new ArrayList<>(byId.values()),
            repeats,
            refused,
            new Triggers.Scanned(SCAN, read.partitions()),
            read.complete()));
  }

  /** A cheap look before the signature check: does the payload name this request at all? */
  private static boolean mentions(byte[] value, String requestId) {
    try {
      RetrainingTriggered t =
          EventType.RETRAINING_TRIGGERED.decode(EnvelopeCodec.standard().decode(value));
      return requestId.equals(t.getRequestId());
    } catch (RuntimeException e) {
      return false;
    }
  }

  static LoggedTrigger json(RetrainingTriggered t, Verdict v, ConsumerRecord<byte[], byte[]> r) {
    List<List<LoggedTrigger.Step>> paths = new ArrayList<>();
    for (List<PathNode> path : t.getPaths()) {
      List<LoggedTrigger.Step> steps = new ArrayList<>();
      for (PathNode n : path) {
        steps.add(new LoggedTrigger.Step(n.getId(), n.getName()));
      }
      paths.add(steps);
    }
    return new LoggedTrigger(
        t.getTriggerId(),
        t.getRequestId(),
        t.getCause().name(),
        t.getModelId(),
        t.getModelName(),
        t.getTrainingRunId(),
        paths,
        t.getAction().name(),
        t.getDecisionRule(),
        t.getAffectedFraction(),
        t.getRecordSet() == null ? null : t.getRecordSet().getCount(),
        t.getDeadline() == null ? null : t.getDeadline().toString(),
        t.getSignedAt().toString(),
        Instant.ofEpochMilli(r.timestamp()).toString(),
        v.signer(),
        r.partition(),
        r.offset());
  }
}
