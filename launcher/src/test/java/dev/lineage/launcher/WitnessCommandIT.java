package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lineage.http.ApiServer;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.streams.StreamsIt;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.note.CosignatureV1Signer;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.translog.LogHead;
import dev.lineage.translog.LogStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code lineage witness --once} against a running lineage-streams on a real broker: it cosigns the
 * log's checkpoint, writes the cosigned note where evidence bundles will take it, and on the next
 * run cosigns only a checkpoint consistent with the first.
 */
class WitnessCommandIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  @RegisterExtension final StreamsIt streams = new StreamsIt(KAFKA);

  @Test
  void cosignsTheLogsCheckpointsOverHttp() throws Exception {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    StreamsIt.Env env = streams.provision("witness", root.publicKey());
    Path dir = env.dir();
    KeyPair logKeys = KeyPairs.generate(Algorithm.ED25519);
    Path logKey = dir.resolve("log.key");
    KeyPairs.writePrivateKey(logKeys.getPrivate(), logKey);
    String origin = "lineage.test/" + env.name();
    NoteVerifier logVerifier =
        new Ed25519NoteSigner(origin, Ed25519KeyPair.fromJca(logKeys)).verifier();
    KeyPair witnessKeys = KeyPairs.generate(Algorithm.ED25519);
    Path witnessKey = dir.resolve("witness.key");
    KeyPairs.writePrivateKey(witnessKeys.getPrivate(), witnessKey);
    NoteVerifier witnessVerifier =
        new CosignatureV1Signer(
                "witness.test/w1", Ed25519KeyPair.fromJca(witnessKeys), Clock.systemUTC())
            .verifier();

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
    List<SeedScenario.SeedRecord> records = seed.records();
    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      for (SeedScenario.SeedRecord r : records.subList(0, 3)) {
        StreamsIt.send(out, r.target().topic(env.topics()), r.key(), r.value());
      }
    }
    awaitSize(app, 3);

    Path cosigned = dir.resolve("cosigned");
    String[] witness = {
      "witness",
      "--log",
      api.baseUrl(),
      "--log-key",
      logVerifier.vkey(),
      "--key",
      witnessKey.toString(),
      "--name",
      "witness.test/w1",
      "--state",
      dir.resolve("witness.state").toString(),
      "--out",
      cosigned.toString(),
      "--once"
    };
    assertThat(run(witness)).isZero();
    SignedNote first = SignedNote.parse(Files.readString(cosigned.resolve("3")));
    assertThat(Checkpoint.open(first, List.of(logVerifier)).checkpoint().size()).isEqualTo(3);
    assertThat(first.verify(List.of(witnessVerifier)).verified()).hasSize(1);

    try (KafkaProducer<byte[], byte[]> out = streams.producer()) {
      for (SeedScenario.SeedRecord r : records.subList(3, records.size())) {
        StreamsIt.send(out, r.target().topic(env.topics()), r.key(), r.value());
      }
    }
    awaitSize(app, records.size());
    assertThat(run(witness)).isZero();
    SignedNote second = SignedNote.parse(Files.readString(cosigned.resolve("latest")));
    assertThat(Checkpoint.open(second, List.of(logVerifier)).checkpoint().size())
        .isEqualTo(records.size());
    assertThat(second.verify(List.of(witnessVerifier)).verified()).hasSize(1);

    String[] wrongKey = witness.clone();
    wrongKey[4] = new Ed25519NoteSigner(origin, Ed25519KeyPair.generate()).verifier().vkey();
    StringWriter err = new StringWriter();
    assertThat(run(wrongKey, err)).isEqualTo(1);
    assertThat(err.toString()).contains("UNTRUSTED_SIGNATURE");
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

  private static int run(String[] args) {
    return run(args, new StringWriter());
  }

  private static int run(String[] args, StringWriter err) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
