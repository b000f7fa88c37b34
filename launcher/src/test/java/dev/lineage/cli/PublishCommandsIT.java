package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.cas.ContentStore;
import dev.lineage.cli.CliTest.Run;
import dev.lineage.hash.ContentHasher;
import dev.lineage.id.Digest;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.publish.TopicRecords;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The publishing commands end to end: command line in, signed records on a real broker out. */
class PublishCommandsIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @TempDir Path tmp;
  Topics topics;
  KeyPair producerKey;
  Path producerKeyFile;
  Path producerPubFile;

  @BeforeEach
  void provision() throws IOException {
    topics = TopicRecords.provision(KAFKA.bootstrapServers(), "cli");
    producerKey = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    producerKeyFile = tmp.resolve("producer.key");
    producerPubFile = tmp.resolve("producer.pub");
    KeyPairs.writePrivateKey(producerKey.getPrivate(), producerKeyFile);
    KeyPairs.writePublicKey(producerKey.getPublic(), producerPubFile);
  }

  String[] kafka(String... args) {
    String[] common = {
      "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", topics.prefix()
    };
    return PublishCommandsTest.append(args, common);
  }

  static ConsumerRecord<byte[], byte[]> onlyRecord(String topic) {
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(KAFKA.bootstrapServers(), topic, 1);
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  @Test
  void approvePublishesASignedDecisionKeyedByTheModelDigest() throws Exception {
    String model = "sha256:" + "ab".repeat(32);
    String manifest = "sha256:" + "cd".repeat(32);

    Run r =
        CliTest.run(
            new ApproveCommand(),
            kafka(
                "--key",
                producerKeyFile.toString(),
                "--model",
                model,
                "--manifest",
                manifest,
                "--decision",
                "rejected",
                "--comment",
                "calibration drifts on Q2 data"));

    assertThat(r.code()).as(r.err()).isZero();
    ConsumerRecord<byte[], byte[]> record = onlyRecord(topics.approvals().name());
    assertThat(r.out().lines().findFirst()).contains(model);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(model);
    DeploymentApproved event =
        TopicRecords.verifiedEvent(record, EventType.DEPLOYMENT_APPROVED, producerKey);
    assertThat(event.getModelDigest()).isEqualTo(model);
    assertThat(event.getManifestDigest()).isEqualTo(manifest);
    assertThat(event.getDecision()).isEqualTo(ApprovalDecision.REJECTED);
    assertThat(event.getComment()).isEqualTo("calibration drifts on Q2 data");
    assertThat(event.getSignedAt()).isNotNull();
  }

  @Test
  void emitArtifactHashesStoresSignsAndPublishesTheFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("features.parquet"), "transactions q1 features");
    Path cas = tmp.resolve("cas");
    Digest digest = ContentHasher.create().hash(file);

    Run r =
        CliTest.run(
            new EmitCommand(),
            kafka(
                "artifact",
                "--key",
                producerKeyFile.toString(),
                "--file",
                file.toString(),
                "--store",
                "--cas",
                cas.toString(),
                "--kind",
                "dataset",
                "--name",
                "features_v47",
                "--version",
                "47",
                "--record-count",
                "1250000",
                "--attribute",
                "team=fraud"));

    assertThat(r.code()).as(r.err()).isZero();
    ConsumerRecord<byte[], byte[]> record = onlyRecord(topics.artifacts().name());
    assertThat(r.out().lines())
        .containsExactly(
            digest.toString(),
            "published "
                + topics.artifacts().name()
                + "-"
                + record.partition()
                + "@"
                + record.offset()
                + " envelope "
                + AvroEnvelopes.digest(record.value()));
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(digest.toString());
    ArtifactRegistered event =
        TopicRecords.verifiedEvent(record, EventType.ARTIFACT_REGISTERED, producerKey);
    assertThat(event.getNodeId()).isEqualTo(digest.toString());
    assertThat(event.getKind()).isEqualTo(ArtifactKind.DATASET);
    assertThat(event.getName()).isEqualTo("features_v47");
    assertThat(event.getVersion()).isEqualTo("47");
    assertThat(event.getRecordCount()).isEqualTo(1_250_000L);
    assertThat(event.getSizeBytes()).isEqualTo(Files.size(file));
    assertThat(event.getAttributes()).isEqualTo(Map.of("team", "fraud"));
    assertThat(new ContentStore(cas).contains(digest)).isTrue();
  }

  @Test
  void emitRunPublishesTheRunWithTheCapturedHardware() throws Exception {
    String features = "sha256:" + "ab".repeat(32);
    String model = "sha256:" + "cd".repeat(32);

    Run r =
        CliTest.run(
            new EmitCommand(),
            kafka(
                "run",
                "--key",
                producerKeyFile.toString(),
                "--run-id",
                "run:training_j1829",
                "--process",
                "trainer",
                "--process-version",
                "1.4.0",
                "--input",
                features,
                "source:transactions_q1",
                "--output",
                model,
                "--started-at",
                "2025-03-01T09:00:00Z",
                "--ended-at",
                "2025-03-01T11:00:00+01:00"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("run:training_j1829\npublished " + topics.runs().name());
    RunCompleted event =
        TopicRecords.verifiedEvent(
            onlyRecord(topics.runs().name()), EventType.RUN_COMPLETED, producerKey);
    assertThat(event.getInputs()).containsExactly(features, "source:transactions_q1");
    assertThat(event.getOutputs()).containsExactly(model);
    assertThat(event.getStartedAt()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
    assertThat(event.getEndedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    assertThat(event.getEnvironment()).isEqualTo(HardwareFingerprint.capture().asEnvironment());
  }

  @Test
  void keysGrantThenRevokeRoundTrip() throws Exception {
    KeyPair admin = KeyPairs.generate(Algorithm.ED25519);
    Path adminKey = tmp.resolve("admin.key");
    KeyPairs.writePrivateKey(admin.getPrivate(), adminKey);
    String keyId = KeyPairs.keyId(producerKey.getPublic());

    Run grant =
        CliTest.run(
            new KeysCommand(),
            kafka(
                "grant",
                "--key",
                adminKey.toString(),
                "--pub",
                producerPubFile.toString(),
                "--role",
                "producer",
                "approver",
                "--valid-until",
                "2030-01-01T00:00:00Z"));
    Run revoke =
        CliTest.run(
            new KeysCommand(),
            kafka(
                "revoke",
                "--key",
                adminKey.toString(),
                "--pub",
                producerPubFile.toString(),
                "--from",
                "2026-01-01T00:00:00Z",
                "--reason",
                "rotated"));

    assertThat(grant.code()).as(grant.err()).isZero();
    assertThat(revoke.code()).as(revoke.err()).isZero();
    assertThat(grant.out()).startsWith(keyId + "\n");
    assertThat(revoke.out()).startsWith(keyId + "\n");
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(KAFKA.bootstrapServers(), topics.keys().name(), 2);
    assertThat(records).hasSize(2);
    KeyGranted granted = TopicRecords.verifiedEvent(records.get(0), EventType.KEY_GRANTED, admin);
    assertThat(granted.getKeyId()).isEqualTo(keyId);
    assertThat(granted.getRoles()).containsExactly(Role.PRODUCER, Role.APPROVER);
    assertThat(granted.getValidFrom()).isEqualTo(granted.getSignedAt());
    assertThat(granted.getValidUntil()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(granted.getPublicKeyPem()).isEqualTo(Files.readString(producerPubFile));
    KeyRevoked revoked = TopicRecords.verifiedEvent(records.get(1), EventType.KEY_REVOKED, admin);
    assertThat(revoked.getKeyId()).isEqualTo(keyId);
    assertThat(revoked.getRevokedFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(revoked.getReason()).isEqualTo("rotated");
    assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8))
        .startsWith(keyId + "/granted/sha256:");
    assertThat(new String(records.get(1).key(), StandardCharsets.UTF_8))
        .startsWith(keyId + "/revoked/sha256:");
  }
}
