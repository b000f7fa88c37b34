package dev.lineage.explorer;

import dev.lineage.api.Rejected;
import dev.lineage.api.RejectedRecord;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Signature;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.NodeId;
import dev.lineage.publish.LineageClient;
import dev.lineage.rules.EventRulebook;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.signing.AvroEnvelopes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * {@code GET /v1/rejected?limit=N}: the latest records on the rejected topic, newest first, with
 * the reason and detail the app wrote and where each record came from — what an operator checks
 * first when a pipeline's events do not appear. Read-only and without personal data: a record's
 * value is shown as its digest and size (plus, when it is an envelope, its payload type and the key
 * ids of its signatures, never its payload), its key only when it is a well-formed node id or a
 * keys-topic key (anything else, which may be anything a producer sent, as a digest), and of its
 * headers only the ones the app wrote.
 */
final class RejectedApi {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private final TopicTail tail;
  private final String topic;

  RejectedApi(TopicTail tail, String topic) {
    this.tail = tail;
    this.topic = topic;
  }

  void mount(ApiServer server) {
    server.route("GET", "/v1/rejected", this::latest);
  }

  private ApiResponse latest(ApiRequest request) {
    int limit = request.intQueryParam("limit").orElse(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    TopicTail.Tail read = tail.latest(topic, TopicTail.Partitions.ALL, limit);
    List<RejectedRecord> records = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : read.records()) {
      if (records.size() == limit) {
        break;
      }
      records.add(json(r));
    }
    return ApiResponse.ok(new Rejected(topic, limit, read.complete(), records));
  }

  static RejectedRecord json(ConsumerRecord<byte[], byte[]> r) {
    String key = null;
    String keyDigest = null;
    if (r.key() != null) {
      String text = new String(r.key(), StandardCharsets.UTF_8);
      key = displayable(text) ? text : null;
      keyDigest = AvroEnvelopes.digest(r.key()).toString();
    }
    String valueDigest = null;
    Integer valueBytes = null;
    Signed signed = Signed.NONE;
    if (r.value() != null) {
      valueDigest = AvroEnvelopes.digest(r.value()).toString();
      valueBytes = r.value().length;
      signed = envelope(r.value());
    }
    return new RejectedRecord(
        r.partition(),
        r.offset(),
        Instant.ofEpochMilli(r.timestamp()).toString(),
        header(r, RejectedHeaders.REASON),
        header(r, RejectedHeaders.DETAIL),
        header(r, RejectedHeaders.SOURCE_TOPIC),
        number(header(r, RejectedHeaders.SOURCE_PARTITION)),
        number(header(r, RejectedHeaders.SOURCE_OFFSET)),
        key,
        keyDigest,
        valueDigest,
        valueBytes,
        signed.payloadType(),
        signed.keyIds());
  }

  /** What a value that decodes as an envelope says of itself; both null when it does not. */
  private record Signed(String payloadType, List<String> keyIds) {
    static final Signed NONE = new Signed(null, null);
  }

  /** A key as it may be shown: an id of the graph's own grammar, or a keys-topic key. */
  static boolean displayable(String key) {
    if (LineageClient.isKeysRecordKey(key)) {
      return true;
    }
    try {
      return !NodeId.parse(key).isReference();
    } catch (InvalidIdException e) {
      return false;
    }
  }

  /** The envelope's payload type and signing key ids, when the value decodes as one. */
  private static Signed envelope(byte[] value) {
    Envelope envelope;
    try {
      envelope = EnvelopeCodec.standard().decode(value);
    } catch (RuntimeException e) {
      return Signed.NONE;
    }
    String type = envelope.getPayloadType();
    List<String> keyIds = new ArrayList<>();
    for (Signature s : envelope.getSignatures()) {
      if (s.getKeyid() != null && EventRulebook.isKeyId(s.getKeyid())) {
        keyIds.add(s.getKeyid());
      }
    }
    return new Signed(
        type != null && type.matches("[A-Za-z0-9.+/_-]{1,100}") ? type : null, keyIds);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static Long number(String text) {
    try {
      return text == null ? null : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
