package dev.lineage.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LineageClientIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final String FEATURES = "sha256:" + "ab".repeat(32);
  static final String MODEL = "sha256:" + "cd".repeat(32);

  Topics topics;

  /** Topics of its own per test: the broker is shared by every IT of the JVM. */
  @BeforeEach
  void provision() {
    topics = TopicRecords.provision(KAFKA.bootstrapServers(), "publish");
  }

  LineageClient client(Signer signer) {
    return LineageClient.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .topics(topics)
        .signer(signer)
        .build();
  }

  static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  @Test
  void artifactAndRunEventsArriveSignedAndDecodeToWhatWasSent() throws Exception {
    KeyPair producerKey = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    ArtifactRegistered features =
        Events.artifact(FEATURES, ArtifactKind.DATASET, "features_v47")
            .version("47")
            .recordCount(1_250_000L)
            .attribute("team", "fraud")
            .build();
    RunCompleted run =
        Events.run("run:training_j1829", "trainer", "1.4.0")
            .input(FEATURES)
            .output(MODEL)
            .startedAt(Instant.parse("2025-03-01T09:00:00Z"))
            .endedAt(Instant.parse("2025-03-01T10:00:00Z"))
            .environment(Map.of("arch", "amd64"))
            .build();

    PublishResult<ArtifactRegistered> artifactResult;
    PublishResult<RunCompleted> runResult;
    try (LineageClient client = client(new Signer(producerKey))) {
      artifactResult = client.registerArtifact(features).get(30, TimeUnit.SECONDS);
      runResult = client.completeRun(run).get(30, TimeUnit.SECONDS);
    }

    List<ConsumerRecord<byte[], byte[]>> artifacts =
        TopicRecords.readAll(KAFKA.bootstrapServers(), topics.artifacts().name(), 1);
    assertThat(artifacts).hasSize(1);
    ConsumerRecord<byte[], byte[]> a = artifacts.get(0);
    assertThat(key(a)).isEqualTo(FEATURES);
    assertThat(a.partition()).isEqualTo(artifactResult.partition());
    assertThat(a.offset()).isEqualTo(artifactResult.offset());
    assertThat(AvroEnvelopes.digest(a.value())).isEqualTo(artifactResult.envelopeDigest());
    ArtifactRegistered decodedArtifact =
        TopicRecords.verifiedEvent(a, EventType.ARTIFACT_REGISTERED, producerKey);
    assertThat(decodedArtifact).isEqualTo(artifactResult.event());
    features.setSignedAt(decodedArtifact.getSignedAt());
    assertThat(decodedArtifact).isEqualTo(features);

    List<ConsumerRecord<byte[], byte[]>> runs =
        TopicRecords.readAll(KAFKA.bootstrapServers(), topics.runs().name(), 1);
    assertThat(runs).hasSize(1);
    ConsumerRecord<byte[], byte[]> r = runs.get(0);
    assertThat(key(r)).isEqualTo("run:training_j1829");
    RunCompleted decodedRun = TopicRecords.verifiedEvent(r, EventType.RUN_COMPLETED, producerKey);
    assertThat(decodedRun).isEqualTo(runResult.event());
    run.setSignedAt(decodedRun.getSignedAt());
    assertThat(decodedRun).isEqualTo(run);
  }

  @Test
  void aGrantAndItsRevocationAreTwoRecordsUnderDistinctKeysOfTheSameKeyId() throws Exception {
    KeyPair admin = KeyPairs.generate(Algorithm.ED25519);
    KeyPair producerKey = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    String keyId = KeyPairs.keyId(producerKey.getPublic());

    PublishResult<KeyGranted> grant;
    PublishResult<KeyRevoked> revocation;
    try (LineageClient client = client(new Signer(admin))) {
      grant =
          client
              .grantKey(Events.keyGrant(producerKey.getPublic(), List.of(Role.PRODUCER)).build())
              .get(30, TimeUnit.SECONDS);
      revocation =
          client
              .revokeKey(Events.keyRevocation(keyId).reason("rotated").build())
              .get(30, TimeUnit.SECONDS);
    }

    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(KAFKA.bootstrapServers(), topics.keys().name(), 2);
    assertThat(records).hasSize(2);
    assertThat(records).extracting(LineageClientIT::key).doesNotHaveDuplicates();
    assertThat(records).allSatisfy(rec -> assertThat(key(rec)).startsWith(keyId + "/"));
    assertThat(TopicRecords.verifiedEvent(records.get(0), EventType.KEY_GRANTED, admin))
        .isEqualTo(grant.event());
    assertThat(TopicRecords.verifiedEvent(records.get(1), EventType.KEY_REVOKED, admin))
        .isEqualTo(revocation.event());
    assertThat(grant.event().getRoles()).containsExactly(Role.PRODUCER);
    assertThat(revocation.event().getReason()).isEqualTo("rotated");
  }
}
