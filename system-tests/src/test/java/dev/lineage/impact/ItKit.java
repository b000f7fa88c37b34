package dev.lineage.impact;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RunCompleted;
import dev.lineage.http.ApiServer;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.streams.StreamsIt;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Broker-side helpers shared by the impact service's integration tests. */
final class ItKit {
  static final Duration WAIT = Duration.ofSeconds(120);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final String servers;

  ItKit(String servers) {
    this.servers = servers;
  }

  /**
   * A lineage-streams instance for the impact service to ask, tuned for tests (100 ms commits, one
   * thread), mounted on {@code api}; not started.
   */
  LineageStreamsApp lineageStreams(
      String name, Path rootPem, Topics topics, Path stateDir, ApiServer api) throws IOException {
    LineageStreamsApp app =
        new LineageStreamsApp(
            StreamsIt.settings(servers, rootPem, topics, name, stateDir)
                .with(StreamsSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port()));
    app.mountHttp(api);
    return app;
  }

  /** As {@link #lineageStreams}, reading manifests and tombstones from {@code cas}. */
  LineageStreamsApp lineageStreams(
      String name, Path rootPem, Topics topics, Path stateDir, ApiServer api, Path cas)
      throws IOException {
    LineageStreamsApp app =
        new LineageStreamsApp(
            StreamsIt.settings(servers, rootPem, topics, name, stateDir)
                .with(StreamsSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port())
                .with(StreamsSettings.CAS, cas));
    app.mountHttp(api);
    return app;
  }

  void provision(Topics topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(60));
    }
  }

  KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", servers, "acks", "all"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  void send(String topic, String key, byte[] value) {
    try (KafkaProducer<byte[], byte[]> out = producer()) {
      out.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }
  }

  /** Every committed record of {@code topic} so far (read_committed, from the beginning). */
  List<ConsumerRecord<byte[], byte[]>> committed(String topic) {
    try (KafkaConsumer<byte[], byte[]> in =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "group.id",
                KafkaBroker.uniqueName("reader"),
                "auto.offset.reset",
                "earliest",
                "enable.auto.commit",
                "false",
                "isolation.level",
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      in.subscribe(List.of(topic));
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
      // read until two polls in a row bring nothing after the assignment
      int empty = 0;
      while (empty < 2) {
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> r : in.poll(Duration.ofMillis(500))) {
          all.add(r);
          n++;
        }
        empty = n == 0 && !in.assignment().isEmpty() ? empty + 1 : 0;
      }
      return all;
    }
  }

  /**
   * A group-less read_committed consumer of every partition of {@code topic} from the beginning:
   * sees a commit within one short poll, where {@link #committed} first joins a group.
   */
  KafkaConsumer<byte[], byte[]> tail(String topic) {
    KafkaConsumer<byte[], byte[]> in =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "enable.auto.commit",
                "false",
                "isolation.level",
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        in.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    in.assign(partitions);
    in.seekToBeginning(partitions);
    return in;
  }

  /** Waits until the committed events of {@code topic} satisfy {@code done}; returns them. */
  <T extends SpecificRecordBase> List<T> awaitEvents(
      String topic, EventType<T> type, Predicate<List<T>> done) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> events(topic, type), done);
  }

  <T extends SpecificRecordBase> List<T> events(String topic, EventType<T> type) {
    return committed(topic).stream()
        .map(r -> type.decode(EnvelopeCodec.standard().decode(r.value())))
        .toList();
  }

  /** The committed events of {@code type} on a topic holding several types. */
  <T extends SpecificRecordBase> List<T> eventsOfType(String topic, EventType<T> type) {
    return committed(topic).stream()
        .map(r -> EnvelopeCodec.standard().decode(r.value()))
        .filter(e -> type.payloadType().equals(e.getPayloadType()))
        .map(type::decode)
        .toList();
  }

  static JsonNode get(String url) throws Exception {
    return get(url, null);
  }

  /** A GET with this {@code Authorization} header (none when null). */
  static JsonNode get(String url, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = ApiServer.json().readTree(r.body());
    ((ObjectNode) body).put("httpStatus", r.statusCode());
    return body;
  }

  static byte[] deletion(String id, String subject, long count, Signer signer) {
    DeletionRequested event =
        DeletionRequested.newBuilder()
            .setRequestId(id)
            .setSubject(subject)
            .setRecordSet(
                new RecordSet(
                    "sha256:" + "e".repeat(64), count, "cas:sha256:" + "e".repeat(64), true))
            .setSignedAt(Instant.now())
            .build();
    return AvroEnvelopes.sign(EventType.DELETION_REQUESTED, event, signer);
  }

  static byte[] artifact(String id, ArtifactKind kind, String name, Long records, Signer producer) {
    return AvroEnvelopes.sign(
        EventType.ARTIFACT_REGISTERED,
        ArtifactRegistered.newBuilder()
            .setNodeId(id)
            .setKind(kind)
            .setName(name)
            .setRecordCount(records)
            .setAttributes(Map.of())
            .setSignedAt(Instant.now())
            .build(),
        producer);
  }

  static byte[] run(String id, String process, List<String> in, List<String> out, Signer producer) {
    return run(id, process, in, out, null, producer);
  }

  /** A run whose signed training manifest (in the CAS) is {@code manifestDigest}, when not null. */
  static byte[] run(
      String id,
      String process,
      List<String> in,
      List<String> out,
      String manifestDigest,
      Signer producer) {
    Instant end = Instant.now();
    return AvroEnvelopes.sign(
        EventType.RUN_COMPLETED,
        RunCompleted.newBuilder()
            .setRunId(id)
            .setProcessName(process)
            .setProcessVersion("1.0")
            .setInputs(in)
            .setOutputs(out)
            .setManifestDigest(manifestDigest)
            .setStartedAt(end.minusSeconds(60))
            .setEndedAt(end)
            .setEnvironment(Map.of())
            .setAttributes(Map.of())
            .setSignedAt(end)
            .build(),
        producer);
  }
}
