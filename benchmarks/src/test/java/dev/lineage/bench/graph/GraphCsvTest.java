package dev.lineage.bench.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphCsvTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);

  @TempDir Path dir;

  @Test
  void generatedGraphSurvivesARoundTrip() throws IOException {
    LineageGraph graph = GraphGenerator.generate(3_000, 5);
    Path edges = dir.resolve("edges.csv");
    Path nodes = dir.resolve("nodes.csv");
    GraphCsv.writeEdges(graph, edges);
    GraphCsv.writeNodes(graph, nodes);

    LineageGraph read = GraphCsv.read(nodes, edges);

    assertThat(read.size()).isEqualTo(graph.size());
    assertThat(read.edgeCount()).isEqualTo(graph.edgeCount());
    for (int v = 0; v < graph.size(); v++) {
      int r = read.indexOf(graph.id(v));
      assertThat(read.kind(r)).isEqualTo(graph.kind(v));
      assertThat(read.name(r)).isEqualTo(graph.name(v));
      assertThat(read.version(r)).isEqualTo(graph.version(v));
      assertThat(ids(read, read.successors(r))).containsExactly(ids(graph, graph.successors(v)));
    }
    assertThat(Files.readAllLines(edges).get(0)).isEqualTo("from,to");
    assertThat(Files.readAllLines(nodes).get(0)).isEqualTo("id,kind,name,version");
  }

  @Test
  void anEdgeListAloneTakesKindsFromIdPrefixes() throws IOException {
    Path edges =
        write(
            "from,to",
            "source:transactions_q1,run:extract-1",
            "run:extract-1," + A,
            "git:" + "c".repeat(40) + ",run:extract-1",
            "oci:registry.example/app@sha256:" + "d".repeat(64) + ",run:extract-1");

    LineageGraph graph = GraphCsv.readEdges(edges);

    assertThat(graph.size()).isEqualTo(5);
    assertThat(graph.edgeCount()).isEqualTo(4);
    assertThat(kindOf(graph, "source:transactions_q1")).isEqualTo("SOURCE");
    assertThat(kindOf(graph, "run:extract-1")).isEqualTo("RUN");
    assertThat(kindOf(graph, A)).isEqualTo("ARTIFACT");
    assertThat(kindOf(graph, "git:" + "c".repeat(40))).isEqualTo("CODE");
    assertThat(kindOf(graph, "oci:registry.example/app@sha256:" + "d".repeat(64)))
        .isEqualTo("CONTAINER_IMAGE");
    assertThat(graph.name(graph.indexOf(A))).isNull();
  }

  @Test
  void headerIsOptionalAndBlankLinesQuotesAndSpacesAreTolerated() throws IOException {
    Path edges = write("", " \"" + A + "\" , run:r1 ", "", "run:r1," + B, "");

    LineageGraph graph = GraphCsv.readEdges(edges);

    assertThat(graph.size()).isEqualTo(3);
    assertThat(ids(graph, graph.successors(graph.indexOf(A)))).containsExactly("run:r1");
    assertThat(ids(graph, graph.successors(graph.indexOf("run:r1")))).containsExactly(B);
  }

  @Test
  void aNodeTableGivesKindsAndNamesAndMayLeaveThemOut() throws IOException {
    Path nodes = dir.resolve("nodes.csv");
    Files.writeString(
        nodes,
        "id,kind,name,version\n"
            + A
            + ",DATASET,features_v47,\nrun:r1,,fraud_signal_extractor,2.3\n"
            + B
            + ",MODEL\n");
    Path edges = write(A + ",run:r1", "run:r1," + B);

    LineageGraph graph = GraphCsv.read(nodes, edges);

    assertThat(kindOf(graph, A)).isEqualTo("DATASET");
    assertThat(graph.name(graph.indexOf(A))).isEqualTo("features_v47");
    assertThat(graph.version(graph.indexOf(A))).isNull();
    assertThat(kindOf(graph, "run:r1")).isEqualTo("RUN");
    assertThat(graph.version(graph.indexOf("run:r1"))).isEqualTo("2.3");
    assertThat(kindOf(graph, B)).isEqualTo("MODEL");
  }

  @Test
  void aLineWithoutTwoFieldsIsRefusedWithItsLineNumber() throws IOException {
    Path edges = write("from,to", A + ",run:r1", "run:r1");

    assertThatThrownBy(() -> GraphCsv.readEdges(edges))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("edges.csv:3")
        .hasMessageContaining("expected 2");
  }

  @Test
  void anEmptyIdIsRefused() throws IOException {
    Path edges = write(A + ",");

    assertThatThrownBy(() -> GraphCsv.readEdges(edges))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 2 is empty");
  }

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("edges.csv");
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private static String kindOf(LineageGraph graph, String id) {
    return graph.kind(graph.indexOf(id));
  }

  private static String[] ids(LineageGraph graph, int[] nodes) {
    String[] ids = new String[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      ids[i] = graph.id(nodes[i]);
    }
    return ids;
  }
}
