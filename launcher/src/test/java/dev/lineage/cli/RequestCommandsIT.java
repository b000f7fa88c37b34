package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.cas.ContentStore;
import dev.lineage.cli.CliTest.Run;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.publish.TopicRecords;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.vault.RecordListVault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lineage delete}, {@code lineage bug-report} and {@code lineage invalidate} end to end on a
 * real broker.
 */
class RequestCommandsIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final List<String> RECORD_KEYS =
      List.of("cust-7f3a9e01", "cust-7f3a9e02", "cust-7f3a9e03");

  @TempDir Path tmp;
  Topics topics;
  KeyPair key;
  Path keyFile;

  @BeforeEach
  void provision() throws IOException {
    topics = TopicRecords.provision(KAFKA.bootstrapServers(), "requests");
    key = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    keyFile = tmp.resolve("gdpr.key");
    KeyPairs.writePrivateKey(key.getPrivate(), keyFile);
  }

  String[] kafka(String... args) {
    String[] common = {
      "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", topics.prefix()
    };
    return PublishCommandsTest.append(args, common);
  }

  /** Everything a consumer of the record sees: key, value and headers. */
  static byte[] everything(ConsumerRecord<byte[], byte[]> record) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(record.key());
    all.write(record.value());
    for (Header h : record.headers()) {
      all.write(h.key().getBytes(StandardCharsets.UTF_8));
      all.write(h.value());
    }
    return all.toByteArray();
  }

  static ConsumerRecord<byte[], byte[]> onlyRecord(String topic) {
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(KAFKA.bootstrapServers(), topic, 1);
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  @Test
  void deleteWithTheLegacyFlagKeepsTheListSaltedInTheCasAndPublishesOnlyDigestCountAndLocation()
      throws Exception {
    byte[] keyList = (String.join("\n", RECORD_KEYS) + "\n\n").getBytes(StandardCharsets.UTF_8);
    Path records = Files.write(tmp.resolve("erase.txt"), keyList);
    Path cas = tmp.resolve("cas");
    Digest unsalted = Sha256.of(keyList);

    Run r =
        CliTest.run(
            new DeleteCommand(),
            kafka(
                "--key",
                keyFile.toString(),
                "--subject",
                "source:transactions_q1",
                "--records",
                records.toString(),
                "--cas",
                cas.toString(),
                "--legacy-cas",
                "--reason",
                "GDPR Art. 17, ticket DPO-1234",
                "--deadline",
                "2025-04-01T00:00:00Z"));

    assertThat(r.code()).as(r.err()).isZero();
    ConsumerRecord<byte[], byte[]> record = onlyRecord(topics.deletionRequests().name());
    String requestId = new String(record.key(), StandardCharsets.UTF_8);
    assertThat(requestId)
        .matches("del-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    DeletionRequested event = TopicRecords.verifiedEvent(record, EventType.DELETION_REQUESTED, key);
    Digest digest = Digest.parse(event.getRecordSet().getDigest());
    assertThat(r.out().lines())
        .containsExactly(
            requestId,
            "records " + digest + " count 3 location cas:" + digest,
            "published "
                + topics.deletionRequests().name()
                + "-"
                + record.partition()
                + "@"
                + record.offset()
                + " envelope "
                + AvroEnvelopes.digest(record.value()));
    assertThat(event.getRequestId()).isEqualTo(requestId);
    assertThat(event.getSubject()).isEqualTo("source:transactions_q1");
    assertThat(event.getRecordSet().getSalted()).isTrue();
    assertThat(event.getRecordSet().getCount()).isEqualTo(3);
    assertThat(event.getRecordSet().getLocation()).isEqualTo("cas:" + digest);
    assertThat(event.getReason()).isEqualTo("GDPR Art. 17, ticket DPO-1234");
    assertThat(event.getDeadline()).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
    assertThat(event.getSignedAt()).isNotNull();

    // the local store keeps the salted object: a salt line, then the list; its digest is the one
    // published, and the bare list's digest (what a guesser could compute) appears nowhere
    byte[] kept = new ContentStore(cas).readBytes(digest);
    String header = new String(kept, 0, kept.length - keyList.length, StandardCharsets.US_ASCII);
    assertThat(header).matches("#lineage-record-set v1 salt=[0-9a-f]{64}\n");
    assertThat(Arrays.copyOfRange(kept, header.length(), kept.length)).isEqualTo(keyList);
    assertThat(Sha256.of(kept)).isEqualTo(digest);
    assertThat(digest).isNotEqualTo(unsalted);
    String published = new String(everything(record), StandardCharsets.ISO_8859_1);
    String printed = r.out() + r.err();
    assertThat(published).doesNotContain(unsalted.hex()).doesNotContain(header.trim());
    assertThat(printed).doesNotContain(unsalted.hex());
    for (String recordKey : RECORD_KEYS) {
      assertThat(published).doesNotContain(recordKey);
      assertThat(printed).doesNotContain(recordKey);
    }
  }

  @Test
  void deleteKeepsTheListEncryptedInTheVaultBesideTheCasByDefaultAndNothingInTheCas()
      throws Exception {
    byte[] keyList = (String.join("\n", RECORD_KEYS) + "\n").getBytes(StandardCharsets.UTF_8);
    Path records = Files.write(tmp.resolve("erase.txt"), keyList);
    Path cas = tmp.resolve("cas");
    Path vault = tmp.resolve("vault");

    Run r =
        CliTest.run(
            new DeleteCommand(),
            kafka(
                "--key",
                keyFile.toString(),
                "--subject",
                "source:transactions_q1",
                "--records",
                records.toString(),
                "--cas",
                cas.toString(),
                "--request-id",
                "gdpr-vault-1"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "the salted list is kept encrypted in the vault " + vault.toAbsolutePath().normalize());
    DeletionRequested event =
        TopicRecords.verifiedEvent(
            onlyRecord(topics.deletionRequests().name()), EventType.DELETION_REQUESTED, key);
    assertThat(event.getRecordSet().getLocation()).isEqualTo("vault:gdpr-vault-1");
    RecordListVault kept = RecordListVault.at(vault, java.time.Clock.systemUTC());
    assertThat(kept.find("gdpr-vault-1").orElseThrow().digest().toString())
        .isEqualTo(event.getRecordSet().getDigest());
    assertThat(kept.recordKeys("gdpr-vault-1")).containsExactlyElementsOf(RECORD_KEYS);
    // encrypted on disk, and never in the CAS
    try (java.util.stream.Stream<Path> files = Files.walk(tmp)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.equals(records)) {
          continue;
        }
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String recordKey : RECORD_KEYS) {
          assertThat(text).as(f.toString()).doesNotContain(recordKey);
        }
      }
    }
    assertThat(Files.exists(cas) && Files.list(cas).findAny().isPresent()).isFalse();
  }

  @Test
  void deleteWithTheLegacyFlagAndAnExternalLocationKeepsTheSaltedListInTheCasToCopyThere()
      throws Exception {
    Path records = Files.writeString(tmp.resolve("erase.txt"), String.join("\r\n", RECORD_KEYS));
    Path cas = tmp.resolve("requester-cas");

    Run r =
        CliTest.run(
            new DeleteCommand(),
            kafka(
                "--key",
                keyFile.toString(),
                "--subject",
                "sha256:" + "ab".repeat(32),
                "--records",
                records.toString(),
                "--cas",
                cas.toString(),
                "--request-id",
                "gdpr-2025-0042",
                "--legacy-cas",
                "--location",
                "s3://gdpr-vault/gdpr-2025-0042.txt"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("gdpr-2025-0042\n");
    ConsumerRecord<byte[], byte[]> record = onlyRecord(topics.deletionRequests().name());
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("gdpr-2025-0042");
    DeletionRequested event = TopicRecords.verifiedEvent(record, EventType.DELETION_REQUESTED, key);
    assertThat(event.getRecordSet().getLocation()).isEqualTo("s3://gdpr-vault/gdpr-2025-0042.txt");
    assertThat(event.getRecordSet().getCount()).isEqualTo(3);
    Digest digest = Digest.parse(event.getRecordSet().getDigest());
    assertThat(digest).isNotEqualTo(Sha256.ofFile(records));
    assertThat(new ContentStore(cas).contains(digest)).isTrue();
    assertThat(r.out())
        .contains(
            "the salted list is kept in the local CAS as "
                + digest
                + ": copy it to s3://gdpr-vault/gdpr-2025-0042.txt");
    assertThat(event.getReason()).isNull();
    String published = new String(everything(record), StandardCharsets.ISO_8859_1);
    RECORD_KEYS.forEach(k -> assertThat(published).doesNotContain(k));
  }

  @Test
  void bugReportPublishesTheProcessVersionsAndWindow() throws Exception {
    Run r =
        CliTest.run(
            new BugReportCommand(),
            kafka(
                "--key",
                keyFile.toString(),
                "--process",
                "fraud_signal_extractor",
                "--min-version",
                "2.3",
                "--max-version",
                "2.10",
                "--from",
                "2025-01-01T00:00:00Z",
                "--to",
                "2025-04-01T02:00:00+02:00",
                "--description",
                "amount feature read the wrong currency column",
                "--report-id",
                "bug-2025-017"));

    assertThat(r.code()).as(r.err()).isZero();
    ConsumerRecord<byte[], byte[]> record = onlyRecord(topics.bugReports().name());
    assertThat(r.out()).startsWith("bug-2025-017\npublished " + topics.bugReports().name());
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("bug-2025-017");
    BugReported event = TopicRecords.verifiedEvent(record, EventType.BUG_REPORTED, key);
    assertThat(event.getReportId()).isEqualTo("bug-2025-017");
    assertThat(event.getProcessName()).isEqualTo("fraud_signal_extractor");
    assertThat(event.getMinVersion()).isEqualTo("2.3");
    assertThat(event.getMaxVersion()).isEqualTo("2.10");
    assertThat(event.getWindowStart()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(event.getWindowEnd()).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
    assertThat(event.getDescription()).isEqualTo("amount feature read the wrong currency column");
  }

  @Test
  void invalidatePublishesTheSignedWithdrawalOfAPredictionKeyedByTheRequest() throws Exception {
    String scores = "sha256:" + "5e".repeat(32);
    Run r =
        CliTest.run(
            new InvalidateCommand(),
            kafka(
                "--key",
                keyFile.toString(),
                "--request",
                "bug-2025-017",
                "--prediction",
                scores,
                "--reason",
                "scores of extractor 2.3-2.10 withdrawn; consumers told"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("bug-2025-017\npublished " + topics.obligations().name());
    ConsumerRecord<byte[], byte[]> record = onlyRecord(topics.obligations().name());
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("bug-2025-017");
    dev.lineage.avro.PredictionInvalidated event =
        TopicRecords.verifiedEvent(record, EventType.PREDICTION_INVALIDATED, key);
    assertThat(event.getPredictionId()).isEqualTo(scores);
    assertThat(event.getReason())
        .isEqualTo("scores of extractor 2.3-2.10 withdrawn; consumers told");
    // a prediction that is not a digest is refused before anything is sent
    Run bad =
        CliTest.run(
            new InvalidateCommand(),
            kafka(
                "--key",
                keyFile.toString(),
                "--request",
                "bug-2025-017",
                "--prediction",
                "name:scores",
                "--reason",
                "withdrawn"));
    assertThat(bad.code()).isNotZero();
  }
}
