package dev.lineage.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The records as the server writes them (its mapper: plain Jackson) and as the client reads them
 * back: the exact JSON the explorer and the docs rely on, field names and order included.
 */
class ContractJsonTest {
  private static final ObjectMapper SERVER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private static final ObjectMapper CLIENT =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static <T> T roundTrip(T value, String json, Class<T> type) throws Exception {
    assertThat(SERVER.writeValueAsString(value)).isEqualTo(json);
    T read = CLIENT.readValue(json, type);
    assertThat(read).isEqualTo(value);
    return read;
  }

  private static Map<String, Long> position() {
    Map<String, Long> p = new LinkedHashMap<>();
    p.put("lineage.graph-ops-0", 12L);
    p.put("lineage.graph-ops-1", 3L);
    return p;
  }

  @Test
  void aClosureKeepsItsFieldNamesAndLeavesOutUnknownNames() throws Exception {
    Closure closure =
        new Closure(
            List.of("source:q1"),
            List.of("source:gone"),
            "downstream",
            List.of(
                new ClosureNode("source:q1", "SOURCE", "q1", null, 0, true),
                new ClosureNode("run:t1", "RUN", null, null, 1, false)),
            List.of(new GraphEdge("source:q1", "run:t1")),
            new Receipt(2, false, null, 1, position()));

    Closure read =
        roundTrip(
            closure,
            "{\"starts\":[\"source:q1\"],\"missing\":[\"source:gone\"],\"direction\":\"downstream\","
                + "\"nodes\":[{\"id\":\"source:q1\",\"kind\":\"SOURCE\",\"name\":\"q1\",\"depth\":0,"
                + "\"registered\":true},{\"id\":\"run:t1\",\"kind\":\"RUN\",\"depth\":1,"
                + "\"registered\":false}],\"edges\":[{\"from\":\"source:q1\",\"to\":\"run:t1\"}],"
                + "\"receipt\":{\"visited\":2,\"truncated\":false,\"cutBy\":null,\"depthReached\":1,"
                + "\"position\":{\"lineage.graph-ops-0\":12,\"lineage.graph-ops-1\":3}}}",
            Closure.class);
    // the bound a later question passes back as ?position=
    assertThat(read.receipt().positionText())
        .isEqualTo("{\"lineage.graph-ops-0\":12,\"lineage.graph-ops-1\":3}");
  }

  @Test
  void aNodeStatesOnlyWhatIsKnownThenItsPosition() throws Exception {
    NodeDetails run =
        new NodeDetails(
            "run:t1",
            "RUN",
            "trainer",
            "2.3",
            new TreeMap<>(Map.of("gpu", "a100")),
            "ab12",
            "2025-01-01T00:00:00Z",
            true,
            null,
            null,
            null,
            "trainer",
            "2.3",
            null,
            "sha256:" + "d".repeat(64),
            "2025-01-01T00:00:00Z",
            "2025-01-01T01:00:00Z",
            null,
            List.of(
                new Equivalence(
                    "run:t0", "candidate", "sha256:e", 0.001, 0.0, "cd34", "2025-01-02T00:00:00Z")),
            position());

    roundTrip(
        run,
        "{\"id\":\"run:t1\",\"kind\":\"RUN\",\"name\":\"trainer\",\"version\":\"2.3\","
            + "\"attributes\":{\"gpu\":\"a100\"},\"signer\":\"ab12\","
            + "\"firstSeen\":\"2025-01-01T00:00:00Z\",\"registered\":true,"
            + "\"processName\":\"trainer\",\"processVersion\":\"2.3\","
            + "\"manifestDigest\":\"sha256:"
            + "d".repeat(64)
            + "\",\"startedAt\":\"2025-01-01T00:00:00Z\",\"endedAt\":\"2025-01-01T01:00:00Z\","
            + "\"equivalentTo\":[{\"run\":\"run:t0\",\"role\":\"candidate\","
            + "\"attestation\":\"sha256:e\",\"aucDifference\":0.001,\"decisionDiffFraction\":0.0,"
            + "\"signer\":\"cd34\",\"signedAt\":\"2025-01-02T00:00:00Z\"}],"
            + "\"position\":{\"lineage.graph-ops-0\":12,\"lineage.graph-ops-1\":3}}",
        NodeDetails.class);
  }

  @Test
  void aRunWithoutAStartWritesItsStartAsNull() throws Exception {
    ProcessRuns runs =
        new ProcessRuns(
            "fx",
            List.of(
                ProcessRun.of("run:r1", "2.3", null, Instant.parse("2025-01-01T00:11:00Z")),
                ProcessRun.of(
                    "run:r2",
                    "2.4",
                    Instant.parse("2025-01-02T00:00:00Z"),
                    Instant.parse("2025-01-02T00:10:00.500Z"))),
            new Receipt(2, false, null, 0, Map.of()));

    ProcessRuns read =
        roundTrip(
            runs,
            "{\"process\":\"fx\",\"runs\":[{\"id\":\"run:r1\",\"version\":\"2.3\","
                + "\"startedAt\":null,\"endedAt\":\"2025-01-01T00:11:00Z\"},{\"id\":\"run:r2\","
                + "\"version\":\"2.4\",\"startedAt\":\"2025-01-02T00:00:00Z\","
                + "\"endedAt\":\"2025-01-02T00:10:00.500Z\"}],\"receipt\":{\"visited\":2,"
                + "\"truncated\":false,\"cutBy\":null,\"depthReached\":0,\"position\":{}}}",
            ProcessRuns.class);
    assertThat(read.runs().get(1).endedAtInstant())
        .isEqualTo(Instant.parse("2025-01-02T00:10:00.500Z"));
    assertThat(read.runs().get(0).startedAtInstant()).isNull();
  }

  @Test
  void aListingPageSaysWhereTheNextStartsOnlyWhenOneFollows() throws Exception {
    Lineage page =
        new Lineage(
            "source:q1",
            "downstream",
            null,
            List.of(new Node("source:q1", "SOURCE", "q1", null, 0, null, null, null, true)),
            List.of(),
            new Page(0, 1, 2, 1),
            new Receipt(2, false, null, 1, Map.of()));
    roundTrip(
        page,
        "{\"start\":\"source:q1\",\"direction\":\"downstream\",\"nodes\":[{\"id\":\"source:q1\","
            + "\"kind\":\"SOURCE\",\"name\":\"q1\",\"depth\":0,\"registered\":true}],\"edges\":[],"
            + "\"page\":{\"offset\":0,\"limit\":1,\"total\":2,\"nextOffset\":1},\"receipt\":"
            + "{\"visited\":2,\"truncated\":false,\"cutBy\":null,\"depthReached\":1,\"position\":{}}}",
        Lineage.class);

    Lineage summary =
        new Lineage(
            "source:q1",
            "upstream",
            Map.of("RUN", 1L),
            null,
            null,
            null,
            new Receipt(2, false, null, 1, Map.of()));
    roundTrip(
        summary,
        "{\"start\":\"source:q1\",\"direction\":\"upstream\",\"counts\":{\"RUN\":1},\"receipt\":"
            + "{\"visited\":2,\"truncated\":false,\"cutBy\":null,\"depthReached\":1,\"position\":{}}}",
        Lineage.class);
  }

  @Test
  void aRefusalAndADeploymentVerdictKeepTheirShapes() throws Exception {
    roundTrip(
        new ApiError(404, "not-found", "no node source:x in the lineage graph"),
        "{\"status\":404,\"reason\":\"not-found\",\"message\":\"no node source:x in the lineage"
            + " graph\"}",
        ApiError.class);

    roundTrip(
        new Deployment(
            false,
            "name:m92",
            null,
            List.of(),
            List.of(),
            List.of(new Deployment.Reason("unknown-name", "no artifact is registered"))),
        "{\"approved\":false,\"model\":\"name:m92\",\"producedBy\":[],\"approvals\":[],"
            + "\"reasons\":[{\"code\":\"unknown-name\",\"detail\":\"no artifact is registered\"}]}",
        Deployment.class);

    roundTrip(
        new Deployment(
            true,
            "sha256:m",
            "sha256:env",
            List.of(new Deployment.ProducingRun("run:t", null, "sha256:man")),
            List.of(
                new Deployment.Decision(
                    "sha256:env",
                    "APPROVED",
                    "sha256:man",
                    "k1",
                    "2025-01-01T00:00:00Z",
                    null,
                    true,
                    List.of())),
            List.of()),
        "{\"approved\":true,\"model\":\"sha256:m\",\"decidedBy\":\"sha256:env\","
            + "\"producedBy\":[{\"run\":\"run:t\",\"manifestDigest\":\"sha256:man\"}],"
            + "\"approvals\":[{\"envelope\":\"sha256:env\",\"decision\":\"APPROVED\","
            + "\"manifestDigest\":\"sha256:man\",\"signer\":\"k1\","
            + "\"signedAt\":\"2025-01-01T00:00:00Z\",\"valid\":true,\"reasons\":[]}],"
            + "\"reasons\":[]}",
        Deployment.class);
  }

  @Test
  void theExplorersLogsKeepTheirFieldNamesAndLeaveOutTheOtherCause() throws Exception {
    LoggedRequest deletion =
        LoggedRequest.deletion(
                "gdpr-1",
                "source:q1",
                3L,
                "sha256:" + "a".repeat(64),
                null,
                "2026-12-05T00:00:00Z",
                "k1",
                "sha256:" + "b".repeat(64))
            .at("lineage.deletion-requests", 2, 7);
    roundTrip(
        new RequestLog(List.of(deletion), 1, true),
        "{\"requests\":[{\"requestId\":\"gdpr-1\",\"cause\":\"DELETION\",\"subject\":\"source:q1\","
            + "\"recordCount\":3,\"recordSetDigest\":\"sha256:"
            + "a".repeat(64)
            + "\",\"appendedAt\":\"2026-12-05T00:00:00Z\",\"signer\":\"k1\",\"envelope\":\"sha256:"
            + "b".repeat(64)
            + "\",\"topic\":\"lineage.deletion-requests\",\"partition\":2,\"offset\":7}],"
            + "\"refused\":1,\"complete\":true}",
        RequestLog.class);

    LoggedTrigger trigger =
        new LoggedTrigger(
            "t1",
            "gdpr-1",
            "DELETION",
            "sha256:" + "c".repeat(64),
            "model_m92",
            null,
            List.of(
                List.of(
                    new LoggedTrigger.Step("source:q1", null),
                    new LoggedTrigger.Step("sha256:" + "c".repeat(64), "model_m92"))),
            "RETRAIN",
            "no-dp-guarantee",
            null,
            3L,
            null,
            "2026-12-05T00:00:01Z",
            "2026-12-05T00:00:02Z",
            "k2",
            0,
            4);
    roundTrip(
        new Triggers("gdpr-1", List.of(trigger), 0, 0, new Triggers.Scanned(20000, 3), true),
        "{\"request\":\"gdpr-1\",\"triggers\":[{\"triggerId\":\"t1\",\"requestId\":\"gdpr-1\","
            + "\"cause\":\"DELETION\",\"modelId\":\"sha256:"
            + "c".repeat(64)
            + "\",\"modelName\":\"model_m92\",\"paths\":[[{\"id\":\"source:q1\"},{\"id\":\"sha256:"
            + "c".repeat(64)
            + "\",\"name\":\"model_m92\"}]],\"action\":\"RETRAIN\",\"rule\":\"no-dp-guarantee\","
            + "\"recordCount\":3,\"signedAt\":\"2026-12-05T00:00:01Z\","
            + "\"appendedAt\":\"2026-12-05T00:00:02Z\",\"signer\":\"k2\",\"partition\":0,"
            + "\"offset\":4}],\"repeats\":0,\"refused\":0,\"scanned\":{\"perPartition\":20000,"
            + "\"partitions\":3},\"complete\":true}",
        Triggers.class);

    roundTrip(
        new Rejected(
            "lineage.rejected",
            20,
            false,
            List.of(
                new RejectedRecord(
                    1,
                    9,
                    "2026-12-05T00:00:03Z",
                    "malformed",
                    null,
                    "lineage.runs",
                    2L,
                    41L,
                    null,
                    "sha256:" + "d".repeat(64),
                    null,
                    null,
                    null,
                    null))),
        "{\"topic\":\"lineage.rejected\",\"limit\":20,\"complete\":false,\"records\":[{"
            + "\"partition\":1,\"offset\":9,\"timestamp\":\"2026-12-05T00:00:03Z\","
            + "\"reason\":\"malformed\",\"detail\":null,\"sourceTopic\":\"lineage.runs\","
            + "\"sourcePartition\":2,\"sourceOffset\":41,\"keyDigest\":\"sha256:"
            + "d".repeat(64)
            + "\"}]}",
        Rejected.class);
  }

  @Test
  void aSearchSaysWhichInstancesDidNotAnswerOnlyWhenSomeDidNot() throws Exception {
    SearchHit hit =
        new SearchHit(
            "sha256:" + "e".repeat(64), "MODEL", "model_m92", "1", 2, "name-prefix", true);
    roundTrip(
        new Search("model", List.of(hit), true, List.of("10.0.0.2:8080")),
        "{\"query\":\"model\",\"hits\":[{\"id\":\"sha256:"
            + "e".repeat(64)
            + "\",\"kind\":\"MODEL\",\"name\":\"model_m92\",\"version\":\"1\",\"versions\":2,"
            + "\"match\":\"name-prefix\",\"registered\":true}],\"partial\":true,"
            + "\"unanswered\":[\"10.0.0.2:8080\"]}",
        Search.class);
    assertThat(
            SERVER.writeValueAsString(
                new Search(
                    "x",
                    List.of(
                        new SearchHit("source:x", "SOURCE", null, null, null, "exact-id", false)),
                    false,
                    List.of())))
        .isEqualTo(
            "{\"query\":\"x\",\"hits\":[{\"id\":\"source:x\",\"kind\":\"SOURCE\","
                + "\"match\":\"exact-id\",\"registered\":false}],\"partial\":false}");
  }
}
