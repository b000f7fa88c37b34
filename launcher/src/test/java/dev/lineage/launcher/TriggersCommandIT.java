package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ImpactCause;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.publish.LineageClient;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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

  static final String MODEL = "sha256:" + "9e".repeat(32);
  static final String TRIGGER_ID = "sha256:" + "ab".repeat(32);

  @TempDir Path dir;

  @Test
  void printsVerifiedCommittedTriggersAndRefusesForgedOnes() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("trg") + ".");
    provision(topics);
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer forger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Path rootPub = dir.resolve("root.pub");
    Files.writeString(rootPub, KeyPairs.publicKeyPem(root.publicKey()));

    // signed now, as the service signs: trust decisions hold signing times to the broker's clock
    Instant granted = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer = transactional()) {
      producer.initTransactions();
      producer.beginTransaction();
      // a grant takes effect when appended: the triggers must be appended after it
      producer.send(serviceGrant(topics, root, service, granted)).get();
      producer.send(record(topics, trigger("gdpr-1", "model_m92", Instant.now()), service));
      producer.send(record(topics, trigger("gdpr-2", "model_forged", Instant.now()), forger));
      producer.commitTransaction();

      producer.beginTransaction();
      producer.send(record(topics, trigger("gdpr-3", "model_aborted", Instant.now()), service));
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

  /**
   * A committed trigger copied byte for byte onto the topic, and a copy the service's key signed
   * again, carry the trigger id of one already printed: each is reported on stderr as a replay and
   * never printed as a trigger, in text or JSON.
   */
  @Test
  void aRepeatedTriggerIdIsReportedAsAReplayAndPrintedOnce() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("replay") + ".");
    provision(topics);
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Path rootPub = dir.resolve("root.pub");
    Files.writeString(rootPub, KeyPairs.publicKeyPem(root.publicKey()));

    Instant granted = Instant.now();
    ProducerRecord<byte[], byte[]> original =
        record(topics, trigger("gdpr-7", "model_m92", Instant.now()), service);
    ProducerRecord<byte[], byte[]> resigned =
        record(topics, trigger("gdpr-7", "model_m92", Instant.now().plusMillis(1)), service);
    RecordMetadata first;
    RecordMetadata replay;
    RecordMetadata again;
    try (KafkaProducer<byte[], byte[]> producer = transactional()) {
      producer.initTransactions();
      producer.beginTransaction();
      // a grant takes effect when appended: the triggers must be appended after it
      producer.send(serviceGrant(topics, root, service, granted)).get();
      first = producer.send(original).get();
      producer.commitTransaction();

      // the same committed bytes, copied onto the topic by anyone who may write to it
      producer.beginTransaction();
      replay =
          producer
              .send(
                  new ProducerRecord<>(original.topic(), original.key(), original.value().clone()))
              .get();
      producer.commitTransaction();

      // the service's key signs a second trigger with the same id (say, a recomputed request)
      producer.beginTransaction();
      again = producer.send(resigned).get();
      producer.commitTransaction();
    }
    String at = topics.retrainingTriggers().name() + "-" + first.partition() + "@";

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = triggers(topics, rootPub, out, err);

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines().filter(l -> l.startsWith("trigger ")).count())
        .as(out.toString())
        .isEqualTo(1);
    assertThat(out.toString()).contains("DELETION gdpr-7").contains("1 trigger(s)");
    List<String> replays = err.toString().lines().filter(l -> l.contains("replay")).toList();
    assertThat(replays).as(err.toString()).hasSize(2);
    assertThat(replays.get(0))
        .contains(TRIGGER_ID)
        .contains(at + replay.offset())
        .contains("first seen at " + at + first.offset());
    assertThat(replays.get(1))
        .contains(TRIGGER_ID)
        .contains(at + again.offset())
        .contains("first seen at " + at + first.offset());

    StringWriter json = new StringWriter();
    StringWriter jsonErr = new StringWriter();
    assertThat(triggers(topics, rootPub, json, jsonErr, "--json")).isZero();
    assertThat(json.toString().lines().toList())
        .singleElement()
        .asString()
        .contains("\"triggerId\":\"" + TRIGGER_ID + "\"")
        .contains("\"offset\":" + first.offset());
    assertThat(jsonErr.toString().lines().filter(l -> l.contains("replay")).count()).isEqualTo(2);
  }

  private static int triggers(
      Topics topics, Path rootPub, StringWriter out, StringWriter err, String... more) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> args =
        new ArrayList<>(
            List.of(
                "triggers",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--trust-root",
                rootPub.toString()));
    args.addAll(List.of(more));
    return cli.execute(args.toArray(String[]::new));
  }

  private static void provision(Topics topics) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(30));
    }
  }

  /** The root's grant of IMPACT_SERVICE to {@code service}, signed and valid from {@code at}. */
  private static ProducerRecord<byte[], byte[]> serviceGrant(
      Topics topics, Signer root, Signer service, Instant at) {
    KeyGranted grant =
        Envelopes.grant(service.publicKey(), List.of(Role.IMPACT_SERVICE), at, null, at);
    byte[] value = AvroEnvelopes.sign(EventType.KEY_GRANTED, grant, root);
    return new ProducerRecord<>(
        topics.keys().name(),
        LineageClient.keysRecordKey(grant, AvroEnvelopes.digest(value))
            .getBytes(StandardCharsets.UTF_8),
        value);
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
        AvroEnvelopes.sign(EventType.RETRAINING_TRIGGERED, trigger, signer));
  }

  private static RetrainingTriggered trigger(String request, String modelName, Instant at) {
    return RetrainingTriggered.newBuilder()
        .setTriggerId(TRIGGER_ID)
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
            new RecordSet("sha256:" + "12".repeat(32), 3L, "cas:sha256:" + "12".repeat(32), true))
        .setSignedAt(at)
        .build();
  }
}
