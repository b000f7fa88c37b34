package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.api.Folded;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiServer;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read after write (issue 18's chaos finding): a deletion request appended after the model it
 * affects must be decided on a graph that holds the model, even while lineage-streams' fold lags
 * behind its HTTP answers. The lag is real: lineage-streams' Kafka Streams is paused ({@code
 * KafkaStreams.pause()}: still RUNNING and answering queries from its stores, folding nothing)
 * while the model, its training run and the request are appended back to back. Without the barrier
 * impact-service walked the stale graph and closed the request COMPLETE with no trigger.
 */
class ReadAfterWriteIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final String SOURCE = "source:raw_src";
  private static final String MODEL = "sha256:" + "7c".repeat(32);

  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void aRequestAppendedAfterItsModelWaitsForTheFoldAndTriggersIt() throws Exception {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    String name = KafkaBroker.uniqueName("raw");
    Topics topics = Topics.withPrefix(name + ".");
    ItKit kit = new ItKit(KAFKA.bootstrapServers());
    kit.provision(topics);
    Path dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    Path rootPem = dir.resolve("root.pub");
    KeyPairs.writePublicKey(root.publicKey(), rootPem);
    kit.send(topics.keys().name(), "producer", Fixtures.grantNow(root, producer, Role.PRODUCER));
    kit.send(topics.keys().name(), "gdpr", Fixtures.grantNow(root, gdpr, Role.GDPR_REQUESTER));

    ApiServer api = ApiServer.bind("127.0.0.1", 0);
    running.add(api);
    LineageStreamsApp lineage =
        kit.lineageStreams(name, rootPem, topics, dir.resolve("lineage-state"), api);
    ImpactServiceApp impact =
        new ImpactServiceApp(
            ImpactSettings.defaults(TrustAnchors.of(List.of(root.publicKey())))
                .with(ImpactSettings.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers())
                .with(ImpactSettings.TOPIC_PREFIX, topics.prefix())
                .with(ImpactSettings.APPLICATION_ID, "impact-" + name)
                .with(ImpactSettings.STATE_DIR, dir.resolve("impact-state"))
                .with(ImpactSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port())
                .with(ImpactSettings.LINEAGE_HTTP, List.of(URI.create(api.baseUrl())))
                .with(ImpactSettings.SERVICE_KEY, service)
                .with(ImpactSettings.ADMIN_KEY, root)
                .withOverrides(Map.of("commit.interval.ms", "100", "num.stream.threads", "1")));
    impact.mountHttp(api);
    api.start();
    lineage.start();
    running.add(lineage);
    impact.start();
    running.add(impact);
    lineage.awaitRunning(ItKit.WAIT);
    impact.awaitRunning(ItKit.WAIT);

    kit.send(
        topics.artifacts().name(),
        SOURCE,
        ItKit.artifact(SOURCE, ArtifactKind.SOURCE, "raw_src", 1_000L, producer));
    await()
        .atMost(ItKit.WAIT)
        .ignoreExceptions()
        .until(
            () ->
                ItKit.get(api.baseUrl() + "/v1/nodes/" + SOURCE).path("httpStatus").asInt() == 200);
    LineageApiClient client = LineageApiClient.builder(URI.create(api.baseUrl())).build();
    // everything appended so far is folded: the barrier is met for now (once the group commits)
    long beforePause = System.currentTimeMillis();
    await().atMost(ItKit.WAIT).until(() -> client.folded(beforePause).met());

    // the fold stops; the instance still answers from its stores
    lineage.streams().pause();
    kit.send(
        topics.runs().name(),
        "run:raw_train",
        ItKit.run("run:raw_train", "train", List.of(SOURCE), List.of(MODEL), producer));
    kit.send(
        topics.artifacts().name(),
        MODEL,
        ItKit.artifact(MODEL, ArtifactKind.MODEL, "raw_model", null, producer));
    kit.send(topics.deletionRequests().name(), "raw-1", ItKit.deletion("raw-1", SOURCE, 10, gdpr));

    // the stale graph answers, but the barrier is not met: the request waits, it is not decided
    assertThat(ItKit.get(api.baseUrl() + "/v1/nodes/" + MODEL).path("httpStatus").asInt())
        .isEqualTo(404);
    long now = System.currentTimeMillis();
    Folded paused = client.folded(now);
    assertThat(paused.met()).isFalse();
    assertThat(paused.stage()).isZero();
    assertThat(paused.behind()).isNotEmpty();
    // without the barrier the request was decided here: COMPLETE, no trigger
    JsonNode waiting =
        await()
            .atMost(ItKit.WAIT)
            .ignoreExceptions()
            .until(
                () -> status().apply(api),
                s ->
                    s.path("detail").asText().contains("folded")
                        || s.path("status").asText().equals("COMPLETE"));
    assertThat(waiting.path("status").asText()).isEqualTo("PENDING");
    assertThat(waiting.path("detail").asText()).contains("folded");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> status().apply(api).path("status").asText().equals("PENDING"));
    assertThat(client.folded(now).met()).isFalse();

    lineage.streams().resume();
    JsonNode done =
        await()
            .atMost(ItKit.WAIT)
            .ignoreExceptions()
            .until(() -> status().apply(api), s -> s.path("status").asText().equals("COMPLETE"));
    assertThat(done.path("triggers").asInt()).isEqualTo(1);
    assertThat(done.path("models").get(0).asText()).isEqualTo(MODEL);
    assertThat(done.path("receipt").path("foldedBefore").asText()).isNotEmpty();
    assertThat(client.folded(now).met()).isTrue();
  }

  private static java.util.function.Function<ApiServer, JsonNode> status() {
    return api -> {
      try {
        return ItKit.get(api.baseUrl() + "/v1/requests/raw-1");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
