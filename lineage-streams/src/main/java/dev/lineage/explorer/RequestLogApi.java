package dev.lineage.explorer;

import dev.lineage.api.LoggedRequest;
import dev.lineage.api.RequestLog;
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
import java.util.List;
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
    List<LoggedRequest> found = new ArrayList<>();
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
        LoggedRequest logged = json(v);
        if (id.isEmpty() || id.get().equals(logged.requestId())) {
          found.add(logged.at(source.topic(), r.partition(), r.offset()));
        }
      }
    }
    found.sort(Comparator.comparing(LoggedRequest::appendedAt).reversed());
    return ApiResponse.ok(
        new RequestLog(found.size() > limit ? found.subList(0, limit) : found, refused, complete));
  }

  private record Source(String topic, EventType<?> type, Set<Role> roles) {}

  private static String keyOf(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
  }

  static LoggedRequest json(Verdict v) {
    String appendedAt = Instant.ofEpochMilli(v.appendedAt()).toString();
    if (v.event() instanceof DeletionRequested d) {
      return LoggedRequest.deletion(
          d.getRequestId(),
          d.getSubject(),
          d.getRecordSet().getCount(),
          d.getRecordSet().getDigest(),
          d.getDeadline() == null ? null : d.getDeadline().toString(),
          appendedAt,
          v.signer(),
          v.envelopeDigest());
    }
    if (v.event() instanceof BugReported b) {
      return LoggedRequest.bug(
          b.getReportId(),
          b.getProcessName(),
          b.getMinVersion(),
          b.getMaxVersion(),
          b.getWindowStart().toString(),
          b.getWindowEnd().toString(),
          appendedAt,
          v.signer(),
          v.envelopeDigest());
    }
    throw new IllegalArgumentException("not a request: " + v.event().getClass().getSimpleName());
  }
}
