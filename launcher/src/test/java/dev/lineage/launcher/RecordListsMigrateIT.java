package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.ErasedObjectException;
import dev.lineage.id.Digest;
import dev.lineage.publish.LineageClient;
import dev.lineage.publish.RecordList;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import dev.lineage.vault.RecordListVault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
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
 * {@code lineage record-lists migrate} on a real broker: a list {@code lineage delete --legacy-cas}
 * kept in the CAS moves into the vault (readable there, tombstoned in the CAS), a list no verified
 * deletion request names stays and is reported (exit 1), other objects are left alone, and running
 * it again changes nothing.
 */
class RecordListsMigrateIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @TempDir Path dir;

  @Test
  void movesTheListsOfVerifiedRequestsIntoTheVaultAndReportsTheOthers() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("migrate") + ".");
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(30));
    }
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    KeyPair gdpr = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    Path rootPub = dir.resolve("root.pub");
    Files.writeString(rootPub, KeyPairs.publicKeyPem(root.publicKey()));
    Path gdprKey = dir.resolve("gdpr.key");
    KeyPairs.writePrivateKey(gdpr.getPrivate(), gdprKey);
    Instant now = Instant.now();
    KeyGranted grant =
        Envelopes.grant(gdpr.getPublic(), List.of(Role.GDPR_REQUESTER), now, null, now);
    byte[] grantValue = AvroEnvelopes.sign(EventType.KEY_GRANTED, grant, root);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.keys().name(),
                  LineageClient.keysRecordKey(grant, AvroEnvelopes.digest(grantValue))
                      .getBytes(StandardCharsets.UTF_8),
                  grantValue))
          .get();
    }

    Path cas = dir.resolve("cas");
    Path vault = dir.resolve("vault");
    Path records = Files.writeString(dir.resolve("keys.txt"), "cust-91a\ncust-91b\n");
    Run deleted =
        run(
            "delete",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--topic-prefix",
            topics.prefix(),
            "--key",
            gdprKey.toString(),
            "--subject",
            "source:transactions_q1",
            "--records",
            records.toString(),
            "--cas",
            cas.toString(),
            "--legacy-cas",
            "--request-id",
            "gdpr-legacy-1");
    assertThat(deleted.code()).as(deleted.err()).isZero();
    ContentStore store = new ContentStore(cas);
    Digest legacy = Digest.parse(deleted.out().lines().toList().get(1).split(" ")[1]);
    assertThat(store.contains(legacy)).isTrue();
    // a list nobody's request names, and an object that is no list
    Path orphanFile = dir.resolve("orphan.salted");
    RecordList.salt(
        Files.writeString(dir.resolve("orphan.txt"), "cust-77\n"), orphanFile, new SecureRandom());
    Digest orphan = store.put(orphanFile);
    Digest other = store.put(Files.writeString(dir.resolve("model.bin"), "weights"));

    String[] migrate = {
      "record-lists",
      "migrate",
      "--cas",
      cas.toString(),
      "--vault",
      vault.toString(),
      "--bootstrap-servers",
      KAFKA.bootstrapServers(),
      "--topic-prefix",
      topics.prefix(),
      "--trust-root",
      rootPub.toString()
    };
    Run first = run(migrate);

    assertThat(first.code()).isEqualTo(1);
    assertThat(first.out())
        .contains(legacy + "  MOVED  request gdpr-legacy-1")
        .contains(orphan + "  UNMATCHED");
    assertThat(first.err()).contains("1 record list(s) left in the store");
    RecordListVault kept = RecordListVault.at(vault, Clock.systemUTC());
    assertThat(kept.find("gdpr-legacy-1").orElseThrow().digest()).isEqualTo(legacy);
    assertThat(kept.recordKeys("gdpr-legacy-1")).containsExactly("cust-91a", "cust-91b");
    assertThatThrownBy(() -> store.readBytes(legacy))
        .isInstanceOf(ErasedObjectException.class)
        .hasMessageContaining("gdpr-legacy-1");
    assertThat(store.readBytes(orphan)).isNotEmpty();
    assertThat(store.readBytes(other)).isEqualTo("weights".getBytes(StandardCharsets.UTF_8));

    Run again = run(migrate);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.out()).doesNotContain("MOVED").contains(orphan + "  UNMATCHED");
    assertThat(kept.recordKeys("gdpr-legacy-1")).containsExactly("cust-91a", "cust-91b");
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
