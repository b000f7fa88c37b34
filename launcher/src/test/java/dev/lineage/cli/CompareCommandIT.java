package dev.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.cli.CliTest.Run;
import dev.lineage.compare.SyntheticScores;
import dev.lineage.hash.Sha256;
import dev.lineage.publish.TopicRecords;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lineage compare --publish} end to end: a real broker, and a stand-in node API. */
class CompareCommandIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  static final String BASELINE_NODE =
      "{\"id\":\"run:train_1\",\"kind\":\"RUN\",\"processName\":\"trainer\","
          + "\"environment\":{\"cpu.arch\":\"amd64\",\"gpu.type\":\"A100\",\"gpu.count\":\"8\"}}";
  static final String CANDIDATE_NODE = "{\"id\":\"run:train_1_rerun\",\"kind\":\"RUN\"}";

  @TempDir Path tmp;
  Topics topics;
  KeyPair key;
  Path keyFile;
  Path baseline;
  Path rerun;
  Path other;
  HttpServer nodes;

  @BeforeEach
  void setUp() throws IOException {
    topics = TopicRecords.provision(KAFKA.bootstrapServers(), "compare");
    key = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    keyFile = tmp.resolve("producer.key");
    KeyPairs.writePrivateKey(key.getPrivate(), keyFile);
    SyntheticScores data = new SyntheticScores(SyntheticScores.EXAMPLES, 42);
    double[] scores = data.model(1, 2.0);
    baseline = Files.write(tmp.resolve("baseline.csv"), data.csv(scores, 0));
    rerun =
        Files.write(tmp.resolve("rerun.csv"), data.csv(SyntheticScores.rerun(scores, 1e-4, 9), 3));
    other = Files.write(tmp.resolve("other.csv"), data.csv(data.model(2, 2.0), 0));

    // the contract's GET /v1/nodes/{id}, as lineage-streams answers it
    Map<String, String> answers =
        Map.of(
            "/v1/nodes/run:train_1", BASELINE_NODE,
            "/v1/nodes/run:train_1_rerun", CANDIDATE_NODE);
    nodes = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    nodes.createContext(
        "/v1/nodes/",
        exchange -> {
          String body = answers.get(exchange.getRequestURI().getPath());
          byte[] bytes =
              (body == null ? "{\"error\":\"not-found\"}" : body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    nodes.start();
  }

  @AfterEach
  void stopNodes() {
    nodes.stop(0);
  }

  String[] publish(Path candidate, String... more) {
    String[] args = {
      "--baseline",
      baseline.toString(),
      "--candidate",
      candidate.toString(),
      "--publish",
      "--key",
      keyFile.toString(),
      "--baseline-run",
      "run:train_1",
      "--candidate-run",
      "run:train_1_rerun",
      "--bootstrap-servers",
      KAFKA.bootstrapServers(),
      "--topic-prefix",
      topics.prefix()
    };
    return PublishCommandsTest.append(args, more);
  }

  String http() {
    return "http://127.0.0.1:" + nodes.getAddress().getPort();
  }

  static ConsumerRecord<byte[], byte[]> onlyRecord(String topic) {
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(KAFKA.bootstrapServers(), topic, 1);
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  @Test
  void publishesASignedAttestationWithFiguresDigestsAndHardware() throws Exception {
    Run r = CliTest.run(new CompareCommand(), publish(rerun, "--http", http(), "--json"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("note: run:train_1_rerun has no environment on record");
    ConsumerRecord<byte[], byte[]> record = onlyRecord(topics.runs().name());
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("run:train_1_rerun");
    EquivalenceAttested event =
        TopicRecords.verifiedEvent(record, EventType.EQUIVALENCE_ATTESTED, key);

    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(event.getBaselineRunId()).isEqualTo("run:train_1");
    assertThat(event.getCandidateRunId()).isEqualTo("run:train_1_rerun");
    assertThat(event.getBaselineOutputsDigest()).isEqualTo(Sha256.ofFile(baseline).toString());
    assertThat(event.getCandidateOutputsDigest()).isEqualTo(Sha256.ofFile(rerun).toString());
    assertThat(event.getExamples()).isEqualTo(10_000);
    assertThat(event.getAucTolerance()).isEqualTo(0.01);
    assertThat(event.getMaxDiffFraction()).isEqualTo(0.005);
    assertThat(event.getScoreTolerance()).isNull();
    assertThat(event.getDecisionThreshold()).isEqualTo(0.5);
    assertThat(event.getBaselineAuc()).isEqualTo(json.at("/baseline/auc").asDouble());
    assertThat(event.getCandidateAuc()).isEqualTo(json.at("/candidate/auc").asDouble());
    assertThat(event.getDecisionDiffFraction())
        .isEqualTo(json.get("decisionDiffFraction").asDouble());
    assertThat(event.getMeanAbsScoreDiff()).isEqualTo(json.at("/absScoreDiff/mean").asDouble());
    assertThat(event.getMaxAbsScoreDiff()).isEqualTo(json.at("/absScoreDiff/max").asDouble());
    assertThat(event.getEquivalent()).isTrue();
    assertThat(event.getBaselineHardware())
        .isEqualTo(Map.of("cpu.arch", "amd64", "gpu.type", "A100", "gpu.count", "8"));
    assertThat(event.getCandidateHardware()).isEmpty();
    assertThat(json.at("/published/key").asText()).isEqualTo("run:train_1_rerun");
    assertThat(json.at("/published/offset").asLong()).isEqualTo(record.offset());
    assertThat(json.at("/published/envelope").asText())
        .isEqualTo(AvroEnvelopes.digest(record.value()).toString());
  }

  @Test
  void aRefusedRerunIsPublishedTooAndExitsOne() throws Exception {
    Run r = CliTest.run(new CompareCommand(), publish(other, "--score-tolerance", "0.5"));

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).contains("NOT equivalent: max-diff-fraction");
    assertThat(r.out()).containsPattern("attestation +published " + topics.runs().name());
    assertThat(r.err()).contains("note: no --http");
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(KAFKA.bootstrapServers(), topics.runs().name(), 1);
    EquivalenceAttested event =
        TopicRecords.verifiedEvent(records.get(0), EventType.EQUIVALENCE_ATTESTED, key);
    assertThat(event.getEquivalent()).isFalse();
    assertThat(event.getScoreTolerance()).isEqualTo(0.5);
    assertThat(event.getBaselineHardware()).isEmpty();
  }

  @Test
  void anUnknownRunOnTheServerPublishesNothing() throws Exception {
    String[] args = publish(rerun, "--http", http());
    args[10] = "run:never_ran";
    Run r = CliTest.run(new CompareCommand(), args);
    assertThat(r.code()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.err()).contains("run:never_ran is not known to the Lineage server");
    assertThat(r.out()).isEmpty();
  }
}
