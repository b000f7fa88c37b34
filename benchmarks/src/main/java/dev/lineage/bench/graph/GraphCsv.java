package dev.lineage.bench.graph;

import dev.lineage.api.NodeKinds;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Graphs as CSV files: an edge list {@code from,to} (one edge a line, the header optional) and a
 * node table {@code id,kind,name,version} (name and version may be empty). Node ids never contain
 * commas (the NodeId grammar has none), so no quoting is written; surrounding double quotes are
 * accepted on read.
 */
public final class GraphCsv {
  public static final String EDGES_HEADER = "from,to";
  public static final String NODES_HEADER = "id,kind,name,version";

  private GraphCsv() {}

  public static void writeEdges(LineageGraph graph, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeEdges(graph, out, true);
    }
  }

  /** Writes every edge as {@code from,to} lines, grouped by source node. */
  public static void writeEdges(LineageGraph graph, Writer out, boolean header) throws IOException {
    if (header) {
      out.write(EDGES_HEADER);
      out.write('\n');
    }
    for (int v = 0; v < graph.size(); v++) {
      String from = graph.id(v);
      for (int w : graph.successors(v)) {
        out.write(from);
        out.write(',');
        out.write(graph.id(w));
        out.write('\n');
      }
    }
  }

  public static void writeNodes(LineageGraph graph, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(NODES_HEADER);
      out.write('\n');
      for (int v = 0; v < graph.size(); v++) {
        out.write(graph.id(v));
        out.write(',');
        out.write(graph.kind(v));
        out.write(',');
        out.write(nullToEmpty(graph.name(v)));
        out.write(',');
        out.write(nullToEmpty(graph.version(v)));
        out.write('\n');
      }
    }
  }

  /** Reads an edge list alone: every node's kind comes from its id's prefix. */
  public static LineageGraph readEdges(Path edges) throws IOException {
    return read(null, edges);
  }

  /**
   * Reads a node table (may be null) and an edge list. Nodes named only by edges get the kind of
   * their id's prefix.
   */
  public static LineageGraph read(Path nodes, Path edges) throws IOException {
    LineageGraph.Builder builder = LineageGraph.builder();
    if (nodes != null) {
      readNodes(nodes, builder);
    }
    try (BufferedReader in = Files.newBufferedReader(edges, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        String text = line.strip();
        if (text.isEmpty() || (lineNumber == 1 && isHeader(text, EDGES_HEADER))) {
          continue;
        }
        String[] fields = fields(text, 2, 2, 2, edges, lineNumber);
        builder.edge(nodeOf(builder, fields[0]), nodeOf(builder, fields[1]));
      }
    }
    return builder.build();
  }

  private static void readNodes(Path nodes, LineageGraph.Builder builder) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(nodes, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        String text = line.strip();
        if (text.isEmpty()
            || (lineNumber == 1 && text.toLowerCase(Locale.ROOT).startsWith("id,"))) {
          continue;
        }
        String[] f = fields(text, 2, 4, 1, nodes, lineNumber);
        String kind = f[1].isEmpty() ? NodeKinds.fromId(f[0]) : f[1];
        builder.node(f[0], kind, emptyToNull(f, 2), emptyToNull(f, 3));
      }
    }
  }

  private static int nodeOf(LineageGraph.Builder builder, String id) {
    int known = builder.indexOf(id);
    return known >= 0 ? known : builder.node(id, NodeKinds.fromId(id), null, null);
  }

  private static boolean isHeader(String text, String header) {
    return text.replace("\"", "").replace(" ", "").equalsIgnoreCase(header);
  }

  /** Splits a line into min..max fields, of which the first {@code required} must not be empty. */
  private static String[] fields(
      String text, int min, int max, int required, Path file, int lineNumber) {
    String[] raw = text.split(",", -1);
    if (raw.length < min || raw.length > max) {
      throw new IllegalArgumentException(
          file
              + ":"
              + lineNumber
              + ": expected "
              + (min == max ? min : min + " to " + max)
              + " comma-separated fields, found "
              + raw.length);
    }
    for (int i = 0; i < raw.length; i++) {
      raw[i] = unquote(raw[i].strip());
      if (i < required && raw[i].isEmpty()) {
        throw new IllegalArgumentException(
            file + ":" + lineNumber + ": field " + (i + 1) + " is empty");
      }
    }
    return raw;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private static String emptyToNull(String[] fields, int i) {
    return i < fields.length && !fields[i].isEmpty() ? fields[i] : null;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
