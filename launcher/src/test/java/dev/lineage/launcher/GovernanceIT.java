package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiServer;
import dev.lineage.publish.Events;
import dev.lineage.publish.LineageClient;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.streams.StreamsIt;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The governance loop on a real broker and a running lineage-streams: a pipeline publishes two
 * models, a reviewer approves one with {@code lineage approve}, and {@code lineage
 * verify-deployment} lets that exact digest ship and refuses the other.
 */
class GovernanceIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String FEATURES = "sha256:" + "f".repeat(64);
  private static final String MODEL_A = "sha256:" + "a".repeat(64);
  private static final String MODEL_B = "sha256:" + "b".repeat(64);
  private static final String MANIFEST_A = "sha256:" + "1".repeat(64);
  private static final String MANIFEST_B = "sha256:" + "2".repeat(64);

  @RegisterExtension final StreamsIt running = new StreamsIt(KAFKA);

  record Run(int code, String out, String err) {}

  @Test
  void approveThenVerifyDeploymentShipsOnlyTheReviewedDigest() throws Exception {
    String name = KafkaBroker.uniqueName("gov");
    Topics topics = Topics.withPrefix(name + ".");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, topics, (short) 1, Duration.ofSeconds(60));
    }
    Path dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    KeyPair approverKeys = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    Signer approver = new Signer(approverKeys);
    Path rootPem = dir.resolve("root.pub");
    KeyPairs.writePublicKey(root.publicKey(), rootPem);
    Path approverKey = dir.resolve("approver.key");
    KeyPairs.writePrivateKey(approverKeys.getPrivate(), approverKey);

    ApiServer api = ApiServer.bind("127.0.0.1", 0);
    running.closedAfterTest(api::close);
    LineageStreamsApp app =
        new LineageStreamsApp(
            StreamsIt.settings(
                    KAFKA.bootstrapServers(), rootPem, topics, name, dir.resolve("state"))
                .with(StreamsSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port()));
    running.closedAfterTest(app);
    app.mountHttp(api);
    api.start();
    app.start();
    app.awaitRunning(WAIT);

    try (LineageClient admin = client(topics, root)) {
      admin.grantKey(Events.keyGrant(producer.publicKey(), List.of(Role.PRODUCER)).build()).get();
      admin.grantKey(Events.keyGrant(approver.publicKey(), List.of(Role.APPROVER)).build()).get();
    }
    awaitKey(api, producer.keyId());
    awaitKey(api, approver.keyId());

    Instant now = Instant.now();
    try (LineageClient pipeline = client(topics, producer)) {
      for (String[] m :
          new String[][] {
            {MODEL_A, MANIFEST_A, "run:train_a"}, {MODEL_B, MANIFEST_B, "run:train_b"}
          }) {
        pipeline
            .registerArtifact(Events.artifact(m[0], ArtifactKind.MODEL, "model_m92").build())
            .get();
        pipeline
            .completeRun(
                Events.run(m[2], "train", "1.0")
                    .input(FEATURES)
                    .output(m[0])
                    .manifestDigest(dev.lineage.id.Digest.parse(m[1]))
                    .startedAt(now.minusSeconds(60))
                    .endedAt(now)
                    .build())
            .get();
      }
    }

    Run approve =
        lineage(
            "approve",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--topic-prefix",
            topics.prefix(),
            "--key",
            approverKey.toString(),
            "--model",
            MODEL_A,
            "--manifest",
            MANIFEST_A,
            "--comment",
            "reviewed by the model risk board");
    assertThat(approve.code()).as(approve.err()).isZero();

    Run shipped =
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(300))
            .until(
                () -> lineage("verify-deployment", "--http", api.baseUrl(), "--model", MODEL_A),
                r -> r.code() == 0);
    assertThat(shipped.out()).startsWith(MODEL_A + ": APPROVED").contains(approver.keyId());

    Run swapped = lineage("verify-deployment", "--http", api.baseUrl(), "--model", MODEL_B);
    assertThat(swapped.code()).isEqualTo(1);
    assertThat(swapped.out()).contains("NOT APPROVED").contains("no-approval");

    Run json =
        lineage(
            "verify-deployment", "--http", api.baseUrl(), "--model", "name:model_m92", "--json");
    assertThat(json.out()).contains("\"approved\"");
  }

  private static LineageClient client(Topics topics, Signer signer) {
    return LineageClient.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .topics(topics)
        .signer(signer)
        .build();
  }

  /** A key is used only once the keyring knows its grant (README: grant, then use). */
  private static void awaitKey(ApiServer api, String keyId) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(WAIT)
        .pollInterval(200, TimeUnit.MILLISECONDS)
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/keys/" + keyId))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }

  private static Run lineage(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
