package dev.lineage.impact;

import dev.lineage.api.Closure;
import dev.lineage.api.ClosureNode;
import dev.lineage.api.GraphEdge;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.NodeKinds;
import dev.lineage.api.ProcessRun;
import dev.lineage.api.Receipt;
import dev.lineage.id.Digest;
import dev.lineage.impact.graphclient.GraphUnavailableException;
import dev.lineage.impact.graphclient.LineageGraph;
import dev.lineage.impact.graphclient.RunQuery;
import dev.lineage.obligations.CompletionCheck;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A lineage graph in memory, answering as lineage-streams would; can be made unavailable. */
public final class MapLineageGraph implements LineageGraph {
  private record Node(String kind, String name, Long recordCount, String manifest) {}

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<GraphEdge> edges = new ArrayList<>();
  private final Map<String, List<ProcessRun>> runs = new LinkedHashMap<>();
  private final Map<String, String> signers = new LinkedHashMap<>();
  public volatile boolean unavailable;

  /**
   * The read-after-write barrier as lineage-streams would answer it: met for append times before
   * this (every time by default: the map holds all it will ever hold).
   */
  public volatile long foldedUntil = Long.MAX_VALUE;

  /** The barrier times asked, in order. */
  public final List<Long> barriersAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

  public final AtomicInteger closureCalls = new AtomicInteger();

  public MapLineageGraph node(String id, String kind, String name) {
    return node(id, kind, name, null, null);
  }

  public MapLineageGraph node(
      String id, String kind, String name, Long recordCount, String manifestDigest) {
    nodes.put(id, new Node(kind, name, recordCount, manifestDigest));
    return this;
  }

  public MapLineageGraph edge(String from, String to) {
    edges.add(new GraphEdge(from, to));
    return this;
  }

  public MapLineageGraph run(
      String process, String id, String version, Instant start, Instant end) {
    runs.computeIfAbsent(process, p -> new ArrayList<>())
        .add(ProcessRun.of(id, version, start, end));
    return this;
  }

  /** The seed scenario: source → extraction run → features → training run → model. */
  public static MapLineageGraph seed(String features, String model, String manifest) {
    return new MapLineageGraph()
        .node("source:transactions_q1", "SOURCE", "transactions_q1", 1000L, null)
        .node("run:fraud_signal_extractor_r1", "RUN", "fraud_signal_extractor")
        .node(features, "DATASET", "features_v47")
        .node("run:training_j1829", "RUN", "model_training", null, manifest)
        .node(model, "MODEL", "model_m92")
        .edge("source:transactions_q1", "run:fraud_signal_extractor_r1")
        .edge("run:fraud_signal_extractor_r1", features)
        .edge(features, "run:training_j1829")
        .edge("run:training_j1829", model)
        .run(
            "fraud_signal_extractor",
            "run:fraud_signal_extractor_r1",
            "2.3",
            Instant.parse("2025-01-01T00:02:00Z"),
            Instant.parse("2025-01-01T00:11:00Z"));
  }

  private void check() {
    if (unavailable) {
      throw new GraphUnavailableException("lineage-streams answered 503");
    }
  }

  private boolean known(String id) {
    return nodes.containsKey(id)
        || edges.stream().anyMatch(e -> e.from().equals(id) || e.to().equals(id));
  }

  @Override
  public boolean foldedBefore(long appendedAt) {
    check();
    barriersAsked.add(appendedAt);
    return appendedAt < foldedUntil;
  }

  @Override
  public Closure downstreamClosure(List<String> starts) {
    check();
    closureCalls.incrementAndGet();
    List<String> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Map<String, Integer> depth = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    for (String s : starts) {
      if (known(s)) {
        found.add(s);
        depth.put(s, 0);
        queue.add(s);
      } else {
        missing.add(s);
      }
    }
    List<GraphEdge> walked = new ArrayList<>();
    while (!queue.isEmpty()) {
      String n = queue.poll();
      for (GraphEdge e : edges) {
        if (e.from().equals(n)) {
          walked.add(e);
          if (!depth.containsKey(e.to())) {
            depth.put(e.to(), depth.get(n) + 1);
            queue.add(e.to());
          }
        }
      }
    }
    List<ClosureNode> out = new ArrayList<>();
    int deepest = 0;
    for (Map.Entry<String, Integer> d : depth.entrySet()) {
      Node n = nodes.get(d.getKey());
      out.add(
          new ClosureNode(
              d.getKey(),
              n == null ? NodeKinds.fromId(d.getKey()) : n.kind(),
              n == null ? null : n.name(),
              null,
              d.getValue(),
              n != null));
      deepest = Math.max(deepest, d.getValue());
    }
    return new Closure(
        found,
        missing,
        "downstream",
        out,
        walked,
        new Receipt(out.size(), false, null, deepest, Map.of("p-0", 7L)));
  }

  @Override
  public Optional<NodeDetails> node(String id) {
    check();
    Node n = nodes.get(id);
    return n == null
        ? Optional.empty()
        : Optional.of(
            new NodeDetails(
                id,
                n.kind(),
                n.name(),
                null,
                null,
                signers.get(id),
                null,
                true,
                null,
                null,
                n.recordCount(),
                null,
                null,
                null,
                n.manifest(),
                null,
                null,
                null,
                null,
                null));
  }

  @Override
  public Optional<CompletionCheck.TrainingRun> trainingRun(String runId) {
    check();
    Node n = nodes.get(runId);
    if (n == null) {
      return Optional.empty();
    }
    return Optional.of(
        new CompletionCheck.TrainingRun(
            runId,
            edges.stream().filter(e -> e.to().equals(runId)).map(GraphEdge::from).toList(),
            edges.stream().filter(e -> e.from().equals(runId)).map(GraphEdge::to).toList(),
            n.manifest() == null ? null : Digest.parse(n.manifest())));
  }

  /** Who signed a node's registration, as {@code GET /v1/nodes/{id}} says. */
  public MapLineageGraph signer(String id, String keyId) {
    signers.put(id, keyId);
    return this;
  }

  @Override
  public List<ProcessRun> processRuns(RunQuery query) {
    check();
    return runs.getOrDefault(query.processName(), List.of()).stream()
        .filter(r -> query.from() == null || !r.endedAtInstant().isBefore(query.from()))
        .filter(r -> query.to() == null || r.startedAtInstant().isBefore(query.to()))
        .toList();
  }
}
