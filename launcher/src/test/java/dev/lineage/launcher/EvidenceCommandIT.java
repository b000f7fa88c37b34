package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.Role;
import dev.lineage.evidence.EvidenceBundle;
import dev.lineage.http.ApiServer;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.streams.StreamsIt;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.tlog.note.CosignatureV1Signer;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.translog.LogHead;
import dev.lineage.translog.LogStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code lineage evidence} and {@code lineage verify-evidence} end to end on a real broker: the
 * seed's {@code model_m92}, approved by a key of its own, logged by lineage-streams and cosigned by
 * two witnesses; the bundle verifies offline with 2 of 2 witnesses, and is refused under a foreign
 * log key or when a third, absent witness is required.
 */
class EvidenceCommandIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  @RegisterExtension final StreamsIt streams = new StreamsIt(KAFKA);

  @Test
  void theSeedModelsBundleIsCollectedAndVerifiesOffline() throws Exception {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer approver = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    StreamsIt.Env env = streams.provision("evidence", root.publicKey());
    Path dir = env.dir();
    KeyPair logKeys = KeyPairs.generate(Algorithm.ED25519);
    Path logKey = dir.resolve("log.key");
    KeyPairs.writePrivateKey(logKeys.getPrivate(), logKey);
    String origin = "lineage.test/" + env.name();
    String logVkey =
        new Ed25519NoteSigner(origin, Ed25519KeyPair.fromJca(logKeys)).verifier().vkey();

    ApiServer api = streams.closedAfterTest(ApiServer.bind("127.0.0.1", 0));
    LineageStreamsApp app =
        streams.closedAfterTest(
            new LineageStreamsApp(
                env.settings()
                    .with(StreamsSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port())
                    .with(StreamsSettings.LOG_KEY, logKey)
                    .with(StreamsSettings.LOG_ORIGIN, origin)));
    app.mountHttp(api);
    api.start();
    app.start();

    SeedScenario seed =
        SeedScenario.create(dir.resolve("files"), root, producer, Clock.systemUTC());
    Instant now = Instant.now();
    List<byte[]> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      for (SeedScenario.SeedRecord r : seed.records()) {
        StreamsIt.send(out, r.target().topic(env.topics()), r.key(), r.value());
        sent.add(r.value());
      }
      byte[] grant =
          AvroEnvelopes.sign(
              EventType.KEY_GRANTED,
              Envelopes.grant(approver.publicKey(), List.of(Role.APPROVER), now, null, now),
              root);
      StreamsIt.send(out, env.topics().keys().name(), approver.keyId() + "/granted", grant);
      byte[] approval =
          AvroEnvelopes.sign(
              EventType.DEPLOYMENT_APPROVED,
              DeploymentApproved.newBuilder()
                  .setModelDigest(seed.model())
                  .setManifestDigest(seed.manifest())
                  .setDecision(ApprovalDecision.APPROVED)
                  .setSignedAt(Instant.now())
                  .build(),
              approver);
      StreamsIt.send(out, env.topics().approvals().name(), seed.model(), approval);
      sent.add(grant);
      sent.add(approval);
    }
    awaitSize(app, sent.size());

    List<String> witnessKeys = new ArrayList<>();
    List<String> cosigned = new ArrayList<>();
    for (String w : List.of("w1", "w2")) {
      KeyPair keys = KeyPairs.generate(Algorithm.ED25519);
      Path key = dir.resolve(w + ".key");
      KeyPairs.writePrivateKey(keys.getPrivate(), key);
      String name = "witness.test/" + w;
      witnessKeys.add(
          new CosignatureV1Signer(name, Ed25519KeyPair.fromJca(keys), Clock.systemUTC())
              .verifier()
              .vkey());
      StringWriter out = new StringWriter();
      assertThat(
              run(
                  out,
                  new StringWriter(),
                  "witness",
                  "--log",
                  api.baseUrl(),
                  "--log-key",
                  logVkey,
                  "--key",
                  key.toString(),
                  "--name",
                  name,
                  "--state",
                  dir.resolve(w + ".state").toString(),
                  "--out",
                  dir.resolve(w).toString(),
                  "--once"))
          .isZero();
      assertThat(out.toString())
          .contains("witness: key " + witnessKeys.get(witnessKeys.size() - 1));
      cosigned.add(dir.resolve(w).resolve("latest").toString());
    }

    Path bundleFile = dir.resolve("model_m92.evidence.json");
    StringWriter collected = new StringWriter();
    StringWriter collectErr = new StringWriter();
    assertThat(
            run(
                collected,
                collectErr,
                "evidence",
                "--model",
                seed.model(),
                "--out",
                bundleFile.toString(),
                "--http",
                api.baseUrl(),
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic-prefix",
                env.topics().prefix(),
                "--cas",
                seed.cas().toString(),
                "--cosigned",
                cosigned.get(0),
                "--cosigned",
                cosigned.get(1)))
        .as(collectErr.toString())
        .isZero();
    EvidenceBundle bundle = EvidenceBundle.fromJson(Files.readAllBytes(bundleFile));
    assertThat(bundle.entries()).hasSize(sent.size());
    assertThat(bundle.manifests()).hasSize(1);
    assertThat(collected.toString()).contains("against checkpoint size " + sent.size());

    StringWriter verified = new StringWriter();
    StringWriter verifyErr = new StringWriter();
    assertThat(
            run(
                verified,
                verifyErr,
                "verify-evidence",
                bundleFile.toString(),
                "--log-key",
                logVkey,
                "--trust-root",
                env.rootPem().toString(),
                "--witness",
                witnessKeys.get(0),
                "--witness",
                witnessKeys.get(1)))
        .as(verifyErr.toString())
        .isZero();
    assertThat(verified.toString())
        .contains("verify-evidence: OK " + seed.model())
        .contains("size " + sent.size())
        .contains("witness.test/w1")
        .contains("witness.test/w2")
        .contains("produced by " + SeedScenario.TRAINING_RUN)
        .contains("deployment: approved");

    StringWriter foreignErr = new StringWriter();
    String foreign = new Ed25519NoteSigner(origin, Ed25519KeyPair.generate()).verifier().vkey();
    assertThat(
            run(
                new StringWriter(),
                foreignErr,
                "verify-evidence",
                bundleFile.toString(),
                "--log-key",
                foreign,
                "--trust-root",
                env.rootPem().toString()))
        .isEqualTo(1);
    assertThat(foreignErr.toString())
        .contains("checkpoint: not a checkpoint signed by the log key");

    String absent =
        new CosignatureV1Signer("witness.test/w3", Ed25519KeyPair.generate(), Clock.systemUTC())
            .verifier()
            .vkey();
    StringWriter quorumErr = new StringWriter();
    assertThat(
            run(
                new StringWriter(),
                quorumErr,
                "verify-evidence",
                bundleFile.toString(),
                "--log-key",
                logVkey,
                "--trust-root",
                env.rootPem().toString(),
                "--witness",
                witnessKeys.get(0),
                "--witness",
                witnessKeys.get(1),
                "--witness",
                absent,
                "--witnesses-required",
                "3"))
        .isEqualTo(1);
    assertThat(quorumErr.toString()).contains("2 of the 3 known witnesses cosigned");
  }

  private static void awaitSize(LineageStreamsApp app, long size) {
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(
            () -> {
              LogHead head = app.<LogHead>keyValueStore(LogStores.HEAD).get(LogStores.HEAD_KEY);
              return head != null && head.size() == size;
            });
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
