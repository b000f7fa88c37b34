package dev.lineage.explorer;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.schemas.EventType;
import dev.lineage.topics.Topics;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code GET /v1/request-log?limit=N} and {@code ?id=ID}: the latest deletion requests and bug
 * reports as appended to their topics, each checked as the impact service checks it (signed by a
 * key holding the topic's role when the broker appended it); refused records are counted, not
 * listed (the rejected view shows them). What the impact service made of each is {@code GET
 * /v1/requests/{id}}. Shown are ids, subjects, processes, versions, windows, deadlines and record
 * counts; the free-text reason and description, and the record-key list's location, are not.
 *
 * <p>With {@code id}, only the partition the id hashes to is read (requests are keyed by their id),
 * up to its last {@link #ID_SCAN} records.
 */
final class RequestLogApi {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 200;
  static final int ID_SCAN = 20_000;

  private final TopicTail tail;
  private final Topics topics;
  private final Supplier<EventVerifier> verifier;

  RequestLogApi(TopicTail tail, Topics topics, Supplier<EventVerifier> verifier) {
    this.tail = tail;
    this.topics = topics;
    this.verifier = verifier;
  }

  void mount(ApiServer server) {
    server.route("GET", "/v1/request-log", this::log);
  }

  private ApiResponse log(ApiRequest request) {
    Optional<String> id = request.queryParam("id");
    int limit = request.intQueryParam("limit").orElse(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    TopicTail.Partitions partitions =
        id.map(i -> TopicTail.Partitions.ofKeys(List.of(i))).orElse(TopicTail.Partitions.ALL);
    int perPartition = id.isPresent() ? ID_SCAN : limit;
    EventVerifier check = verifier.get();
    List<Map<String, Object>> found = new ArrayList<>();
    int refused = 0;
    boolean complete = true;
    for (Source source :
        List.of(
            new Source(
                topics.deletionRequests().name(),
                EventType.DELETION_REQUESTED,
                Set.of(Role.GDPR_REQUESTER)),
            new Source(
                topics.bugReports().name(),
                EventType.BUG_REPORTED,
                Set.of(Role.PRODUCER, Role.ADMIN)))) {
      TopicTail.Tail read = tail.latest(source.topic(), partitions, perPartition);
      complete &= read.complete();
      for (ConsumerRecord<byte[], byte[]> r : read.records()) {
        if (id.isPresent() && !id.get().equals(keyOf(r))) {
          continue; // the key is a hint; the signed id decides below
        }
        Verdict v = check.verify(List.of(source.type()), source.roles(), r.value(), r.timestamp());
        if (!v.accepted()) {
          refused++;
          continue;
        }
        Map<String, Object> json = json(v);
        if (id.isEmpty() || id.get().equals(json.get("requestId"))) {
          json.put("topic", source.topic());
          json.put("partition", r.partition());
          json.put("offset", r.offset());
          found.add(json);
        }
      }
    }
    found.sort(
        Comparator.comparing((Map<String, Object> j) -> (String) j.get("appendedAt")).reversed());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requests", found.size() > limit ? found.subList(0, limit) : found);
    body.put("refused", refused);
    body.put("complete", complete);
    return ApiResponse.ok(body);
  }

  private record Source(String topic, EventType<?> type, Set<Role> roles) {}

  private static String keyOf(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
  }

  static Map<String, Object> json(Verdict v) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (v.event() instanceof DeletionRequested d) {
      json.put("requestId", d.getRequestId());
      json.put("cause", "DELETION");
      json.put("subject", d.getSubject());
      json.put("recordCount", d.getRecordSet().getCount());
      json.put("recordSetDigest", d.getRecordSet().getDigest());
      if (d.getDeadline() != null) {
        json.put("deadline", d.getDeadline().toString());
      }
    } else if (v.event() instanceof BugReported b) {
      json.put("requestId", b.getReportId());
      json.put("cause", "BUG");
      json.put("process", b.getProcessName());
      if (b.getMinVersion() != null) {
        json.put("minVersion", b.getMinVersion());
      }
      if (b.getMaxVersion() != null) {
        json.put("maxVersion", b.getMaxVersion());
      }
      json.put("windowStart", b.getWindowStart().toString());
      json.put("windowEnd", b.getWindowEnd().toString());
    }
    json.put("appendedAt", Instant.ofEpochMilli(v.appendedAt()).toString());
    json.put("signer", v.signer());
    json.put("envelope", v.envelopeDigest());
    return json;
  }
}
