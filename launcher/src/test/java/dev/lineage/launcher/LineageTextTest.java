package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineageTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode node(String id, String kind, int depth, boolean registered) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("kind", kind);
    n.put("depth", depth);
    n.put("registered", registered);
    return n;
  }

  @Test
  void aDeepChainStopsIndentingAndStatesTheDepthInstead() {
    List<JsonNode> nodes = new ArrayList<>();
    List<JsonNode> edges = new ArrayList<>();
    int length = 200;
    for (int i = 0; i < length; i++) {
      nodes.add(node("run:step" + i, "RUN", i, true));
      if (i > 0) {
        edges.add(
            JSON.createObjectNode().put("from", "run:step" + (i - 1)).put("to", "run:step" + i));
      }
    }
    StringWriter text = new StringWriter();
    LineageText.listing(
        new PrintWriter(text, true),
        new LineageText.Listing(
            "run:step0", true, nodes, edges, length, JSON.createObjectNode().put("visited", 200)));
    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(length + 1);
    assertThat(lines)
        .allSatisfy(l -> assertThat(l.length()).isLessThan(3 * LineageText.MAX_INDENT + 40));
    assertThat(lines.get(length - 1)).contains("[depth 199] RUN  run:step199");
    assertThat(lines.get(length)).startsWith("receipt: visited 200 · complete");
  }

  @Test
  void aNodeKnownOnlyFromEdgesIsMarkedAndLongHexIsShortened() {
    assertThat(LineageText.label(node("source:live", "SOURCE", 0, false)))
        .isEqualTo("SOURCE  source:live (unregistered)");
    assertThat(LineageText.shortId("oci:ghcr.io/acme/trainer@sha256:" + "d".repeat(64)))
        .isEqualTo("oci:ghcr.io/acme/trainer@sha256:dddddddddddd…");
    assertThat(LineageText.shortId("git:" + "0123456789".repeat(4))).isEqualTo("git:012345678901…");
    assertThat(LineageText.shortId("run:abc")).isEqualTo("run:abc");
  }

  @Test
  void aReceiptWithManyPartitionsCountsThem() {
    ObjectNode receipt = JSON.createObjectNode();
    receipt.put("visited", 3).put("truncated", true).put("cutBy", "size").put("depthReached", 9);
    ObjectNode position = receipt.putObject("position");
    for (int p = 0; p < 12; p++) {
      position.put("lineage.runs-" + p, p);
    }
    assertThat(LineageText.receipt(receipt))
        .isEqualTo(
            "receipt: visited 3 · truncated (cut by size) · depth reached 9"
                + " · at 12 partition offsets (see --json)");
  }
}
