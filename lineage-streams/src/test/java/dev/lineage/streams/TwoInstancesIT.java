package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.access.ApiToken;
import dev.lineage.avro.Envelope;
import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiServer;
import dev.lineage.http.ClusterSecret;
import dev.lineage.http.Health;
import dev.lineage.http.RequestMac;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.trust.KeyringStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of lineage-streams share three partitions: each owns part of the graph, and either
 * answers any query by asking the other for what it owns. They are deployed as production runs
 * them: a cluster secret proves each to the other, and the read API wants a bearer token.
 */
class TwoInstancesIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final Duration WAIT = Duration.ofSeconds(120);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @RegisterExtension final StreamsIt streams = new StreamsIt(KAFKA);
  private final ClusterSecret secret = ClusterSecret.of(randomBytes());
  private ApiToken token;

  private static byte[] randomBytes() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private record Instance(LineageStreamsApp app, ApiServer api, Health health) {}

  private Instance start(StreamsSettings base, Path stateDir) throws Exception {
    ApiServer api =
        ApiServer.bind("127.0.0.1", 0, ApiAccess.of(Optional.of(secret), Optional.of(token)));
    LineageStreamsApp app =
        new LineageStreamsApp(
            base.with(StreamsSettings.STATE_DIR, stateDir)
                .with(StreamsSettings.APPLICATION_SERVER, "127.0.0.1:" + api.port()));
    Health health = new Health();
    health.mount(api);
    app.registerHealth(health);
    app.mountHttp(api);
    api.start();
    streams.closedAfterTest(api);
    app.start();
    streams.closedAfterTest(app);
    return new Instance(app, api, health);
  }

  private JsonNode get(ApiServer api, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Authorization", token.authorization())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return ApiServer.json().readTree(r.body());
  }

  private HttpResponse<String> send(ApiServer api, String path, String postBody) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
            .header("Authorization", token.authorization());
    if (postBody != null) {
      r.POST(HttpRequest.BodyPublishers.ofString(postBody));
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode post(ApiServer api, String path, String body) throws Exception {
    HttpResponse<String> r = send(api, path, body);
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return ApiServer.json().readTree(r.body());
  }

  /** A node's answer without its position, which is each instance's own. */
  private JsonNode node(ApiServer api, String id) throws Exception {
    ObjectNode json = (ObjectNode) get(api, "/v1/nodes/" + id);
    json.remove("position");
    return json;
  }

  /** A receipt's position as the {@code ?position=} parameter, each offset moved by {@code add}. */
  private static String positionParam(JsonNode receipt, long add) {
    StringJoiner out = new StringJoiner(",");
    receipt
        .get("position")
        .fields()
        .forEachRemaining(e -> out.add(e.getKey() + ":" + (e.getValue().asLong() + add)));
    return URLEncoder.encode(out.toString(), StandardCharsets.UTF_8);
  }

  /**
   * Node details, the closure of several starts and a process's runs read the same from either
   * instance, though each holds only part of the graph; a receipt's position from one is honoured
   * by the other, and one the stores cannot reach is a 503 with Retry-After.
   */
  private void bothInstancesAnswerTheNewQueriesAlike(Instance a, Instance b, SeedScenario seed)
      throws Exception {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                node(b.api(), SeedScenario.EXTRACTION_RUN).has("startedAt")
                    && node(a.api(), seed.features()).has("recordCount"));
    JsonNode run = node(a.api(), SeedScenario.EXTRACTION_RUN);
    assertThat(node(b.api(), SeedScenario.EXTRACTION_RUN)).isEqualTo(run);
    assertThat(run.get("processName").asText()).isEqualTo("fraud_signal_extractor");
    assertThat(run.get("processVersion").asText()).isEqualTo("2.3");
    assertThat(run.get("configDigest").asText()).startsWith("sha256:");
    assertThat(run.get("startedAt").asText()).isEqualTo(seed.extractionStartedAt().toString());
    assertThat(run.get("endedAt").asText()).isEqualTo(seed.extractionEndedAt().toString());
    assertThat(run.at("/environment/cpu.arch").asText()).isEqualTo("x86_64");
    JsonNode features = node(b.api(), seed.features());
    assertThat(node(a.api(), seed.features())).isEqualTo(features);
    assertThat(features.get("recordCount").asLong()).isEqualTo(SeedScenario.FEATURE_ROWS);
    assertThat(features.get("sizeBytes").asLong()).isPositive();

    String closure =
        "{\"starts\":[\""
            + SeedScenario.SOURCE
            + "\",\"name:model_m92\",\"source:nobody\"],\"direction\":\"downstream\"}";
    JsonNode closureA = post(a.api(), "/v1/closure", closure);
    JsonNode closureB = post(b.api(), "/v1/closure", closure);
    for (String field : List.of("starts", "missing", "direction", "nodes", "edges")) {
      assertThat(closureB.get(field)).as(field).isEqualTo(closureA.get(field));
    }
    assertThat(closureA.get("starts"))
        .extracting(JsonNode::asText)
        .containsExactly(SeedScenario.SOURCE, seed.model());
    assertThat(closureA.get("missing"))
        .extracting(JsonNode::asText)
        .containsExactly("source:nobody");
    assertThat(closureA.get("nodes")).hasSize(5);
    assertThat(closureA.get("edges")).hasSize(4);
    // Every partition was read, and the receipt says where each stood, not only the local ones.
    assertThat(closureA.at("/receipt/position").size()).isEqualTo(3);

    String runs =
        "/v1/processes/fraud_signal_extractor/runs?minVersion=2.0&maxVersion=2.10"
            + "&from="
            + seed.extractionStartedAt().plus(Duration.ofMinutes(3))
            + "&to="
            + seed.extractionStartedAt().plus(Duration.ofDays(1));
    JsonNode runsA = get(a.api(), runs);
    assertThat(get(b.api(), runs).get("runs")).isEqualTo(runsA.get("runs"));
    assertThat(runsA.get("runs")).hasSize(1);
    assertThat(runsA.at("/runs/0/id").asText()).isEqualTo(SeedScenario.EXTRACTION_RUN);
    assertThat(runsA.at("/runs/0/startedAt").asText())
        .isEqualTo(seed.extractionStartedAt().toString());
    assertThat(get(b.api(), "/v1/processes/fraud_signal_extractor/runs?maxVersion=2.2").get("runs"))
        .isEmpty();

    // A receipt's position is honoured by the other instance, on every bounded endpoint.
    String reached = "position=" + positionParam(closureA.get("receipt"), 0);
    assertThat(post(b.api(), "/v1/closure?" + reached, closure).get("nodes"))
        .isEqualTo(closureA.get("nodes"));
    assertThat(get(b.api(), "/v1/nodes/" + seed.model() + "?" + reached).get("id").asText())
        .isEqualTo(seed.model());
    assertThat(
            get(b.api(), "/v1/lineage/" + SeedScenario.SOURCE + "?summary=true&" + reached)
                .at("/counts/MODEL")
                .asInt())
        .isEqualTo(1);
    assertThat(
            get(
                    a.api(),
                    "/v1/paths?from=" + SeedScenario.SOURCE + "&to=" + seed.model() + "&" + reached)
                .get("paths"))
        .hasSize(1);

    String future = "position=" + positionParam(closureA.get("receipt"), 1_000_000_000_000L);
    for (Instance i : List.of(a, b)) {
      HttpResponse<String> behind = send(i.api(), "/v1/closure?" + future, closure);
      assertThat(behind.statusCode()).as(behind.body()).isEqualTo(503);
      assertThat(behind.headers().firstValue("Retry-After")).contains("1");
      HttpResponse<String> node = send(i.api(), "/v1/nodes/" + seed.model() + "?" + future, null);
      assertThat(node.statusCode()).isEqualTo(503);
      assertThat(node.headers().firstValue("Retry-After")).isPresent();
    }
    HttpResponse<String> foreign =
        send(a.api(), "/v1/nodes/" + seed.model() + "?position=lineage.runs-0:5", null);
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(400);
  }

  /**
   * The answers above crossed instances with the secret; without the token a reader gets 401 but
   * health stays open, and the internal endpoints answer the owner's data to a member's MAC only.
   */
  private void readersNeedTheTokenAndOnlyMembersReachTheInternalApi(Instance a, Instance b)
      throws Exception {
    for (Instance i : List.of(a, b)) {
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(i.api().baseUrl() + "/v1/nodes/" + SeedScenario.SOURCE))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
      assertThat(ApiServer.json().readTree(anonymous.body()).get("reason").asText())
          .isEqualTo("unauthorized");
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(i.api().baseUrl() + "/v1/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
    String nodes = "/v1/internal/graph/nodes";
    byte[] batch = ("{\"ids\":[\"" + SeedScenario.SOURCE + "\"]}").getBytes(StandardCharsets.UTF_8);
    List<Integer> signedAnswers = new ArrayList<>();
    for (Instance i : List.of(a, b)) {
      URI uri = URI.create(i.api().baseUrl() + nodes);
      HttpResponse<String> withToken =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", token.authorization())
                  .POST(HttpRequest.BodyPublishers.ofByteArray(batch))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(withToken.statusCode()).as("a reader's token is not membership").isEqualTo(401);
      HttpRequest.Builder signed =
          HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(batch));
      new RequestMac(secret).sign(signed, "POST", uri, batch);
      HttpResponse<String> member = http.send(signed.build(), HttpResponse.BodyHandlers.ofString());
      signedAnswers.add(member.statusCode());
      if (member.statusCode() == 200) {
        assertThat(ApiServer.json().readTree(member.body()).at("/nodes").has(SeedScenario.SOURCE))
            .as(member.body())
            .isTrue();
      }
    }
    // the owner answers; the other says the id is not held there
    assertThat(signedAnswers).containsExactlyInAnyOrder(200, 503);
  }

  /**
   * The log's stores are on the instance holding its one partition; the other asks that one (as
   * queries route to a key's owner) and answers the same bytes: checkpoint, tiles and proofs.
   */
  private void bothInstancesServeTheOneLog(Instance a, Instance b, int leaves) throws Exception {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () ->
                logText(a.api(), "/log/checkpoint")
                    .startsWith("lineage.test/two\n" + leaves + "\n"));
    boolean aOwns = holdsTheLog(a);
    assertThat(holdsTheLog(b)).as("the log's stores are on one instance only").isNotEqualTo(aOwns);
    Instance other = aOwns ? b : a;
    Instance owner = aOwns ? a : b;
    for (String path :
        List.of(
            "/log/checkpoint",
            "/log/tile/0/000.p/" + leaves,
            "/v1/log/consistency?from=1&to=" + leaves)) {
      assertThat(logText(other.api(), path)).as(path).isEqualTo(logText(owner.api(), path));
    }
  }

  private static boolean holdsTheLog(Instance i) {
    try {
      // the store handle is lazy: a read tells whether the store is here
      i.app()
          .keyValueStore(dev.lineage.translog.LogStores.HEAD)
          .get(dev.lineage.translog.LogStores.HEAD_KEY);
      return true;
    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
      return false;
    }
  }

  private String logText(ApiServer api, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Authorization", token.authorization())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  @Test
  void eitherInstanceAnswersTheSeedPathAndATamperedRecordIsRejectedWhileBothStayHealthy()
      throws Exception {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    StreamsIt.Env env = streams.provision("two", root.publicKey());
    Topics topics = env.topics();
    Path dir = env.dir();
    Path tokenFile = dir.resolve("api.token");
    Files.writeString(tokenFile, Base64.getEncoder().encodeToString(randomBytes()) + "\n");
    token = ApiToken.read(tokenFile);
    SeedScenario seed =
        SeedScenario.create(dir.resolve("files"), root, producer, Clock.systemUTC());

    // both instances sign checkpoints with the log key; only one holds the log's partition
    Path logKey = dir.resolve("log.key");
    KeyPairs.writePrivateKey(KeyPairs.generate(Algorithm.ED25519).getPrivate(), logKey);
    StreamsSettings base =
        env.settings()
            .with(StreamsSettings.LOG_KEY, logKey)
            .with(StreamsSettings.LOG_ORIGIN, "lineage.test/two");
    Instance a = start(base, dir.resolve("a"));
    Instance b = start(base, dir.resolve("b"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                a.app().state() == KafkaStreams.State.RUNNING
                    && b.app().state() == KafkaStreams.State.RUNNING);

    try (KafkaProducer<byte[], byte[]> out =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "acks", "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      // Grants first, and used only once applied: the keyring is a global store read by its own
      // thread, so an
      // event signed with a key granted a moment ago could otherwise be checked before the grant is
      // seen.
      for (SeedScenario.SeedRecord r : seed.records()) {
        if (r.target() == SeedScenario.Target.KEYS) {
          out.send(
              new ProducerRecord<>(
                  r.target().topic(topics), r.key().getBytes(StandardCharsets.UTF_8), r.value()));
        }
      }
      out.flush();
      String producerKey = KeyringStore.keyOf(producer.keyId());
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(
              () ->
                  a.app().keyValueStore(KeyringStore.STORE).get(producerKey) != null
                      && b.app().keyValueStore(KeyringStore.STORE).get(producerKey) != null);
      for (SeedScenario.SeedRecord r : seed.records()) {
        if (r.target() != SeedScenario.Target.KEYS) {
          out.send(
              new ProducerRecord<>(
                  r.target().topic(topics), r.key().getBytes(StandardCharsets.UTF_8), r.value()));
        }
      }
      out.flush();
    }

    String query = "/v1/paths?from=" + SeedScenario.SOURCE + "&to=" + seed.model();
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        // the path's edges (runs) may fold before its artifacts' registrations, which take one more
        // hop (the name claim): wait for the names, not just the path
        .until(
            () -> {
              JsonNode paths = get(a.api(), query).get("paths");
              return paths.size() == 1
                  && paths.get(0).get(2).has("name")
                  && paths.get(0).get(4).has("name");
            });
    JsonNode fromA = get(a.api(), query);
    JsonNode fromB = get(b.api(), query);
    assertThat(fromB.get("paths")).isEqualTo(fromA.get("paths"));
    JsonNode path = fromA.get("paths").get(0);
    assertThat(path).hasSize(5);
    assertThat(path.get(0).get("id").asText()).isEqualTo(SeedScenario.SOURCE);
    assertThat(path.get(2).get("name").asText()).isEqualTo("features_v47");
    assertThat(path.get(4).get("name").asText()).isEqualTo("model_m92");
    readersNeedTheTokenAndOnlyMembersReachTheInternalApi(a, b);

    // The graph really is split: each instance holds only some of the seed's edges locally.
    long localA = a.app().index().downstream().edgeCount();
    long localB = b.app().index().downstream().edgeCount();
    assertThat(localA + localB).isEqualTo(4);
    assertThat(localA).isLessThan(4);
    assertThat(localB).isLessThan(4);

    String downstream = "/v1/lineage/" + SeedScenario.SOURCE + "?direction=downstream&summary=true";
    assertThat(get(b.api(), downstream).get("counts"))
        .isEqualTo(get(a.api(), downstream).get("counts"));
    assertThat(get(a.api(), downstream).at("/counts/MODEL").asInt()).isEqualTo(1);
    assertThat(get(a.api(), "/v1/nodes/name:model_m92").get("id").asText()).isEqualTo(seed.model());
    assertThat(get(b.api(), "/v1/nodes/name:model_m92").get("id").asText()).isEqualTo(seed.model());
    bothInstancesAnswerTheNewQueriesAlike(a, b, seed);
    bothInstancesServeTheOneLog(a, b, seed.records().size());
    // the approvals partition of the model is owned by one instance; the other asks it
    String deployment = "/v1/deployments/" + seed.model();
    JsonNode gateA = get(a.api(), deployment);
    assertThat(get(b.api(), deployment)).isEqualTo(gateA);
    assertThat(gateA.get("approved").asBoolean()).isFalse();
    assertThat(gateA.at("/reasons/0/code").asText()).isEqualTo("no-approval");
    assertThat(gateA.at("/producedBy/0/run").asText()).startsWith("run:");

    // A record tampered with by a raw client lands on the rejected topic; both instances stay
    // healthy.
    SeedScenario.SeedRecord aRun =
        seed.records().stream()
            .filter(r -> r.target() == SeedScenario.Target.RUNS)
            .findFirst()
            .orElseThrow();
    Envelope tampered = EnvelopeCodec.standard().decode(aRun.value());
    byte[] payload = tampered.getPayload().array().clone();
    payload[payload.length - 1] ^= 1;
    tampered.setPayload(ByteBuffer.wrap(payload));
    byte[] tamperedValue = EnvelopeCodec.standard().encode(tampered);
    try (KafkaProducer<byte[], byte[]> out =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      out.send(new ProducerRecord<>(topics.runs().name(), "tampered".getBytes(), tamperedValue))
          .get();
    }
    try (KafkaConsumer<byte[], byte[]> in =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                KAFKA.bootstrapServers(),
                "group.id",
                env.name() + "-reader",
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      in.subscribe(List.of(topics.rejected().name()));
      List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
      await()
          .atMost(WAIT)
          .until(
              () -> {
                in.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream()
                    .anyMatch(r -> java.util.Arrays.equals(r.value(), tamperedValue));
              });
    }
    JsonNode key = get(b.api(), "/v1/keys/" + producer.keyId());
    assertThat(key.at("/events/0/kind").asText()).isEqualTo("GRANT");
    assertThat(key.at("/events/0/roles/0").asText()).isEqualTo("PRODUCER");
    assertThat(get(a.api(), "/v1/stats").get("state").asText()).isEqualTo("RUNNING");
    assertThat(a.health().answer().status()).isEqualTo(200);
    assertThat(b.health().answer().status()).isEqualTo(200);
    assertThat(get(b.api(), query).get("paths")).isEqualTo(fromA.get("paths"));
  }
}
