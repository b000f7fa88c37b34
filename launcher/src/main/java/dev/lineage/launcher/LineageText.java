package dev.lineage.launcher;

import dev.lineage.api.GraphEdge;
import dev.lineage.api.Lineage;
import dev.lineage.api.Node;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.PathStep;
import dev.lineage.api.Paths;
import dev.lineage.api.Receipt;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The lineage API's JSON answers as text for a person at a terminal: a closure as a tree, a path as
 * one line of arrows, a node as a short sheet, and under each the receipt, so nobody mistakes a cut
 * answer for a complete one. Machines use {@code --json} instead; nothing here is a contract.
 */
final class LineageText {
  /** Past this depth the tree stops indenting: a 10,000-step chain must not print 40 kB lines. */
  static final int MAX_INDENT = 24;

  private static final int MAX_ALSO = 3;
  private static final Pattern LONG_HEX = Pattern.compile("([0-9a-f]{12})[0-9a-f]{28,}");

  private LineageText() {}

  /**
   * A closure listing gathered from every page read.
   *
   * @param start the start node id
   * @param downstream true for downstream (edges lead away from the start), false for upstream
   * @param nodes the listed nodes, in the server's order (by distance)
   * @param edges the edges between listed nodes, {@code {"from","to"}}
   * @param total how many nodes the server would list
   * @param receipt the receipt of the last page
   */
  record Listing(
      String start,
      boolean downstream,
      List<Node> nodes,
      List<GraphEdge> edges,
      long total,
      Receipt receipt) {}

  /**
   * The closure as a tree under the start: each node under the first listed node one step nearer
   * the start that it is linked to, with its other such links named. Nodes linked to no listed node
   * one step nearer (a {@code --kinds} filter leaves out the nodes between) follow, each with its
   * depth.
   */
  static void listing(PrintWriter out, Listing listing) {
    Map<String, Node> byId = new LinkedHashMap<>();
    Map<String, Integer> order = new HashMap<>();
    for (Node n : listing.nodes()) {
      String id = n.id();
      byId.put(id, n);
      order.put(id, order.size());
    }
    Map<String, Set<String>> nearer = new HashMap<>();
    for (GraphEdge e : listing.edges()) {
      String from = e.from();
      String to = e.to();
      String parent = listing.downstream() ? from : to;
      String child = listing.downstream() ? to : from;
      if (byId.containsKey(parent)
          && byId.containsKey(child)
          && depth(byId.get(child)) == depth(byId.get(parent)) + 1) {
        nearer.computeIfAbsent(child, k -> new LinkedHashSet<>()).add(parent);
      }
    }
    Map<String, List<String>> children = new HashMap<>();
    Map<String, List<String>> also = new HashMap<>();
    List<String> unattached = new ArrayList<>();
    for (String id : byId.keySet()) {
      if (id.equals(listing.start())) {
        continue;
      }
      List<String> parents = new ArrayList<>(nearer.getOrDefault(id, Set.of()));
      parents.sort((a, b) -> Integer.compare(order.get(a), order.get(b)));
      if (parents.isEmpty()) {
        unattached.add(id);
      } else {
        children.computeIfAbsent(parents.get(0), k -> new ArrayList<>()).add(id);
        also.put(id, parents.subList(1, parents.size()));
      }
    }

    Node start = byId.get(listing.start());
    out.println(start == null ? listing.start() : label(start));
    String alsoWord = listing.downstream() ? "also from " : "also into ";
    record Frame(Iterator<String> children, String prefix, int depth) {}
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(children.getOrDefault(listing.start(), List.of()).iterator(), "", 1));
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (!f.children().hasNext()) {
        stack.pop();
        continue;
      }
      String id = f.children().next();
      boolean last = !f.children().hasNext();
      StringBuilder line = new StringBuilder(f.prefix()).append(last ? "└─ " : "├─ ");
      if (f.depth() > MAX_INDENT) {
        line.append("[depth ").append(f.depth()).append("] ");
      }
      line.append(label(byId.get(id)));
      List<String> others = also.getOrDefault(id, List.of());
      if (!others.isEmpty()) {
        line.append("  (").append(alsoWord).append(names(others, byId)).append(')');
      }
      out.println(line);
      String childPrefix =
          f.depth() >= MAX_INDENT ? f.prefix() : f.prefix() + (last ? "   " : "│  ");
      stack.push(
          new Frame(children.getOrDefault(id, List.of()).iterator(), childPrefix, f.depth() + 1));
    }
    for (String id : unattached) {
      out.println("  [depth " + depth(byId.get(id)) + "] " + label(byId.get(id)));
    }
    long listed = listing.nodes().size();
    if (listed < listing.total()) {
      out.println(
          "listing stops at "
              + listed
              + " of "
              + listing.total()
              + " nodes (raise --limit to see more)");
    }
    out.println(receipt(listing.receipt()));
  }

  /** Counts by kind (sorted by kind) of a {@code summary=true} answer, then its receipt. */
  static void summary(PrintWriter out, Lineage body) {
    out.println(
        (body.direction() == null ? "downstream" : body.direction()) + " of " + body.start() + ":");
    Map<String, Long> counts = new TreeMap<>(body.counts() == null ? Map.of() : body.counts());
    long total = 0;
    int width = 5;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      width = Math.max(width, e.getKey().length());
    }
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      total += e.getValue();
      out.println("  " + pad(e.getKey(), width) + "  " + e.getValue());
    }
    out.println("  " + pad("total", width) + "  " + total + " (the start not counted)");
    out.println(receipt(body.receipt()));
  }

  /**
   * Each path on one line, steps joined by arrows; {@code details} adds what the path answer does
   * not carry (a run's process version), by node id.
   */
  static void paths(PrintWriter out, Paths body, Map<String, NodeDetails> details) {
    List<List<PathStep>> paths = body.paths() == null ? List.of() : body.paths();
    String from = body.from();
    String to = body.to();
    if (paths.isEmpty()) {
      out.println("no path from " + from + " to " + to);
    } else {
      out.println(
          paths.size()
              + (paths.size() == 1 ? " path" : " paths")
              + " from "
              + shortId(from)
              + " to "
              + shortId(to)
              + ":");
      int i = 1;
      for (List<PathStep> path : paths) {
        StringJoiner line = new StringJoiner(" → ", "  " + i++ + ". ", "");
        for (PathStep step : path) {
          line.add(step(step, details.get(step.id())));
        }
        out.println(line);
      }
    }
    out.println(receipt(body.receipt()));
  }

  /** One node: its id, then its fields one per line. */
  static void node(PrintWriter out, NodeDetails body) {
    out.println(body.id());
    field(out, "kind", body.kind());
    if (body.name() != null) {
      field(out, "name", body.name());
    }
    if (body.version() != null) {
      field(out, "version", body.version());
    }
    field(
        out,
        "registered",
        body.registered() ? "yes" : "no (known only from the runs that name it)");
    if (body.signer() != null) {
      field(out, "signer", body.signer());
    }
    if (body.firstSeen() != null) {
      field(out, "first seen", body.firstSeen());
    }
    boolean first = true;
    if (body.attributes() != null) {
      for (Map.Entry<String, String> a : body.attributes().entrySet()) {
        field(out, first ? "attributes" : "", a.getKey() + "=" + a.getValue());
        first = false;
      }
    }
    String position = position(body.position());
    if (position != null) {
      field(out, "position", position);
    }
  }

  /**
   * The receipt as one line: how many nodes were visited, whether the answer is complete or what
   * cut it, the deepest level reached and the store position it reflects.
   */
  static String receipt(Receipt receipt) {
    if (receipt == null) {
      return "receipt: none in the answer";
    }
    StringJoiner line = new StringJoiner(" · ", "receipt: ", "");
    line.add("visited " + receipt.visited());
    if (receipt.truncated()) {
      String cutBy = receipt.cutBy() == null ? "" : receipt.cutBy();
      line.add(cutBy.isEmpty() ? "truncated" : "truncated (cut by " + cutBy + ")");
    } else {
      line.add("complete");
    }
    line.add("depth reached " + receipt.depthReached());
    String position = position(receipt.position());
    if (position != null) {
      line.add("at " + position);
    }
    return line.toString();
  }

  /** A position in a line: a few partitions by name, many by their number. */
  private static String position(Map<String, Long> position) {
    if (position == null || position.isEmpty()) {
      return null;
    }
    if (position.size() > 4) {
      return position.size() + " partition offsets (see --json)";
    }
    StringJoiner parts = new StringJoiner(", ");
    position.forEach((partition, offset) -> parts.add(partition + ":" + offset));
    return parts.toString();
  }

  /** {@code KIND name version id}, and a mark on a node known only from edges. */
  static String label(Node node) {
    StringBuilder s = new StringBuilder(node.kind() == null ? "?" : node.kind());
    if (node.name() != null) {
      s.append(' ').append(node.name());
      if (node.version() != null) {
        s.append(' ').append(node.version());
      }
    }
    s.append("  ").append(node.id());
    if (!node.registered()) {
      s.append(" (unregistered)");
    }
    return s.toString();
  }

  /**
   * A path step: a run by its id and process, a named artifact by its name and short digest,
   * anything else by its (shortened) id.
   */
  static String step(PathStep step, NodeDetails detail) {
    String id = step.id();
    String kind = step.kind() == null ? "" : step.kind();
    String name = step.name();
    String version = detail == null ? null : detail.version();
    if (kind.equals("RUN") || id.startsWith("run:")) {
      return name == null ? id : id + " (" + name + (version == null ? "" : " " + version) + ")";
    }
    if (name != null && id.startsWith("sha256:")) {
      return name + " (" + shortId(id) + ")";
    }
    return shortId(id);
  }

  /** An id with every long hex run (a digest, a commit) cut to its first 12 digits. */
  static String shortId(String id) {
    return LONG_HEX.matcher(id).replaceAll("$1…");
  }

  private static String names(List<String> ids, Map<String, Node> byId) {
    StringJoiner s = new StringJoiner(", ");
    for (int i = 0; i < Math.min(ids.size(), MAX_ALSO); i++) {
      Node n = byId.get(ids.get(i));
      boolean named = n.name() != null && !"RUN".equals(n.kind());
      s.add(named ? n.name() : shortId(ids.get(i)));
    }
    if (ids.size() > MAX_ALSO) {
      s.add((ids.size() - MAX_ALSO) + " more");
    }
    return s.toString();
  }

  private static int depth(Node node) {
    return node.depth() == null ? 0 : node.depth();
  }

  private static void field(PrintWriter out, String name, String value) {
    out.println("  " + pad(name, 10) + "  " + value);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
