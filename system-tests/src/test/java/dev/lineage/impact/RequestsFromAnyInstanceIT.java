package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.access.ApiToken;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.Role;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiServer;
import dev.lineage.http.ClusterSecret;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.SeedScenario;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two impact-service instances share the request partitions; {@code GET /v1/requests/{id}} on
 * either answers every request, the other's through its owner. Every read API wants a token; the
 * impact service reaches lineage-streams, and one instance its owner, with the cluster MAC.
 */
class RequestsFromAnyInstanceIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  /** Enough ids to cover the three partitions (checked below through ownership). */
  private static final int REQUESTS = 9;

  private final List<AutoCloseable> running = new ArrayList<>();
  private ClusterSecret secret;
  private ApiToken token;

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void eitherInstanceAnswersEveryRequest() throws Exception {
    String name = KafkaBroker.uniqueName("any");
    Topics topics = Topics.withPrefix(name + ".");
    ItKit kit = new ItKit(KAFKA.bootstrapServers());
    kit.provision(topics);
    Path dir = Path.of("target", "it-state", name).toAbsolutePath();
    Files.createDirectories(dir);
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer gdpr = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Path rootPub = dir.resolve("root.pub");
    KeyPairs.writePublicKey(root.publicKey(), rootPub);
    SeedScenario seed =
        SeedScenario.create(dir.resolve("files"), root, producer, Clock.systemUTC());
    for (SeedScenario.SeedRecord r : seed.records()) {
      if (r.target() == SeedScenario.Target.KEYS) {
        kit.send(r.target().topic(topics), r.key(), r.value());
      }
    }
    kit.send(topics.keys().name(), "gdpr", Fixtures.grantNow(root, gdpr, Role.GDPR_REQUESTER));

    // deployed as in production: one cluster secret for every instance, a token for readers
    byte[] secretBytes = new byte[32];
    new SecureRandom().nextBytes(secretBytes);
    secret = ClusterSecret.of(secretBytes);
    Path tokenFile = dir.resolve("api.token");
    Files.writeString(tokenFile, "reader-token-" + UUID.randomUUID());
    token = ApiToken.read(tokenFile);
    ApiServer lineageApi = ApiServer.bind("127.0.0.1", 0, access());
    running.add(lineageApi);
    LineageStreamsApp lineage =
        kit.lineageStreams(name, rootPub, topics, dir.resolve("lineage-state"), lineageApi);
    lineageApi.start();
    lineage.start();
    running.add(lineage);

    ImpactSettings base =
        ImpactSettings.defaults(TrustAnchors.of(List.of(root.publicKey())))
            .with(ImpactSettings.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers())
            .with(ImpactSettings.TOPIC_PREFIX, topics.prefix())
            .with(ImpactSettings.APPLICATION_ID, "impact-" + name)
            .with(ImpactSettings.LINEAGE_HTTP, List.of(URI.create(lineageApi.baseUrl())))
            .with(ImpactSettings.CLUSTER_SECRET, secret)
            .with(ImpactSettings.SERVICE_KEY, service)
            .withOverrides(Map.of("commit.interval.ms", "100", "num.stream.threads", "1"));
    ApiServer a = impactInstance(base.with(ImpactSettings.ADMIN_KEY, root), dir.resolve("a"));
    ApiServer b = impactInstance(base, dir.resolve("b"));
    lineage.awaitRunning(ItKit.WAIT);

    for (SeedScenario.SeedRecord r : seed.records()) {
      if (r.target() != SeedScenario.Target.KEYS) {
        kit.send(r.target().topic(topics), r.key(), r.value());
      }
    }
    // a request sent before the source's path to the model is folded, and the model registered
    // (its kind: the walk triggers models only), would rightly find fewer models; a run's edges
    // fold one hop before an artifact's registration (the name claim), so wait for both
    await()
        .atMost(ItKit.WAIT)
        .ignoreExceptions()
        .until(
            () ->
                ItKit.get(
                    lineageApi.baseUrl()
                        + "/v1/paths?from="
                        + SeedScenario.SOURCE
                        + "&to="
                        + seed.model(),
                    token.authorization()),
            paths -> paths.path("paths").size() > 0);
    await()
        .atMost(ItKit.WAIT)
        .ignoreExceptions()
        .until(
            () ->
                ItKit.get(
                    lineageApi.baseUrl() + "/v1/nodes/" + seed.model(), token.authorization()),
            node -> "MODEL".equals(node.path("kind").asText()));
    for (int i = 0; i < REQUESTS; i++) {
      kit.send(
          topics.deletionRequests().name(),
          "any-" + i,
          ItKit.deletion("any-" + i, SeedScenario.SOURCE, 1, gdpr));
    }
    kit.awaitEvents(
        topics.impactReports().name(),
        EventType.IMPACT_REPORT,
        all -> all.stream().map(ImpactReport::getRequestId).distinct().count() == REQUESTS);

    Set<String> ownedByA = new HashSet<>();
    Set<String> ownedByB = new HashSet<>();
    for (int i = 0; i < REQUESTS; i++) {
      String id = "any-" + i;
      for (ApiServer api : List.of(a, b)) {
        JsonNode status =
            await()
                .atMost(ItKit.WAIT)
                .ignoreExceptions()
                .until(
                    () -> ItKit.get(api.baseUrl() + "/v1/requests/" + id, token.authorization()),
                    s -> s.path("httpStatus").asInt() == 200);
        assertThat(status.path("status").asText()).isEqualTo("COMPLETE");
        assertThat(status.path("requestId").asText()).isEqualTo(id);
        assertThat(status.path("triggers").asInt()).isEqualTo(1);
      }
      // a call marked as forwarded is answered only by the owner: exactly one of the two
      int a200 =
          ItKit.get(a.baseUrl() + "/v1/requests/" + id + "?forwarded", token.authorization())
              .path("httpStatus")
              .asInt();
      int b200 =
          ItKit.get(b.baseUrl() + "/v1/requests/" + id + "?forwarded", token.authorization())
              .path("httpStatus")
              .asInt();
      assertThat(List.of(a200, b200)).containsExactlyInAnyOrder(200, 503);
      (a200 == 200 ? ownedByA : ownedByB).add(id);
    }
    // the ids cover all three partitions and both instances own some: answers crossed instances
    assertThat(ownedByA).isNotEmpty();
    assertThat(ownedByB).isNotEmpty();
    // without the token a reader is refused; the forwarded answers above carried the MAC instead
    assertThat(ItKit.get(a.baseUrl() + "/v1/requests/any-0").path("httpStatus").asInt())
        .isEqualTo(401);
  }

  private ApiAccess access() {
    return ApiAccess.of(Optional.of(secret), Optional.of(token));
  }

  private ApiServer impactInstance(ImpactSettings base, Path stateDir) throws Exception {
    ApiServer api = ApiServer.bind("127.0.0.1", 0, access());
    running.add(api);
    ImpactServiceApp app =
        new ImpactServiceApp(
            base.with(ImpactSettings.STATE_DIR, stateDir)
                .with(ImpactSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port()));
    app.mountHttp(api);
    api.start();
    app.start();
    running.add(app);
    app.awaitRunning(ItKit.WAIT);
    return api;
  }
}
