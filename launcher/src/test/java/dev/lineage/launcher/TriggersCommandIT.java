package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lineage triggers} as an orchestrator's operator runs it: committed triggers signed by a
 * granted service key are printed; a forged one is refused on stderr (exit 1); an aborted one is
 * never seen.
 */
class TriggersCommandIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final String MODEL = "sha256:" + "9e".repeat(32);

  @TempDir Path dir;

  @Test
  void printsVerifiedCommittedTriggersAndRefusesForgedOnes() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("trg") + ".");
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(30));
    }
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer forger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Path rootPub = dir.resolve("root.pub");
    Files.writeString(rootPub, KeyPairs.publicKeyPem(root.publicKey()));

    try (KafkaProducer<byte[], byte[]> producer = transactional()) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(
          new ProducerRecord<>(
              topics.keys().name(),
              (service.keyId() + "/granted/x").getBytes(),
              Envelopes.sign(
                  EventType.KEY_GRANTED,
                  Envelopes.grant(service.publicKey(), List.of(Role.IMPACT_SERVICE), T0, null, T0),
                  root)));
      producer.send(record(topics, trigger("gdpr-1", "model_m92", T0.plusSeconds(60)), service));
      producer.send(record(topics, trigger("gdpr-2", "model_forged", T0.plusSeconds(60)), forger));
      producer.commitTransaction();

      producer.beginTransaction();
      producer.send(
          record(topics, trigger("gdpr-3", "model_aborted", T0.plusSeconds(70)), service));
      producer.flush();
      producer.abortTransaction();
    }

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "triggers",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--topic-prefix",
            topics.prefix(),
            "--trust-root",
            rootPub.toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .contains("DELETION gdpr-1")
        .contains("model     model_m92 " + MODEL)
        .contains("path      transactions_q1 → run:training_j1829 → model_m92")
        .contains("action    RETRAIN")
        .contains("1 trigger(s), 1 refused")
        .doesNotContain("model_forged")
        .doesNotContain("model_aborted");
    assertThat(err.toString()).contains("unknown-key").doesNotContain("model_forged");
  }

  private static KafkaProducer<byte[], byte[]> transactional() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KAFKA.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            KafkaBroker.uniqueName("trg-tx")),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(
      Topics topics, RetrainingTriggered trigger, Signer signer) {
    return new ProducerRecord<>(
        topics.retrainingTriggers().name(),
        trigger.getModelId().getBytes(),
        Envelopes.sign(EventType.RETRAINING_TRIGGERED, trigger, signer));
  }

  private static RetrainingTriggered trigger(String request, String modelName, Instant at) {
    return RetrainingTriggered.newBuilder()
        .setTriggerId("sha256:" + "ab".repeat(32))
        .setRequestId(request)
        .setCause(ImpactCause.DELETION)
        .setModelId(MODEL)
        .setModelName(modelName)
        .setTrainingRunId("run:training_j1829")
        .setPaths(
            List.of(
                List.of(
                    new PathNode("source:transactions_q1", "transactions_q1"),
                    new PathNode("run:training_j1829", null),
                    new PathNode(MODEL, modelName))))
        .setAction(RetrainingAction.RETRAIN)
        .setDecisionRule("no privacy guarantee declared: RETRAIN")
        .setRecordSet(
            new RecordSet("sha256:" + "12".repeat(32), 3L, "cas:sha256:" + "12".repeat(32)))
        .setSignedAt(at)
        .build();
  }
}
