package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code lineage query} against a real HTTP server ({@link ApiServer} on a free port) answering
 * with canned JSON in the shapes of {@code LineageQueries}: what a person reads, what a machine
 * reads, and every way an answer can fail.
 */
class QueryCommandTest {
  static final String SOURCE = "source:transactions_q1";
  static final String EXTRACT = "run:fraud_signal_extractor_r1";
  static final String FEATURES = "sha256:" + "a".repeat(64);
  static final String TRAINING = "run:training_j1829";
  static final String MODEL = "sha256:" + "b".repeat(64);
  static final String SCORING = "run:scoring_7";
  static final String SCORES = "sha256:" + "c".repeat(64);

  private static final Map<String, Object> POSITION =
      new java.util.TreeMap<>(Map.of("lineage.runs-0", 5L, "lineage.artifacts-0", 7L));

  private ApiServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> pauses = new ArrayList<>();
  private final AtomicInteger unavailableLeft = new AtomicInteger();

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    server = ApiServer.bind("127.0.0.1", 0);
    server.route("GET", "/v1/nodes/{id*}", this::node);
    server.route("GET", "/v1/lineage/{id*}", this::lineage);
    server.route("GET", "/v1/paths", this::paths);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // ---- the canned server ------------------------------------------------------------------

  private static Map<String, Object> node(
      String id, String kind, String name, String version, Integer depth) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("id", id);
    n.put("kind", kind);
    if (name != null) {
      n.put("name", name);
    }
    if (version != null) {
      n.put("version", version);
    }
    if (depth != null) {
      n.put("depth", depth);
    }
    n.put("attributes", Map.of("scenario", "seed"));
    n.put("signer", "k".repeat(64));
    n.put("firstSeen", "2025-01-01T00:01:00Z");
    n.put("registered", true);
    return n;
  }

  private static Map<String, Object> edge(String from, String to) {
    return Map.of("from", from, "to", to);
  }

  private static Map<String, Object> receipt(
      long visited, boolean truncated, String cutBy, int depth) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("visited", visited);
    r.put("truncated", truncated);
    r.put("cutBy", cutBy);
    r.put("depthReached", depth);
    r.put("position", POSITION);
    return r;
  }

  private ApiResponse node(ApiRequest request) {
    requests.add(request.path());
    unavailable();
    String id = request.pathParam("id");
    if (id.equals(EXTRACT)) {
      return ApiResponse.ok(node(EXTRACT, "RUN", "fraud_signal_extractor", "2.3", null));
    }
    if (id.equals(TRAINING)) {
      return ApiResponse.ok(node(TRAINING, "RUN", "model_training", "1.0", null));
    }
    if (id.equals(FEATURES)) {
      Map<String, Object> n = node(FEATURES, "DATASET", "features_v47", "47", null);
      n.put("position", POSITION);
      return ApiResponse.ok(n);
    }
    if (id.equals("source:refused")) {
      throw ApiException.badRequest("the server refuses this id");
    }
    if (id.equals("source:broken")) {
      throw new ApiException(500, "internal-error", "the server failed to answer; see its log");
    }
    throw ApiException.notFound("no node " + id + " in the lineage graph");
  }

  private ApiResponse lineage(ApiRequest request) {
    requests.add(request.path() + "?" + new java.util.TreeMap<>(request.query()));
    unavailable();
    String id = request.pathParam("id");
    String direction = request.queryParam("direction").orElse("downstream");
    boolean summary = request.queryParam("summary").isPresent();
    int offset = request.intQueryParam("offset").orElse(0);
    Map<String, Object> body = new LinkedHashMap<>();
    if (id.equals(SOURCE) && direction.equals("downstream") && summary) {
      body.put("start", SOURCE);
      body.put("direction", "downstream");
      body.put("counts", Map.of("DATASET", 1, "MODEL", 1, "PREDICTIONS", 1, "RUN", 3));
      body.put("receipt", receipt(7, false, null, 4));
      return ApiResponse.ok(body);
    }
    if (id.equals(SOURCE)
        && direction.equals("downstream")
        && request.query().containsKey("kinds")) {
      body.put("start", SOURCE);
      body.put("direction", "downstream");
      body.put(
          "nodes",
          List.of(
              node(SOURCE, "SOURCE", "transactions_q1", null, 0),
              node(MODEL, "MODEL", "model_m92", "92", 4),
              node(SCORES, "PREDICTIONS", "scores_7", null, 4)));
      body.put("edges", List.of());
      body.put("page", Map.of("offset", 0, "limit", 1000, "total", 3));
      body.put("receipt", receipt(7, false, null, 4));
      return ApiResponse.ok(body);
    }
    if (id.equals(SOURCE) && direction.equals("downstream")) {
      // two pages, each edge on the page of its farther end, as LineageQueries pages
      body.put("start", SOURCE);
      body.put("direction", "downstream");
      if (offset == 0) {
        body.put(
            "nodes",
            List.of(
                node(SOURCE, "SOURCE", "transactions_q1", null, 0),
                node(EXTRACT, "RUN", "fraud_signal_extractor", "2.3", 1),
                node(FEATURES, "DATASET", "features_v47", "47", 2)));
        body.put("edges", List.of(edge(SOURCE, EXTRACT), edge(EXTRACT, FEATURES)));
        body.put("page", Map.of("offset", 0, "limit", 3, "total", 7, "nextOffset", 3));
      } else {
        body.put(
            "nodes",
            List.of(
                node(TRAINING, "RUN", "model_training", "1.0", 3),
                node(SCORING, "RUN", "scoring", "7", 3),
                node(MODEL, "MODEL", "model_m92", "92", 4),
                node(SCORES, "PREDICTIONS", "scores_7", null, 4)));
        body.put(
            "edges",
            List.of(
                edge(FEATURES, TRAINING),
                edge(FEATURES, SCORING),
                edge(TRAINING, MODEL),
                edge(SCORING, SCORES),
                edge(TRAINING, SCORES),
                edge(MODEL, SCORING)));
        body.put("page", Map.of("offset", 3, "limit", 1000, "total", 7));
      }
      body.put("receipt", receipt(7, false, null, 4));
      return ApiResponse.ok(body);
    }
    if (id.equals(MODEL) && direction.equals("upstream")) {
      body.put("start", MODEL);
      body.put("direction", "upstream");
      body.put(
          "nodes",
          List.of(
              node(MODEL, "MODEL", "model_m92", "92", 0),
              node(TRAINING, "RUN", "model_training", "1.0", 1)));
      body.put("edges", List.of(edge(TRAINING, MODEL)));
      body.put("page", Map.of("offset", 0, "limit", 1000, "total", 2));
      body.put("receipt", receipt(2, true, "depth", 1));
      return ApiResponse.ok(body);
    }
    throw ApiException.notFound("no node " + id + " in the lineage graph");
  }

  private ApiResponse paths(ApiRequest request) {
    requests.add(request.path());
    String from = request.requiredQueryParam("from");
    String to = request.requiredQueryParam("to");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from);
    body.put("to", to);
    if (from.equals(SOURCE) && to.equals(MODEL)) {
      body.put(
          "paths",
          List.of(
              List.of(
                  step(SOURCE, "SOURCE", "transactions_q1"),
                  step(EXTRACT, "RUN", "fraud_signal_extractor"),
                  step(FEATURES, "DATASET", "features_v47"),
                  step(TRAINING, "RUN", "model_training"),
                  step(MODEL, "MODEL", "model_m92"))));
    } else {
      body.put("paths", List.of());
    }
    body.put("receipt", receipt(9, false, null, 4));
    return ApiResponse.ok(body);
  }

  private static Map<String, Object> step(String id, String kind, String name) {
    return Map.of("id", id, "kind", kind, "name", name);
  }

  private void unavailable() {
    if (unavailableLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw ApiException.unavailable("state is moving between instances", 3);
    }
  }

  // ---- running the command --------------------------------------------------------------

  private Run lineage(String... args) {
    CommandLine cli = Main.commandLine();
    CommandLine query = cli.getSubcommands().get("query");
    for (CommandLine sub : query.getSubcommands().values()) {
      QueryCommand.Query q = sub.getCommand();
      q.pause = pauses::add;
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run query(String... args) {
    List<String> all = new ArrayList<>(List.of("query"));
    all.addAll(List.of(args));
    all.add("--http");
    all.add(server.baseUrl());
    return lineage(all.toArray(String[]::new));
  }

  // ---- what a person reads --------------------------------------------------------------

  @Test
  void downstreamIsATreeReadFromEveryPageWithTheReceiptLast() {
    // scores_7 has two inputs one step nearer the start: it hangs under the first, naming the
    // other; the edge model_m92 -> scoring_7 leads back up and places nothing
    Run r = query("downstream", SOURCE);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "SOURCE transactions_q1  " + SOURCE,
            "└─ RUN fraud_signal_extractor 2.3  " + EXTRACT,
            "   └─ DATASET features_v47 47  " + FEATURES,
            "      ├─ RUN model_training 1.0  " + TRAINING,
            "      │  ├─ MODEL model_m92 92  " + MODEL,
            "      │  └─ PREDICTIONS scores_7  " + SCORES + "  (also from " + SCORING + ")",
            "      └─ RUN scoring 7  " + SCORING,
            "receipt: visited 7 · complete · depth reached 4 · at "
                + "lineage.artifacts-0:7, lineage.runs-0:5");
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0)).contains("offset=[0]").contains("direction=[downstream]");
    // the page size is left to the server, which may cap it lower than a client would guess
    assertThat(requests.get(0)).doesNotContain("limit=");
    assertThat(requests.get(1)).contains("offset=[3]");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void upstreamHangsTheTreeTheOtherWayAndSaysWhatCutIt() {
    Run r = query("upstream", MODEL, "--depth", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "MODEL model_m92 92  " + MODEL,
            "└─ RUN model_training 1.0  " + TRAINING,
            "receipt: visited 2 · truncated (cut by depth) · depth reached 1 · at "
                + "lineage.artifacts-0:7, lineage.runs-0:5");
    assertThat(requests.get(0)).contains("depth=[1]").contains("direction=[upstream]");
  }

  @Test
  void aKindsFilterListsTheMatchesByDepth() {
    Run r = query("downstream", SOURCE, "--kinds", "MODEL,PREDICTIONS");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .startsWith(
            "SOURCE transactions_q1  " + SOURCE,
            "  [depth 4] MODEL model_m92 92  " + MODEL,
            "  [depth 4] PREDICTIONS scores_7  " + SCORES);
    assertThat(requests.get(0)).contains("kinds=[MODEL,PREDICTIONS]");
  }

  @Test
  void aLimitStopsFollowingPagesAndSaysSo() {
    Run r = query("downstream", SOURCE, "--limit", "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0)).contains("limit=[3]");
    assertThat(r.out()).contains("listing stops at 3 of 7 nodes (raise --limit to see more)");
  }

  @Test
  void summaryCountsByKind() {
    Run r = query("downstream", SOURCE, "--summary");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "downstream of " + SOURCE + ":",
            "  DATASET      1",
            "  MODEL        1",
            "  PREDICTIONS  1",
            "  RUN          3",
            "  total        6 (the start not counted)",
            "receipt: visited 7 · complete · depth reached 4 · at "
                + "lineage.artifacts-0:7, lineage.runs-0:5");
  }

  @Test
  void aPathIsOneLineOfArrowsWithEachRunsProcessAndVersion() {
    Run r = query("path", SOURCE, MODEL);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "1 path from source:transactions_q1 to sha256:bbbbbbbbbbbb…:",
            "  1. source:transactions_q1"
                + " → run:fraud_signal_extractor_r1 (fraud_signal_extractor 2.3)"
                + " → features_v47 (sha256:aaaaaaaaaaaa…)"
                + " → run:training_j1829 (model_training 1.0)"
                + " → model_m92 (sha256:bbbbbbbbbbbb…)",
            "receipt: visited 9 · complete · depth reached 4 · at "
                + "lineage.artifacts-0:7, lineage.runs-0:5");
    // the path answer names runs without their version: each run was looked up once
    assertThat(requests)
        .containsExactly("/v1/paths", "/v1/nodes/" + EXTRACT, "/v1/nodes/" + TRAINING);
  }

  @Test
  void noPathIsAnAnswer() {
    Run r = query("path", MODEL, SOURCE);
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("no path from " + MODEL + " to " + SOURCE + "\n");
  }

  @Test
  void aNodeIsAShortSheet() {
    Run r = query("node", FEATURES);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            FEATURES,
            "  kind        DATASET",
            "  name        features_v47",
            "  version     47",
            "  registered  yes",
            "  signer      " + "k".repeat(64),
            "  first seen  2025-01-01T00:01:00Z",
            "  attributes  scenario=seed",
            "  position    lineage.artifacts-0:7, lineage.runs-0:5");
  }

  // ---- what a machine reads -------------------------------------------------------------

  @Test
  void jsonIsTheServersAnswerAsItCameOneDocumentPerPage() throws Exception {
    Run node = query("node", FEATURES, "--json");
    assertThat(node.code()).isZero();
    JsonNode parsed = ApiServer.json().readTree(node.out());
    assertThat(parsed.get("name").asText()).isEqualTo("features_v47");
    assertThat(node.out()).isEqualTo(ApiServer.json().writeValueAsString(parsed) + "\n");

    Run listing = query("downstream", SOURCE, "--json");
    assertThat(listing.code()).isZero();
    List<String> pages = listing.out().lines().toList();
    assertThat(pages).hasSize(2);
    int nodes = 0;
    for (String page : pages) {
      nodes += ApiServer.json().readTree(page).get("nodes").size();
    }
    assertThat(nodes).isEqualTo(7);

    Run path = query("path", SOURCE, MODEL, "--json");
    assertThat(ApiServer.json().readTree(path.out()).get("paths")).hasSize(1);
    assertThat(requests).filteredOn(p -> p.startsWith("/v1/nodes/run:")).isEmpty();
  }

  // ---- failures ------------------------------------------------------------------------

  @Test
  void anUnknownNodeIsTheServersMessageAndExit1() {
    Run r = query("downstream", "source:nobody");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo("lineage query downstream: no node source:nobody in the lineage graph\n");
  }

  @Test
  void aMalformedIdIsAUsageErrorBeforeAnyRequest() {
    Run r = query("node", "sha256:ABC");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("lineage query node: ").contains("sha256");
    assertThat(requests).isEmpty();
  }

  @Test
  void aRequestTheServerRefusesIsAUsageErrorWithItsMessage() {
    Run r = query("node", "source:refused");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("the server refuses this id");
  }

  @Test
  void aServerFailureIsExit1WithStatusAndMessage() {
    Run r = query("node", "source:broken");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("HTTP 500 (internal-error): the server failed to answer; see its log")
        .doesNotContain("\tat ");
  }

  @Test
  void aBusyServerIsAskedAgainAfterTheWaitItAsksFor() {
    unavailableLeft.set(2);
    Run r = query("node", FEATURES);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(pauses).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    assertThat(requests).hasSize(3);
  }

  @Test
  void aServerThatStaysBusyIsGivenUpOnAfterAFewAttempts() {
    unavailableLeft.set(100);
    Run r = query("downstream", SOURCE);
    assertThat(r.code()).isEqualTo(1);
    assertThat(requests).hasSize(CommandLineApi.MAX_ATTEMPTS);
    assertThat(pauses).hasSize(CommandLineApi.MAX_ATTEMPTS - 1);
    assertThat(r.err())
        .contains("is not ready to answer (state is moving between instances)")
        .contains("gave up after " + CommandLineApi.MAX_ATTEMPTS + " attempts");
  }

  @Test
  void noServerAtTheAddressSaysHowToStartOne() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    Run r = lineage("query", "node", FEATURES, "--http", url);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "lineage query node: no Lineage server answers at "
                + url
                + " (start one with ./lineage up)\n");
  }

  @Test
  void anInstanceThatIsGoneHandsTheQuestionToTheNextNamedInHttp() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Run alone = query("node", FEATURES);
    Run r =
        lineage(
            "query",
            "node",
            FEATURES,
            "--http",
            "http://127.0.0.1:" + port + "," + server.baseUrl());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(alone.out());
  }

  @Test
  void somethingElseAtTheAddressIsNamedAsSuch() throws Exception {
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext(
        "/",
        exchange -> {
          byte[] page = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    other.start();
    try {
      String url = "http://127.0.0.1:" + other.getAddress().getPort();
      Run r = lineage("query", "node", FEATURES, "--http", url);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("did not answer with Lineage JSON (HTTP 200, text/html)");
    } finally {
      other.stop(0);
    }
  }

  @Test
  void theServerComesFromTheOptionThenTheEnvironmentThenTheLocalDefault() {
    assertThat(QueryCommand.serverUrl("http://a:1/", Map.of("LINEAGE_HTTP", "http://b:2")))
        .hasToString("http://a:1");
    assertThat(QueryCommand.serverUrl(null, Map.of("LINEAGE_HTTP", "http://b:2/api/")))
        .hasToString("http://b:2/api");
    assertThat(QueryCommand.serverUrl(null, Map.of())).hasToString("http://127.0.0.1:8080");
    Run r = lineage("query", "node", FEATURES, "--http", "ftp://x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--http: expected http://HOST:PORT");
  }

  @Test
  void queryAloneAsksForASubcommand() {
    Run r = lineage("query");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("downstream, upstream, path or node");
  }

  @Test
  void anUnknownKindIsAUsageErrorBeforeAnyRequest() {
    Run r = query("downstream", SOURCE, "--kinds", "MODEL,BANANA");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("lineage query downstream: --kinds: unknown kind 'BANANA'; kinds are ARTIFACT,")
        .endsWith("; see 'lineage query downstream --help'");
    assertThat(requests).isEmpty();
    assertThat(query("downstream", SOURCE, "--kinds", "model", "--summary").code()).isZero();
  }
}
