package dev.lineage.translog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.http.ApiAccess;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.ClusterSecret;
import dev.lineage.http.RawBody;
import dev.lineage.http.RequestMac;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageTopology;
import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.checkpoint.ConsistencyProof;
import dev.lineage.tlog.checkpoint.LogPolicy;
import dev.lineage.tlog.checkpoint.SignedCheckpoint;
import dev.lineage.tlog.checkpoint.TlogProof;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.ProofVerifier;
import dev.lineage.tlog.merkle.Rfc6962;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.tiles.EntryBundles;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's HTTP endpoints over the stores of a topology driver and a real HTTP server. */
class LogApiTest {
  private static final String ORIGIN = "lineage.test/log";

  @TempDir Path stateDir;

  private final Topics topics = Topics.defaults();
  private final Ed25519NoteSigner key = new Ed25519NoteSigner(ORIGIN, Ed25519KeyPair.generate());
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> log;
  private ApiServer signed;
  private ApiServer keyless;
  private final List<byte[]> entries = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lineage-log-api-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    driver =
        new TopologyTestDriver(
            LineageTopology.build(topics, TrustAnchors.of(List.of(root.publicKey()))), props);
    ByteArraySerializer ser = new ByteArraySerializer();
    log = driver.createInputTopic(topics.log().name(), ser, ser);
    for (int i = 0; i < 300; i++) {
      byte[] e =
          new LogLeaf("sha256:" + String.format("%064x", i), 1_700_000_000_000L + i, "runs")
              .encode();
      entries.add(e);
      log.pipeInput(bytes("k"), e);
    }
    driver.advanceWallClockTime(LogTopology.DEFAULT_INTEGRATE_EVERY.plus(Duration.ofMillis(1)));
    signed = ApiServer.bind("127.0.0.1", 0);
    new LogApi(this::store, Optional.of(key)).mount(signed);
    signed.start();
    keyless = ApiServer.bind("127.0.0.1", 0);
    new LogApi(this::store, Optional.empty()).mount(keyless);
    keyless.start();
  }

  @AfterEach
  void stop() {
    servers.forEach(ApiServer::close);
    signed.close();
    keyless.close();
    driver.close();
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return driver.getKeyValueStore(name);
  }

  @Test
  void theCheckpointIsTheHeadSignedByTheLogKeyTheSameBytesEveryTime() throws Exception {
    String text = body(signed, "/log/checkpoint");
    SignedCheckpoint cp = Checkpoint.open(text, List.of(key.verifier()));
    assertThat(cp.checkpoint().origin()).isEqualTo(ORIGIN);
    assertThat(cp.checkpoint().size()).isEqualTo(300);
    assertThat(cp.checkpoint().root()).isEqualTo(LogTopologyTest.mth(entries));
    assertThat(body(signed, "/log/checkpoint")).isEqualTo(text);
    assertThat(status(keyless, "/log/checkpoint")).isEqualTo(503);
  }

  @Test
  void tilesAreServedInTheTlogTilesLayoutAndOlderPartialsAsPrefixes() throws Exception {
    HttpResponse<byte[]> full = bytes(signed, "/log/tile/entries/000");
    assertThat(EntryBundles.decode(full.body())).containsExactlyElementsOf(entries.subList(0, 256));
    assertThat(full.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("immutable"));
    assertThat(EntryBundles.decode(bytes(signed, "/log/tile/entries/001.p/44").body()))
        .containsExactlyElementsOf(entries.subList(256, 300));
    byte[] older = bytes(signed, "/log/tile/0/001.p/10").body();
    assertThat(older).hasSize(10 * Hash.SIZE);
    assertThat(Hash.slice(older, 9 * Hash.SIZE)).isEqualTo(Rfc6962.leafHash(entries.get(265)));
    assertThat(bytes(signed, "/log/tile/1/000.p/1").body())
        .isEqualTo(LogTopologyTest.mth(entries.subList(0, 256)).bytes());
    assertThat(status(signed, "/log/tile/0/001.p/45")).isEqualTo(404);
    assertThat(status(signed, "/log/tile/0/001.p/256")).isEqualTo(400);
    assertThat(status(signed, "/log/tile/x/000")).isEqualTo(400);
  }

  @Test
  void aProofOfInclusionAndOneOfConsistencyVerifyOffline() throws Exception {
    String digest = LogLeaf.parse(entries.get(257)).envelopeDigest();
    TlogProof proof = TlogProof.parse(body(signed, "/v1/log/proof?envelope=" + digest));
    assertThat(proof.index()).isEqualTo(257);
    proof.verify(Rfc6962.leafHash(entries.get(257)), LogPolicy.logOnly(ORIGIN, key.verifier()));

    ConsistencyProof c =
        ConsistencyProof.parse(body(signed, "/v1/log/consistency?from=100&to=300"));
    ProofVerifier.verifyConsistency(
        100,
        300,
        c.hashes(),
        LogTopologyTest.mth(entries.subList(0, 100)),
        LogTopologyTest.mth(entries));

    assertThat(status(signed, "/v1/log/proof?envelope=sha256:" + "f".repeat(64))).isEqualTo(404);
    assertThat(status(signed, "/v1/log/proof?envelope=md5:00")).isEqualTo(400);
    assertThat(status(signed, "/v1/log/proof")).isEqualTo(400);
    assertThat(status(keyless, "/v1/log/proof?envelope=" + digest)).isEqualTo(503);
    assertThat(status(signed, "/v1/log/consistency?from=301&to=300")).isEqualTo(400);
    assertThat(status(signed, "/v1/log/consistency?from=1&to=301")).isEqualTo(400);
    assertThat(status(signed, "/v1/log/consistency?from=-1&to=3")).isEqualTo(400);
    assertThat(body(signed, "/v1/log/consistency?from=0&to=0")).isEqualTo("old 0\nnew 0\n");
  }

  @Test
  void aProofAgainstAnEarlierSizeCarriesThatSizesCheckpointByteForByte() throws Exception {
    String digest = LogLeaf.parse(entries.get(100)).envelopeDigest();
    TlogProof proof =
        TlogProof.parse(body(signed, "/v1/log/proof?envelope=" + digest + "&size=200"));
    assertThat(proof.index()).isEqualTo(100);
    var cp =
        proof.verify(Rfc6962.leafHash(entries.get(100)), LogPolicy.logOnly(ORIGIN, key.verifier()));
    assertThat(cp.checkpoint().size()).isEqualTo(200);
    assertThat(cp.checkpoint().root()).isEqualTo(LogTopologyTest.mth(entries.subList(0, 200)));
    // what the log published at 200 leaves: the same signed bytes (Ed25519 is deterministic)
    assertThat(proof.checkpoint().format())
        .isEqualTo(
            new dev.lineage.tlog.checkpoint.Checkpoint(ORIGIN, 200, cp.checkpoint().root())
                .sign(List.of(key))
                .format());

    assertThat(status(signed, "/v1/log/proof?envelope=" + digest + "&size=100"))
        .as("leaf 100 is not in the tree of 100 leaves")
        .isEqualTo(404);
    assertThat(status(signed, "/v1/log/proof?envelope=" + digest + "&size=301")).isEqualTo(400);
    assertThat(status(signed, "/v1/log/proof?envelope=" + digest + "&size=x")).isEqualTo(400);
  }

  @Test
  void anInstanceWithoutTheLogsPartitionAnswersWhatTheOwnerAnswers() throws Exception {
    ClusterSecret secret = ClusterSecret.of(new byte[32]);
    RequestMac mac = new RequestMac(secret);
    ApiAccess access = ApiAccess.of(Optional.of(secret), Optional.empty());
    try (ApiServer owner = ApiServer.bind("127.0.0.1", 0, access);
        ApiServer other = ApiServer.bind("127.0.0.1", 0, access)) {
      new LogApi(this::store, Optional.of(key)).mount(owner);
      owner.start();
      // the other instance holds no log store: as Kafka Streams' lazy handle does, it opens and
      // its first read throws
      LogApi.LocalStores none =
          new LogApi.LocalStores() {
            @Override
            @SuppressWarnings("unchecked")
            public <V> ReadOnlyKeyValueStore<String, V> open(String name) {
              return (ReadOnlyKeyValueStore<String, V>)
                  java.lang.reflect.Proxy.newProxyInstance(
                      ReadOnlyKeyValueStore.class.getClassLoader(),
                      new Class<?>[] {ReadOnlyKeyValueStore.class},
                      (proxy, method, args) -> {
                        throw new org.apache.kafka.streams.errors.InvalidStateStoreException(
                            "The state store, "
                                + name
                                + ", may have migrated to another instance.");
                      });
            }
          };
      URI ownerBase = URI.create(owner.baseUrl());
      LogApi.Owner ask =
          path -> {
            URI uri = ownerBase.resolve(path);
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).GET();
            mac.sign(r, "GET", uri, new byte[0]);
            try {
              HttpResponse<byte[]> a =
                  http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
              return Optional.of(
                  new ApiResponse(
                      a.statusCode(),
                      new RawBody(a.headers().firstValue("Content-Type").orElseThrow(), a.body()),
                      Map.of()));
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          };
      new LogApi(none, Optional.of(key), ask).mount(other);
      other.start();

      assertThat(body(other, "/log/checkpoint")).isEqualTo(body(owner, "/log/checkpoint"));
      String digest = LogLeaf.parse(entries.get(42)).envelopeDigest();
      assertThat(body(other, "/v1/log/proof?envelope=" + digest + "&size=100"))
          .isEqualTo(body(owner, "/v1/log/proof?envelope=" + digest + "&size=100"));
      assertThat(get(other, "/log/tile/0/000").body())
          .isEqualTo(get(owner, "/log/tile/0/000").body());
      assertThat(status(other, "/v1/log/proof?envelope=sha256:" + "f".repeat(64)))
          .as("the owner's 404 is passed on")
          .isEqualTo(404);
      // the internal mirror answers callers holding the cluster secret only, and never forwards
      assertThat(status(owner, "/v1/internal/log/checkpoint")).isEqualTo(401);
      assertThat(status(keylessOf(none), "/log/checkpoint")).isEqualTo(503);
    }
  }

  private ApiServer keylessOf(LogApi.LocalStores stores) throws Exception {
    ApiServer s = ApiServer.bind("127.0.0.1", 0);
    new LogApi(stores, Optional.of(key)).mount(s);
    s.start();
    servers.add(s);
    return s;
  }

  private final List<ApiServer> servers = new ArrayList<>();

  @Test
  void anEnvelopeSequencedButNotYetIntegratedIsA503() throws Exception {
    String digest = "sha256:" + "ab".repeat(32);
    log.pipeInput(bytes("k"), new LogLeaf(digest, 5, "runs").encode());
    HttpResponse<String> r = get(signed, "/v1/log/proof?envelope=" + digest);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }

  private String body(ApiServer api, String path) throws Exception {
    HttpResponse<String> r = get(api, path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    return r.body();
  }

  private HttpResponse<String> get(ApiServer api, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> bytes(ApiServer api, String path) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    return r;
  }

  private int status(ApiServer api, String path) throws Exception {
    return get(api, path).statusCode();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
