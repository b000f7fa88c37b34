package dev.lineage.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Signature;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wire format through a real broker: an envelope shaped like a signed one (payload an event in
 * single-object encoding, a DER-sized signature) is produced to the artifacts topic and comes back
 * byte for byte, and decodes to the same envelope and event.
 */
class EnvelopeOverKafkaIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void anEnvelopeRoundTripsThroughTheBrokerByteIdentical() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("envelope") + ".");
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(30));
    }
    ArtifactRegistered event = (ArtifactRegistered) SampleEvents.full().get(0);
    byte[] signature = new byte[71];
    new SecureRandom().nextBytes(signature);
    Envelope envelope =
        Envelope.newBuilder()
            .setPayloadType(EventType.ARTIFACT_REGISTERED.payloadType())
            .setPayload(ByteBuffer.wrap(EventType.ARTIFACT_REGISTERED.encode(event)))
            .setSignatures(
                List.of(
                    Signature.newBuilder()
                        .setKeyid(SampleEvents.KEY_ID)
                        .setSig(ByteBuffer.wrap(signature))
                        .build()))
            .build();
    byte[] value = EnvelopeCodec.standard().encode(envelope);
    byte[] key = event.getNodeId().getBytes(StandardCharsets.UTF_8);
    String topic = topics.artifacts().name();

    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, KafkaBroker.uniqueName("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
              });
    }

    assertThat(received).hasSize(1);
    assertThat(received.get(0).key()).isEqualTo(key);
    assertThat(received.get(0).value()).isEqualTo(value);
    Envelope decoded = EnvelopeCodec.standard().decode(received.get(0).value());
    assertThat(decoded).isEqualTo(envelope);
    assertThat(EventType.ARTIFACT_REGISTERED.decode(decoded)).isEqualTo(event);
  }
}
