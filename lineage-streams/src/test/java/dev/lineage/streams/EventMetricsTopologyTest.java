package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testing.Appended;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology counts what it verifies and what it sends to lineage.rejected, by reason. */
class EventMetricsTopologyTest {
  static final Instant T1 = Instant.parse("2025-01-01T01:00:00Z");
  static final String MODEL = "sha256:" + "b".repeat(64);

  @TempDir Path stateDir;

  private final Topics topics = Topics.defaults();
  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> artifacts;
  private TestOutputTopic<byte[], byte[]> rejected;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lineage-streams-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            LineageTopology.build(
                topics,
                TrustAnchors.of(List.of(root.publicKey())),
                LineageTopology.Options.defaults(),
                EventMetrics.of(registry)),
            props);
    ByteArraySerializer ser = new ByteArraySerializer();
    TestInputTopic<byte[], byte[]> keys = driver.createInputTopic(topics.keys().name(), ser, ser);
    artifacts = driver.createInputTopic(topics.artifacts().name(), ser, ser);
    rejected =
        driver.createOutputTopic(
            topics.rejected().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Appended.pipe(
        keys,
        bytes("grant"),
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T1, null, T1),
            root));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aRejectionIncrementsItsReasonsCounterAndNoOther() {
    Envelope tampered = EnvelopeCodec.standard().decode(model("m", producer));
    tampered.setPayload(
        ByteBuffer.wrap(
            EventType.ARTIFACT_REGISTERED.encode(artifact("sha256:" + "c".repeat(64), "other"))));
    Appended.pipe(artifacts, bytes("k"), EnvelopeCodec.standard().encode(tampered));
    artifacts.pipeInput(bytes("k"), new byte[] {1, 2, 3}, T1);
    artifacts.pipeInput(bytes("k"), new byte[] {4, 5, 6}, T1);

    assertThat(rejectedReasons()).containsExactly("bad-signature", "malformed", "malformed");
    assertThat(nonZeroRejections())
        .isEqualTo(Map.of(Reason.BAD_SIGNATURE.wire(), 1.0, Reason.MALFORMED.wire(), 2.0));
    assertThat(verified()).isZero();
  }

  @Test
  void anUnknownKeyIsCountedOnlyWhenItsWaitIsOverNotWhenItIsParked() {
    Signer stranger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Appended.pipe(artifacts, bytes("k"), model("m", stranger));
    assertThat(nonZeroRejections()).isEmpty();

    driver.advanceWallClockTime(ParkingProcessor.Limits.DEFAULT_GRACE.plusSeconds(1));
    assertThat(rejectedReasons()).containsExactly("unknown-key");
    assertThat(nonZeroRejections()).isEqualTo(Map.of(Reason.UNKNOWN_KEY.wire(), 1.0));
  }

  @Test
  void anAcceptedEventIsCountedVerifiedOnceByItsTopicAndAReplayIsNot() {
    byte[] event = model("model_m92", producer);
    Appended.pipe(artifacts, bytes("k"), event);
    Appended.pipe(artifacts, bytes("k"), event);

    assertThat(verified()).isEqualTo(1.0);
    assertThat(nonZeroRejections()).isEmpty();
    assertThat(rejected.isEmpty()).isTrue();
  }

  private double verified() {
    Counter c =
        registry.find(EventMetrics.VERIFIED).tag("topic", topics.artifacts().name()).counter();
    return c == null ? 0 : c.count();
  }

  private Map<String, Double> nonZeroRejections() {
    Map<String, Double> counts = new TreeMap<>();
    for (Counter c : registry.find(EventMetrics.REJECTED).counters()) {
      if (c.count() > 0) {
        counts.put(c.getId().getTag("reason"), c.count());
      }
    }
    return counts;
  }

  private List<String> rejectedReasons() {
    return rejected.readRecordsToList().stream()
        .map(
            r ->
                new String(
                    r.headers().lastHeader(RejectedHeaders.REASON).value(), StandardCharsets.UTF_8))
        .toList();
  }

  private byte[] model(String name, Signer signer) {
    return AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, artifact(MODEL, name), signer);
  }

  private static ArtifactRegistered artifact(String id, String name) {
    return ArtifactRegistered.newBuilder()
        .setNodeId(id)
        .setKind(ArtifactKind.MODEL)
        .setName(name)
        .setVersion(null)
        .setAttributes(Map.of())
        .setSignedAt(T1)
        .build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
