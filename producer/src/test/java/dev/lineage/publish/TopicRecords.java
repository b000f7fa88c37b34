package dev.lineage.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.Envelope;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.VerificationResult;
import dev.lineage.signing.Verifier;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/** Topics of a test on the shared broker, read back with a plain consumer as any client would. */
public final class TopicRecords {
  private TopicRecords() {}

  /**
   * The project's topics under a prefix no other test uses (the broker is shared by every IT of the
   * JVM), created with their declared configs.
   */
  public static Topics provision(String bootstrapServers, String base) {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName(base) + ".");
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(30));
    }
    return topics;
  }

  /** Every record of {@code topic}, once there are {@code expected} of them (30 s at most). */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrapServers, String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
    }
    return records;
  }

  /**
   * Decodes a record value as any consumer would (EnvelopeCodec, then the DSSE envelope), checks
   * that {@code signer} signed it, and decodes the event.
   */
  public static <T extends SpecificRecordBase> T verifiedEvent(
      ConsumerRecord<byte[], byte[]> record, EventType<T> type, KeyPair signer) {
    Envelope avro = EnvelopeCodec.standard().decode(record.value());
    DsseEnvelope envelope = AvroEnvelopes.fromAvro(avro);
    VerificationResult verified = new Verifier(List.of(signer.getPublic())).verify(envelope);
    assertThat(verified.verified()).as(verified.reason()).isTrue();
    return type.decode(avro);
  }
}
