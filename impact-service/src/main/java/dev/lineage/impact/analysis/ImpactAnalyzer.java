package dev.lineage.impact.analysis;

import dev.lineage.api.Closure;
import dev.lineage.api.ClosureNode;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.ProcessRun;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.ImpactCause;
import dev.lineage.impact.graphclient.LineageGraph;
import dev.lineage.impact.graphclient.RunQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One impact analysis: the downstream closure of the request's subject (a deletion) or of the
 * affected runs (a bug report), the affected models with their training run, paths and action, and
 * the prediction artifacts to invalidate. It only asks questions (lineage-streams, the CAS);
 * publishing is the caller's. {@link dev.lineage.impact.graphclient.GraphUnavailableException}
 * passes through: the caller keeps the request pending and tries again.
 */
public final class ImpactAnalyzer {
  /** Paths listed per model; a model with more is marked (pathsCut) and its trigger holds these. */
  public static final int DEFAULT_MAX_PATHS_PER_MODEL = 100;

  static final String MODEL = ArtifactKind.MODEL.name();
  static final String PREDICTIONS = ArtifactKind.PREDICTIONS.name();

  private final LineageGraph graph;
  private final ManifestSource manifests;
  private final ActionRule rule;
  private final int maxPathsPerModel;

  public ImpactAnalyzer(
      LineageGraph graph, ManifestSource manifests, ActionRule rule, int maxPathsPerModel) {
    this.graph = Objects.requireNonNull(graph, "graph");
    this.manifests = Objects.requireNonNull(manifests, "manifests");
    this.rule = Objects.requireNonNull(rule, "rule");
    if (maxPathsPerModel < 1) {
      throw new IllegalArgumentException("maxPathsPerModel must be at least 1");
    }
    this.maxPathsPerModel = maxPathsPerModel;
  }

  public Outcome deletion(DeletionRequested request) {
    ImpactResult empty =
        ImpactResult.empty(
            request.getRequestId(),
            ImpactCause.DELETION,
            request.getRecordSet(),
            request.getDeadline());
    Closure closure = graph.downstreamClosure(List.of(request.getSubject()));
    if (closure.starts().isEmpty()) {
      return new Outcome.NotFound(
          "subject " + request.getSubject() + " is not in the graph", empty);
    }
    String subject = closure.starts().get(0);
    Double fraction = fraction(request.getRecordSet().getCount(), subject);
    Map<String, ManifestCheck> checked = new HashMap<>();
    Function<Model, ActionDecision> decide =
        m -> {
          ManifestCheck check =
              m.trainingRun() == null
                  ? new ManifestCheck.Unusable(
                      "no training run of model " + m.id() + " in the closure")
                  : checked.computeIfAbsent(
                      m.trainingRun() + "\u0000" + m.id(), k -> manifest(m.trainingRun(), m.id()));
          return rule.forDeletion(check, fraction);
        };
    return new Outcome.Done(
        analyse(
            request.getRequestId(), ImpactCause.DELETION, closure, false, decide, fraction, empty));
  }

  public Outcome bug(BugReported report) {
    ImpactResult empty = ImpactResult.empty(report.getReportId(), ImpactCause.BUG, null, null);
    List<ProcessRun> runs =
        graph.processRuns(
            new RunQuery(
                report.getProcessName(),
                report.getMinVersion(),
                report.getMaxVersion(),
                report.getWindowStart(),
                report.getWindowEnd()));
    if (runs.isEmpty()) {
      return new Outcome.NotFound(
          "no run of process " + report.getProcessName() + " matches the report", empty);
    }
    List<String> ids = runs.stream().map(ProcessRun::id).distinct().sorted().toList();
    Closure closure = graph.downstreamClosure(ids);
    if (closure.starts().isEmpty()) {
      return new Outcome.NotFound(
          "the runs of process " + report.getProcessName() + " are not in the graph yet", empty);
    }
    ActionDecision decision = rule.forBug(describe(report));
    return new Outcome.Done(
        analyse(report.getReportId(), ImpactCause.BUG, closure, true, m -> decision, null, empty));
  }

  private record Model(String id, String name, String trainingRun) {}

  private ImpactResult analyse(
      String requestId,
      ImpactCause cause,
      Closure closure,
      boolean countStarts,
      Function<Model, ActionDecision> decide,
      Double fraction,
      ImpactResult template) {
    Map<String, ClosureNode> nodes = new LinkedHashMap<>();
    closure.nodes().forEach(n -> nodes.put(n.id(), n));
    Set<String> starts = new TreeSet<>(closure.starts());
    Map<String, Long> counts = new TreeMap<>();
    List<String> models = new ArrayList<>();
    List<String> predictions = new ArrayList<>();
    for (ClosureNode n : nodes.values()) {
      if (starts.contains(n.id()) && !countStarts) {
        continue;
      }
      counts.merge(n.kind(), 1L, Long::sum);
      if (MODEL.equals(n.kind()) && !starts.contains(n.id())) {
        models.add(n.id());
      } else if (PREDICTIONS.equals(n.kind()) && !starts.contains(n.id())) {
        predictions.add(n.id());
      }
    }
    models.sort(null);
    predictions.sort(null);
    ClosurePaths paths = new ClosurePaths(closure.edges());
    List<TriggerDraft> triggers = new ArrayList<>();
    boolean anyCut = false;
    for (String modelId : models) {
      ClosureNode model = nodes.get(modelId);
      String run = TrainingRuns.of(modelId, nodes, closure.edges()).orElse(null);
      PathSet found = paths.between(starts, modelId, maxPathsPerModel);
      anyCut |= found.cut();
      List<List<PathStep>> named = new ArrayList<>();
      for (List<String> path : found.paths()) {
        named.add(
            path.stream()
                .map(id -> new PathStep(id, nodes.containsKey(id) ? nodes.get(id).name() : null))
                .toList());
      }
      triggers.add(
          new TriggerDraft(
              TriggerIds.of(requestId, modelId),
              modelId,
              model.name(),
              run,
              named,
              found.cut(),
              decide.apply(new Model(modelId, model.name(), run)),
              fraction));
    }
    return new ImpactResult(
        requestId,
        cause,
        closure.receipt().truncated(),
        anyCut,
        counts,
        models,
        predictions,
        triggers,
        closure.receipt(),
        template.recordSet(),
        template.deadline());
  }

  /** Deleted ÷ recorded, when the subject states how many records it holds. */
  private Double fraction(long deleted, String subject) {
    Long total = graph.node(subject).map(NodeDetails::recordCount).orElse(null);
    if (total == null || total <= 0) {
      return null;
    }
    return (double) deleted / total;
  }

  private ManifestCheck manifest(String trainingRun, String modelId) {
    NodeDetails run = graph.node(trainingRun).orElse(null);
    if (run == null) {
      return new ManifestCheck.Unusable("training run " + trainingRun + " is not registered");
    }
    return manifests.check(trainingRun, run.manifestDigest(), modelId);
  }

  private static String describe(BugReported r) {
    StringBuilder b = new StringBuilder("bug reported in process ").append(r.getProcessName());
    if (r.getMinVersion() != null || r.getMaxVersion() != null) {
      b.append(" versions ")
          .append(r.getMinVersion() == null ? "*" : r.getMinVersion())
          .append("..")
          .append(r.getMaxVersion() == null ? "*" : r.getMaxVersion());
    }
    b.append(" from ").append(r.getWindowStart()).append(" to ").append(r.getWindowEnd());
    return b.toString();
  }
}
