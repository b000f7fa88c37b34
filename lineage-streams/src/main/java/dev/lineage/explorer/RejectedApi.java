package dev.lineage.explorer;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.Signature;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.NodeId;
import dev.lineage.rules.EventRulebook;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.signing.AvroEnvelopes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
  private static final Pattern KEYS_TOPIC_KEY =
      Pattern.compile("[0-9a-f]{64}/(granted|revoked)/sha256:[0-9a-f]{64}");

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
    List<Object> records = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : read.records()) {
      if (records.size() == limit) {
        break;
      }
      records.add(json(r));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topic", topic);
    body.put("limit", limit);
    body.put("complete", read.complete());
    body.put("records", records);
    return ApiResponse.ok(body);
  }

  static Map<String, Object> json(ConsumerRecord<byte[], byte[]> r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("partition", r.partition());
    json.put("offset", r.offset());
    json.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
    json.put("reason", header(r, RejectedHeaders.REASON));
    json.put("detail", header(r, RejectedHeaders.DETAIL));
    json.put("sourceTopic", header(r, RejectedHeaders.SOURCE_TOPIC));
    json.put("sourcePartition", number(header(r, RejectedHeaders.SOURCE_PARTITION)));
    json.put("sourceOffset", number(header(r, RejectedHeaders.SOURCE_OFFSET)));
    if (r.key() != null) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (displayable(key)) {
        json.put("key", key);
      }
      json.put("keyDigest", AvroEnvelopes.digest(r.key()).toString());
    }
    if (r.value() != null) {
      json.put("valueDigest", AvroEnvelopes.digest(r.value()).toString());
      json.put("valueBytes", r.value().length);
      envelope(r.value(), json);
    }
    return json;
  }

  /** A key as it may be shown: an id of the graph's own grammar, or a keys-topic key. */
  static boolean displayable(String key) {
    if (KEYS_TOPIC_KEY.matcher(key).matches()) {
      return true;
    }
    try {
      return !NodeId.parse(key).isReference();
    } catch (InvalidIdException e) {
      return false;
    }
  }

  /** The envelope's payload type and signing key ids, when the value decodes as one. */
  private static void envelope(byte[] value, Map<String, Object> json) {
    Envelope envelope;
    try {
      envelope = EnvelopeCodec.standard().decode(value);
    } catch (RuntimeException e) {
      return;
    }
    String type = envelope.getPayloadType();
    if (type != null && type.matches("[A-Za-z0-9.+/_-]{1,100}")) {
      json.put("payloadType", type);
    }
    List<String> keyIds = new ArrayList<>();
    for (Signature s : envelope.getSignatures()) {
      if (s.getKeyid() != null && EventRulebook.isKeyId(s.getKeyid())) {
        keyIds.add(s.getKeyid());
      }
    }
    json.put("signedBy", keyIds);
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
