package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.http.ApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LineageQueriesTest {
  static final String SOURCE = TraversalTest.SOURCE;
  static final String MODEL = TraversalTest.MODEL;
  static final String FEATURES = TraversalTest.FEATURES;

  static final GraphNode TRAINING_RUN =
      new GraphNode(
          TraversalTest.TRAINING,
          "RUN",
          "train",
          "2.3",
          Map.of(),
          "k1",
          1L,
          true,
          new StatedDetails(
              null,
              null,
              null,
              "train",
              "2.3",
              "sha256:" + "d".repeat(64),
              "sha256:" + "e".repeat(64),
              Instant.parse("2025-01-01T10:00:00Z").toEpochMilli(),
              Instant.parse("2025-01-01T11:30:00Z").toEpochMilli(),
              Map.of("cpu.arch", "x86_64", "gpu.count", "0")));
  static final GraphNode FEATURES_NODE =
      new GraphNode(
          FEATURES,
          "DATASET",
          "features_v47",
          "47",
          Map.of(),
          "k1",
          1L,
          true,
          new StatedDetails(
              "application/x-parquet", 4096L, 1200L, null, null, null, null, null, null, null));

  private final HttpClient client = HttpClient.newHttpClient();
  private ApiServer server;

  @BeforeEach
  void start() throws Exception {
    MapGraph graph =
        new MapGraph()
            .chain(SOURCE, TraversalTest.EXTRACT, FEATURES, TraversalTest.TRAINING, MODEL)
            .chain(FEATURES, "run:scoring_7", "sha256:" + "c".repeat(64))
            .node(FEATURES, "DATASET", "features_v47")
            .node(MODEL, "MODEL", "model_m92")
            .node("sha256:" + "c".repeat(64), "PREDICTIONS", "scores_7")
            .node(TRAINING_RUN)
            .node(FEATURES_NODE)
            .node(run("run:e1", "2025-01-01T00:00:00Z"))
            .node(run("run:e2", "2025-01-05T00:00:00Z"))
            .node(run("run:e3", "2025-01-09T00:00:00Z"))
            .run("extract", new RunEntry("run:e1", "2.2", ms("2025-01-02T00:00:00Z")))
            .run("extract", new RunEntry("run:e2", "2.3", ms("2025-01-06T00:00:00Z")))
            .run("extract", new RunEntry("run:e3", "2.10", ms("2025-01-10T00:00:00Z")))
            .run("other", new RunEntry(TraversalTest.TRAINING, "2.3", ms("2025-01-06T00:00:00Z")));
    server = ApiServer.bind("127.0.0.1", 0);
    new LineageQueries(() -> graph, new LineageQueries.Limits(1000, 2, 10, 100)).mount(server);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode get(String path, int expectedStatus) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return ApiServer.json().readTree(r.body());
  }

  @Test
  void aRegisteredNodeHasItsAttributesAndAnUnregisteredSourceIsKnownFromItsEdges()
      throws Exception {
    JsonNode model = get("/v1/nodes/" + MODEL, 200);
    assertThat(model.get("kind").asText()).isEqualTo("MODEL");
    assertThat(model.get("name").asText()).isEqualTo("model_m92");
    assertThat(model.get("signer").asText()).isEqualTo("k1");

    JsonNode source = get("/v1/nodes/" + SOURCE, 200);
    assertThat(source.get("kind").asText()).isEqualTo("SOURCE");
    assertThat(source.get("registered").asBoolean()).isFalse();
  }

  @Test
  void aRunShowsItsProcessConfigurationTimesAndHardwareAndAnArtifactItsSizes() throws Exception {
    JsonNode run = get("/v1/nodes/" + TraversalTest.TRAINING, 200);
    assertThat(run.get("processName").asText()).isEqualTo("train");
    assertThat(run.get("processVersion").asText()).isEqualTo("2.3");
    assertThat(run.get("configDigest").asText()).isEqualTo("sha256:" + "d".repeat(64));
    assertThat(run.get("manifestDigest").asText()).isEqualTo("sha256:" + "e".repeat(64));
    assertThat(run.get("startedAt").asText()).isEqualTo("2025-01-01T10:00:00Z");
    assertThat(run.get("endedAt").asText()).isEqualTo("2025-01-01T11:30:00Z");
    assertThat(run.at("/environment/cpu.arch").asText()).isEqualTo("x86_64");
    assertThat(run.has("sizeBytes")).isFalse();

    JsonNode features = get("/v1/nodes/" + FEATURES, 200);
    assertThat(features.get("mediaType").asText()).isEqualTo("application/x-parquet");
    assertThat(features.get("sizeBytes").asLong()).isEqualTo(4096L);
    assertThat(features.get("recordCount").asLong()).isEqualTo(1200L);
    assertThat(features.has("processName")).isFalse();
  }

  @Test
  void aNodeKeepsItsDetailsThroughTheJsonInstancesExchange() throws Exception {
    String wire = ApiServer.json().writeValueAsString(TRAINING_RUN);
    assertThat(ApiServer.json().readValue(wire, GraphNode.class)).isEqualTo(TRAINING_RUN);
    GraphNode bare = GraphNode.implied(SOURCE);
    assertThat(
            ApiServer.json().readValue(ApiServer.json().writeValueAsString(bare), GraphNode.class))
        .isEqualTo(bare);
  }

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static GraphNode run(String id, String startedAt) {
    return new GraphNode(
        id,
        "RUN",
        "extract",
        null,
        Map.of(),
        "k1",
        1L,
        true,
        new StatedDetails(
            null, null, null, "extract", null, null, null, ms(startedAt), null, null));
  }

  @Test
  void runsOfAProcessAreFilteredByVersionRangeAndWindowOverlap() throws Exception {
    JsonNode all = get("/v1/processes/extract/runs", 200);
    assertThat(all.get("process").asText()).isEqualTo("extract");
    assertThat(all.get("runs"))
        .extracting(r -> r.get("id").asText())
        .containsExactly("run:e1", "run:e2", "run:e3");
    assertThat(all.at("/runs/1/version").asText()).isEqualTo("2.3");
    assertThat(all.at("/runs/1/startedAt").asText()).isEqualTo("2025-01-05T00:00:00Z");
    assertThat(all.at("/runs/1/endedAt").asText()).isEqualTo("2025-01-06T00:00:00Z");
    assertThat(all.at("/receipt/position").isObject()).isTrue();

    JsonNode ranged = get("/v1/processes/extract/runs?minVersion=2.3&maxVersion=2.9", 200);
    assertThat(ranged.get("runs")).extracting(r -> r.get("id").asText()).containsExactly("run:e2");

    // e1 ended before the window, e3 started at its (open) end.
    JsonNode window =
        get("/v1/processes/extract/runs?from=2025-01-02T00:00:01Z&to=2025-01-09T00:00:00Z", 200);
    assertThat(window.get("runs")).extracting(r -> r.get("id").asText()).containsExactly("run:e2");

    assertThat(get("/v1/processes/nobody/runs", 200).get("runs")).isEmpty();
    assertThat(get("/v1/processes/extract/runs?from=soon", 400).get("reason").asText())
        .isEqualTo("bad-request");
  }

  private JsonNode post(String path, String body, int expectedStatus) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return ApiServer.json().readTree(r.body());
  }

  @Test
  void aClosureOfSeveralStartsListsEveryNodeAndEdgeUnpagedAndTheUnknownStarts() throws Exception {
    JsonNode r =
        post(
            "/v1/closure",
            "{\"starts\":[\"name:features_v47\",\""
                + TraversalTest.EXTRACT
                + "\",\"source:nobody\",\"name:nothing\"]}",
            200);
    assertThat(r.get("starts"))
        .extracting(JsonNode::asText)
        .containsExactly(FEATURES, TraversalTest.EXTRACT);
    assertThat(r.get("missing"))
        .extracting(JsonNode::asText)
        .containsExactly("source:nobody", "name:nothing");
    assertThat(r.get("direction").asText()).isEqualTo("downstream");
    // features, extract, training, model, scoring, scores: more than a page (2), all listed.
    assertThat(r.get("nodes")).hasSize(6);
    assertThat(r.get("edges")).hasSize(5);
    assertThat(r.has("page")).isFalse();
    JsonNode features = r.get("nodes").get(0);
    assertThat(features.get("id").asText()).isEqualTo(FEATURES);
    assertThat(features.get("depth").asInt()).isZero();
    assertThat(features.get("name").asText()).isEqualTo("features_v47");
    assertThat(features.get("registered").asBoolean()).isTrue();
    assertThat(r.at("/receipt/visited").asInt()).isEqualTo(6);
    assertThat(r.at("/receipt/position").isObject()).isTrue();
  }

  @Test
  void aClosureOfOnlyUnknownStartsIsEmptyAndAMalformedOneA400() throws Exception {
    JsonNode r =
        post("/v1/closure", "{\"starts\":[\"source:nobody\"],\"direction\":\"upstream\"}", 200);
    assertThat(r.get("starts")).isEmpty();
    assertThat(r.get("missing")).extracting(JsonNode::asText).containsExactly("source:nobody");
    assertThat(r.get("nodes")).isEmpty();
    assertThat(r.get("direction").asText()).isEqualTo("upstream");
    assertThat(post("/v1/closure", "{\"starts\":[\"sha256:ABC\"]}", 400).get("reason").asText())
        .isEqualTo("bad-request");
    assertThat(post("/v1/closure", "{\"starts\":\"source:x\"}", 400).get("message").asText())
        .contains("array");
  }

  @Test
  void aClosureCutByDepthSaysSo() throws Exception {
    JsonNode r = post("/v1/closure", "{\"starts\":[\"" + SOURCE + "\"],\"depth\":1}", 200);
    assertThat(r.get("nodes")).hasSize(2);
    assertThat(r.at("/receipt/cutBy").asText()).isEqualTo("depth");
  }

  @Test
  void aPositionBoundTheGraphHasReachedIsAnsweredAndAHigherOneIsA503WithRetryAfter()
      throws Exception {
    // MapGraph stands at lineage.runs-0:42.
    assertThat(get("/v1/nodes/" + MODEL + "?position=lineage.runs-0:42", 200).get("id").asText())
        .isEqualTo(MODEL);
    HttpResponse<String> behind =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.baseUrl() + "/v1/lineage/" + SOURCE + "?position=lineage.runs-0:43"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(behind.statusCode()).isEqualTo(503);
    assertThat(behind.headers().firstValue("Retry-After")).contains("1");
    assertThat(get("/v1/paths?from=a&to=b&position=nonsense", 400).get("reason").asText())
        .isEqualTo("bad-request");
    assertThat(
            post("/v1/closure?position=lineage.runs-0:43", "{\"starts\":[\"" + SOURCE + "\"]}", 503)
                .get("reason")
                .asText())
        .isEqualTo("unavailable");
  }

  @Test
  void unknownIsA404AndMalformedA400WithJsonReasons() throws Exception {
    assertThat(get("/v1/nodes/source:nobody", 404).get("reason").asText()).isEqualTo("not-found");
    assertThat(get("/v1/nodes/sha256:ABC", 400).get("reason").asText()).isEqualTo("bad-request");
    assertThat(get("/v1/lineage/" + SOURCE + "?direction=sideways", 400).get("message").asText())
        .contains("downstream");
    assertThat(get("/v1/lineage/" + SOURCE + "?depth=x", 400).get("message").asText())
        .contains("depth");
  }

  @Test
  void namesResolveToTheirNode() throws Exception {
    JsonNode byName = get("/v1/lineage/name:model_m92?direction=upstream&summary=true", 200);
    assertThat(byName.get("start").asText()).isEqualTo(MODEL);
    assertThat(byName.at("/counts/SOURCE").asInt()).isEqualTo(1);
    assertThat(get("/v1/nodes/name:nothing_here", 404).get("message").asText())
        .contains("nothing_here");
  }

  @Test
  void summaryCountsByKindWithAReceiptAndNoListing() throws Exception {
    JsonNode r = get("/v1/lineage/" + SOURCE + "?summary=true", 200);
    assertThat(r.has("nodes")).isFalse();
    assertThat(r.at("/counts/MODEL").asInt()).isEqualTo(1);
    assertThat(r.at("/counts/PREDICTIONS").asInt()).isEqualTo(1);
    assertThat(r.at("/counts/RUN").asInt()).isEqualTo(3);
    assertThat(r.at("/receipt/visited").asInt()).isEqualTo(7);
    assertThat(r.at("/receipt/truncated").asBoolean()).isFalse();
    assertThat(r.at("/receipt/depthReached").asInt()).isEqualTo(4);
    assertThat(r.at("/receipt/position").isObject()).isTrue();
  }

  @Test
  void kindsFilterTheListingAndLongListingsArePaged() throws Exception {
    JsonNode models = get("/v1/lineage/" + SOURCE + "?kinds=MODEL,PREDICTIONS", 200);
    assertThat(models.at("/page/total").asInt()).isEqualTo(3); // the start and the two results
    JsonNode first = get("/v1/lineage/" + SOURCE, 200);
    assertThat(first.get("nodes")).hasSize(2);
    assertThat(first.at("/page/nextOffset").asInt()).isEqualTo(2);
    int edges = 0;
    int listed = 0;
    for (int offset = 0; offset < 7; offset += 2) {
      JsonNode page = get("/v1/lineage/" + SOURCE + "?offset=" + offset, 200);
      listed += page.get("nodes").size();
      edges += page.get("edges").size();
    }
    assertThat(listed).isEqualTo(7);
    assertThat(edges).isEqualTo(6);
  }

  @Test
  void aDepthLimitIsStatedInTheReceipt() throws Exception {
    JsonNode r = get("/v1/lineage/" + SOURCE + "?depth=1&summary=true", 200);
    assertThat(r.at("/receipt/truncated").asBoolean()).isTrue();
    assertThat(r.at("/receipt/cutBy").asText()).isEqualTo("depth");
  }

  @Test
  void pathsBetweenTheSourceAndTheModelNameEveryStep() throws Exception {
    JsonNode r = get("/v1/paths?from=" + SOURCE + "&to=name:model_m92", 200);
    assertThat(r.get("paths")).hasSize(1);
    JsonNode path = r.get("paths").get(0);
    assertThat(path).hasSize(5);
    assertThat(path.get(2).get("name").asText()).isEqualTo("features_v47");
    assertThat(get("/v1/paths?from=" + SOURCE, 400).get("message").asText()).contains("'to'");
  }

  @Test
  void anOffsetNearTheLargestIntegerIsAnEmptyPageNotAnOverflow() throws Exception {
    JsonNode r = get("/v1/lineage/" + SOURCE + "?offset=2147483647", 200);
    assertThat(r.get("nodes")).isEmpty();
    assertThat(r.at("/page/total").asInt()).isEqualTo(7);
    assertThat(r.at("/page/offset").asInt()).isEqualTo(Integer.MAX_VALUE);
    assertThat(r.at("/page").has("nextOffset")).isFalse();
    JsonNode tooBig = get("/v1/lineage/" + SOURCE + "?offset=2147483648", 400);
    assertThat(tooBig.get("message").asText()).contains("'offset'").contains("2147483647");
  }

  @Test
  void anUnknownKindIsA400NamingItAndTheKnownKinds() throws Exception {
    JsonNode r = get("/v1/lineage/" + SOURCE + "?kinds=MODEL,BANANA", 400);
    assertThat(r.get("reason").asText()).isEqualTo("bad-request");
    assertThat(r.get("message").asText())
        .contains("'BANANA'")
        .contains("MODEL")
        .contains("DATASET")
        .contains("RUN");
    assertThat(get("/v1/lineage/" + SOURCE + "?kinds=BANANA&summary=true", 400)).isNotNull();
    // checked before the id is looked up: the typo is named even when the id is unknown too
    assertThat(get("/v1/lineage/source:nobody?kinds=BANANA", 400).get("message").asText())
        .contains("'BANANA'");
    // any case, and repeated parameters add up
    JsonNode both = get("/v1/lineage/" + SOURCE + "?kinds=model&kinds=predictions", 200);
    assertThat(both.at("/page/total").asInt()).isEqualTo(3);
  }

  @Test
  void summaryIsTrueOrFalseAndAnythingElseA400() throws Exception {
    assertThat(get("/v1/lineage/" + SOURCE + "?summary=TRUE", 200).has("counts")).isTrue();
    assertThat(get("/v1/lineage/" + SOURCE + "?summary=false", 200).has("nodes")).isTrue();
    JsonNode r = get("/v1/lineage/" + SOURCE + "?summary=maybe", 400);
    assertThat(r.get("message").asText()).contains("'summary'").contains("true or false");
    assertThat(r.get("message").asText()).contains("'maybe'");
  }

  @Test
  void aNegativeDepthIsA400() throws Exception {
    assertThat(get("/v1/lineage/" + SOURCE + "?depth=-1", 400).get("message").asText())
        .contains("depth");
  }

  @Test
  void maxPathsOneWithExactlyOnePathIsNotTruncated() throws Exception {
    JsonNode r = get("/v1/paths?from=" + SOURCE + "&to=" + MODEL + "&maxPaths=1", 200);
    assertThat(r.get("paths")).hasSize(1);
    assertThat(r.at("/receipt/truncated").asBoolean()).isFalse();
    assertThat(r.at("/receipt/cutBy").isNull()).isTrue();
  }

  @Test
  void aClosureBodyWithADuplicateKeyOrTrailingGarbageIsA400InPlainWords() throws Exception {
    for (String body :
        List.of(
            "{\"starts\":[\"" + SOURCE + "\"],\"depth\":1,\"depth\":9}",
            "{\"starts\":[\"" + SOURCE + "\"]} {\"starts\":[]}",
            "{\"starts\":[\"" + SOURCE + "\"]} garbage",
            "[".repeat(2000) + "]".repeat(2000),
            "{\"starts\": [")) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/closure"))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      JsonNode json = ApiServer.json().readTree(r.body());
      assertThat(json.get("reason").asText()).isEqualTo("bad-request");
      assertThat(json.get("message").asText())
          .as(body)
          .doesNotContain("`")
          .doesNotContainIgnoringCase("jackson")
          .doesNotContain("StreamRead")
          .doesNotContain("Source:");
    }
  }
}
