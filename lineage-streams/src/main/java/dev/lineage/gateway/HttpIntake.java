package dev.lineage.gateway;

import dev.lineage.api.LineageIngested;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.openlineage.MalformedEventException;
import dev.lineage.openlineage.RawEvent;
import dev.lineage.openlineage.attest.GatewayAttestation;
import dev.lineage.openlineage.mapping.OpenLineageMapper;
import dev.lineage.openlineage.transport.OpenLineageTransport;
import dev.lineage.openlineage.validate.OpenLineageValidator;
import dev.lineage.openlineage.validate.ValidationReport;
import dev.lineage.openlineage.validate.Violation;
import dev.lineage.signing.AvroEnvelopes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The gateway's HTTP way in, Marquez's {@code POST /api/v1/lineage}: one OpenLineage event or a
 * JSON array of events, from a producer authenticated by its bearer token ({@link ProducerTokens}).
 * Every event is validated first; if any breaks the spec the request is refused (400 listing each
 * violation as {@code event [i] <path>: <message>}) and nothing is written. Otherwise each is
 * attested for {@code http:<producer>} and written to the attested topic, where the same
 * verification and fold as for the Kafka way in take over; the answer says where each went ({@link
 * LineageIngested}). 401 without a valid token, before the body is looked at.
 */
public final class HttpIntake {
  public static final String PATH = "/api/v1/lineage";

  /** At most this many violations are listed in a refusal. */
  static final int MAX_LISTED = 50;

  private final ProducerTokens tokens;
  private final GatewayAttestation gateway;
  private final OpenLineageValidator validator;
  private final Producer<byte[], byte[]> producer;
  private final String attestedTopic;
  private final Duration timeout;

  public HttpIntake(
      ProducerTokens tokens,
      GatewayAttestation gateway,
      OpenLineageValidator validator,
      Producer<byte[], byte[]> producer,
      String attestedTopic,
      Duration timeout) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.attestedTopic = Objects.requireNonNull(attestedTopic, "attestedTopic");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  public void mount(ApiServer api) {
    api.route("POST", PATH, this::ingest);
  }

  ApiResponse ingest(ApiRequest request) throws InterruptedException {
    String name =
        tokens
            .producer(request.authorization())
            .orElseThrow(
                () ->
                    new ApiException(
                        401,
                        request.authorization() == null ? "unauthorized" : "bad-token",
                        request.authorization() == null
                            ? "send Authorization: Bearer <token>, the token this server's"
                                + " producer token file gives your producer"
                            : "the bearer token is not one this server gives a producer",
                        Map.of("WWW-Authenticate", "Bearer realm=\"openlineage\"")));
    List<RawEvent> events;
    try {
      events = OpenLineageTransport.fromHttpBody(request.body());
    } catch (MalformedEventException e) {
      throw ApiException.badRequest("the body is not OpenLineage JSON: " + e.getMessage());
    }
    if (events.isEmpty()) {
      throw ApiException.badRequest("the body is an empty array: send at least one event");
    }
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      ValidationReport report = validator.validate(events.get(i));
      for (Violation v : report.violations()) {
        violations.add("event [" + i + "] " + v.path() + ": " + v.message());
      }
    }
    if (!violations.isEmpty()) {
      List<String> listed = violations.subList(0, Math.min(MAX_LISTED, violations.size()));
      throw ApiException.badRequest(
          violations.size()
              + " violation(s) of the OpenLineage spec, nothing was accepted: "
              + String.join("; ", listed)
              + (violations.size() > listed.size() ? "; ..." : ""));
    }
    String source = "http:" + name;
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    List<String[]> written = new ArrayList<>();
    for (RawEvent event : events) {
      String key = OpenLineageMapper.idempotencyKey(event).toString();
      byte[] value = AvroEnvelopes.recordValue(gateway.attest(event, source));
      sent.add(
          producer.send(
              new ProducerRecord<>(attestedTopic, key.getBytes(StandardCharsets.UTF_8), value)));
      written.add(new String[] {key, AvroEnvelopes.digest(value).toString()});
    }
    producer.flush();
    List<LineageIngested.Event> answer = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < sent.size(); i++) {
      RecordMetadata m;
      try {
        m = sent.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw ApiException.unavailable(
            "could not write the attested events to " + attestedTopic + "; send them again", 1);
      }
      answer.add(
          new LineageIngested.Event(
              written.get(i)[0], written.get(i)[1], m.topic(), m.partition(), m.offset()));
    }
    return ApiResponse.ok(new LineageIngested(name, answer));
  }
}
