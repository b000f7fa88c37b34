package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.GraphEdge;
import dev.lineage.api.Node;
import dev.lineage.api.Receipt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageTextTest {
  private static Node node(String id, String kind, int depth, boolean registered) {
    return new Node(id, kind, null, null, depth, null, null, null, registered);
  }

  @Test
  void aDeepChainStopsIndentingAndStatesTheDepthInstead() {
    List<Node> nodes = new ArrayList<>();
    List<GraphEdge> edges = new ArrayList<>();
    int length = 200;
    for (int i = 0; i < length; i++) {
      nodes.add(node("run:step" + i, "RUN", i, true));
      if (i > 0) {
        edges.add(new GraphEdge("run:step" + (i - 1), "run:step" + i));
      }
    }
    StringWriter text = new StringWriter();
    LineageText.listing(
        new PrintWriter(text, true),
        new LineageText.Listing(
            "run:step0", true, nodes, edges, length, new Receipt(200, false, null, 0, null)));
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
    Map<String, Long> position = new LinkedHashMap<>();
    for (int p = 0; p < 12; p++) {
      position.put("lineage.runs-" + p, (long) p);
    }
    Receipt receipt = new Receipt(3, true, "size", 9, position);
    assertThat(LineageText.receipt(receipt))
        .isEqualTo(
            "receipt: visited 3 · truncated (cut by size) · depth reached 9"
                + " · at 12 partition offsets (see --json)");
  }
}
