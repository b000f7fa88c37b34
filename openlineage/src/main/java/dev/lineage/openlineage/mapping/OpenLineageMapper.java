package dev.lineage.openlineage.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.NodeId;
import dev.lineage.openlineage.RawEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Maps one OpenLineage event to what it means for the lineage graph ({@link GraphMapping}). A pure
 * function of the event's content: no clock, no store, no I/O, so a replay maps to an equal result
 * with the same idempotency key. Run it on events the validator accepted.
 *
 * <p>Run event semantics, by {@code eventType}:
 *
 * <ul>
 *   <li>{@code COMPLETE}: the run with its input edges (dataset → run), output edges (run →
 *       dataset) and the outputs' column-level edges.
 *   <li>{@code START}, {@code RUNNING}: the run and its input datasets as nodes, no edges yet; for
 *       a streaming job ({@code jobType.processingType = STREAMING}), which may never complete, the
 *       edges are drawn already, as at {@code COMPLETE}.
 *   <li>{@code FAIL}, {@code ABORT}: a failed run with its input edges and never its outputs (nor
 *       their column edges): it produced nothing that can be trusted.
 *   <li>{@code OTHER} or none: metadata only (facets), no state change, no edges.
 * </ul>
 *
 * Job events give the process and its declared datasets, without edges (lineage needs a run);
 * dataset events give the dataset node.
 */
public final class OpenLineageMapper {
  private static final String STREAMING = "STREAMING";

  private OpenLineageMapper() {}

  /** A dataset's namespace and name, without version. */
  private record DatasetName(String namespace, String name) {}

  /**
   * Maps one event.
   *
   * @throws UnmappableEventException when the event lacks what any valid event has, or names a
   *     dataset too long for a node id
   */
  public static GraphMapping map(RawEvent event) {
    JsonNode json = event.json();
    Digest key = idempotencyKey(json);
    String eventTime = text(json, "eventTime", "$.eventTime");
    String producer = text(json, "producer", "$.producer");
    try {
      if (json.has("run")) {
        return mapRun(json, key, eventTime, producer);
      }
      if (json.has("dataset")) {
        DatasetNode d = dataset(json.get("dataset"), DatasetRole.STATIC, "$.dataset");
        return new GraphMapping(
            key,
            EventKind.DATASET_EVENT,
            eventTime,
            producer,
            Optional.empty(),
            Optional.empty(),
            List.of(d),
            versionEdges(List.of(d)),
            List.of());
      }
      if (json.has("job")) {
        ProcessNode process = process(json.get("job"));
        List<DatasetNode> datasets = new ArrayList<>(datasets(json, "inputs", DatasetRole.INPUT));
        datasets.addAll(datasets(json, "outputs", DatasetRole.OUTPUT));
        return new GraphMapping(
            key,
            EventKind.JOB_EVENT,
            eventTime,
            producer,
            Optional.of(process),
            Optional.empty(),
            datasets,
            versionEdges(datasets),
            List.of());
      }
    } catch (InvalidIdException e) {
      throw new UnmappableEventException("cannot name a node: " + e.getMessage(), e);
    }
    throw new UnmappableEventException("neither a run, a job nor a dataset event");
  }

  /**
   * SHA-256 of the event's canonical JSON (keys sorted at every level, no whitespace): the same
   * event sent twice, or re-serialized by a proxy, has one key.
   */
  public static Digest idempotencyKey(RawEvent event) {
    return idempotencyKey(event.json());
  }

  private static Digest idempotencyKey(JsonNode json) {
    return Sha256.of(CanonicalJson.bytes(json));
  }

  private static GraphMapping mapRun(JsonNode json, Digest key, String eventTime, String producer) {
    JsonNode runJson = json.get("run");
    ProcessNode process = process(json.get("job"));
    Optional<RunStatus> status = status(json.path("eventType"));
    NodeId runId = runId(runJson.path("runId"), "$.run.runId");
    RunNode run =
        new RunNode(runId, process.job(), status, parent(runJson), facets(runJson.path("facets")));

    boolean edgesNow =
        status.isPresent()
            && (status.get() == RunStatus.COMPLETED
                || status.get().failed()
                || process.streaming());
    boolean outputsNow = edgesNow && !status.get().failed();

    List<DatasetNode> inputs = datasets(json, "inputs", DatasetRole.INPUT);
    List<DatasetNode> outputs =
        outputsNow ? datasets(json, "outputs", DatasetRole.OUTPUT) : List.of();
    List<DatasetNode> datasets = new ArrayList<>(inputs);
    datasets.addAll(outputs);

    List<Edge> edges = new ArrayList<>();
    if (edgesNow) {
      for (DatasetNode in : inputs) {
        edges.add(new Edge(in.id(), runId, EdgeKind.INPUT));
      }
      for (DatasetNode out : outputs) {
        edges.add(new Edge(runId, out.id(), EdgeKind.OUTPUT));
      }
    }
    edges.addAll(versionEdges(datasets));

    List<ColumnEdge> columns = new ArrayList<>();
    JsonNode outputJson = json.path("outputs");
    for (DatasetNode out : outputs) {
      columns.addAll(columnEdges(out, columnLineageOf(outputJson, out), inputs, runId));
    }
    return new GraphMapping(
        key,
        EventKind.RUN_EVENT,
        eventTime,
        producer,
        Optional.of(process),
        Optional.of(run),
        datasets,
        dedupe(edges),
        columns);
  }

  private static Optional<RunStatus> status(JsonNode eventType) {
    return switch (eventType.asText("")) {
      case "START" -> Optional.of(RunStatus.STARTED);
      case "RUNNING" -> Optional.of(RunStatus.RUNNING);
      case "COMPLETE" -> Optional.of(RunStatus.COMPLETED);
      case "FAIL" -> Optional.of(RunStatus.FAILED);
      case "ABORT" -> Optional.of(RunStatus.ABORTED);
      default -> Optional.empty(); // OTHER, or absent: metadata only
    };
  }

  private static ProcessNode process(JsonNode job) {
    JobName name = jobName(job, "$.job");
    JsonNode facets = job.path("facets");
    boolean streaming =
        STREAMING.equals(
            facets.path("jobType").path("processingType").asText("").toUpperCase(Locale.ROOT));
    return new ProcessNode(name, streaming, facets(facets));
  }

  private static JobName jobName(JsonNode job, String path) {
    return new JobName(
        text(job, "namespace", path + ".namespace"), text(job, "name", path + ".name"));
  }

  private static Optional<ParentRun> parent(JsonNode run) {
    JsonNode parent = run.path("facets").path("parent");
    if (!parent.isObject()) {
      return Optional.empty();
    }
    String at = "$.run.facets.parent";
    NodeId parentRun = runId(parent.path("run").path("runId"), at + ".run.runId");
    JobName parentJob = jobName(parent.path("job"), at + ".job");
    JsonNode root = parent.path("root");
    Optional<NodeId> rootRun =
        root.isObject()
            ? Optional.of(runId(root.path("run").path("runId"), at + ".root.run.runId"))
            : Optional.empty();
    Optional<JobName> rootJob =
        root.isObject()
            ? Optional.of(jobName(root.path("job"), at + ".root.job"))
            : Optional.empty();
    return Optional.of(new ParentRun(parentRun, parentJob, rootRun, rootJob));
  }

  /** {@code run:<uuid>}, lowercased: the spec's run ids are UUIDs, and one run has one id. */
  private static NodeId runId(JsonNode id, String path) {
    if (!id.isTextual()) {
      throw new UnmappableEventException(path + " is missing; validate events before mapping");
    }
    try {
      return NodeId.run(UUID.fromString(id.asText()).toString());
    } catch (IllegalArgumentException e) {
      throw new UnmappableEventException(path + " is not a UUID; validate events before mapping");
    }
  }

  private static List<DatasetNode> datasets(JsonNode json, String side, DatasetRole role) {
    JsonNode list = json.path(side);
    if (!list.isArray()) {
      return List.of();
    }
    Map<NodeId, DatasetNode> byId = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      DatasetNode d = dataset(list.get(i), role, "$." + side + "[" + i + "]");
      byId.putIfAbsent(d.id(), d);
    }
    return List.copyOf(byId.values());
  }

  private static DatasetNode dataset(JsonNode d, DatasetRole role, String path) {
    String namespace = text(d, "namespace", path + ".namespace");
    String name = text(d, "name", path + ".name");
    JsonNode facets = d.path("facets");
    JsonNode v = facets.path("version").path("datasetVersion");
    Optional<String> version =
        v.isTextual() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
    String io =
        switch (role) {
          case INPUT -> "inputFacets";
          case OUTPUT -> "outputFacets";
          case STATIC -> "";
        };
    return new DatasetNode(
        NodeId.dataset(namespace, name, version.orElse(null)),
        namespace,
        name,
        version,
        role,
        schema(facets.path("schema").path("fields")),
        facets(facets),
        io.isEmpty() ? Facets.NONE : facets(d.path(io)));
  }

  private static List<SchemaField> schema(JsonNode fields) {
    if (!fields.isArray()) {
      return List.of();
    }
    List<SchemaField> out = new ArrayList<>();
    for (JsonNode f : fields) {
      if (f.path("name").isTextual()) {
        out.add(
            new SchemaField(
                f.get("name").asText(),
                optionalText(f, "type"),
                optionalText(f, "description"),
                schema(f.path("fields"))));
      }
    }
    return out;
  }

  /** The columnLineage facet of the first output in the event with this node's id. */
  private static JsonNode columnLineageOf(JsonNode outputs, DatasetNode node) {
    for (JsonNode o : outputs) {
      if (o.path("namespace").asText("").equals(node.namespace())
          && o.path("name").asText("").equals(node.name())
          && o.path("facets")
              .path("version")
              .path("datasetVersion")
              .asText("")
              .equals(node.version().orElse(""))) {
        return o.path("facets").path("columnLineage");
      }
    }
    return MissingNode.getInstance();
  }

  private static List<Edge> versionEdges(List<DatasetNode> datasets) {
    List<Edge> edges = new ArrayList<>();
    for (DatasetNode d : datasets) {
      if (d.version().isPresent()) {
        edges.add(new Edge(d.unversioned(), d.id(), EdgeKind.VERSION));
      }
    }
    return edges;
  }

  /**
   * The output's {@code columnLineage} facet as column edges. An input named there resolves to the
   * event's input of that namespace and name (so to its version when it has one), else to the
   * unversioned dataset.
   */
  private static List<ColumnEdge> columnEdges(
      DatasetNode output, JsonNode facet, List<DatasetNode> inputs, NodeId run) {
    if (!facet.isObject()) {
      return List.of();
    }
    Map<DatasetName, NodeId> inputIds = new LinkedHashMap<>();
    for (DatasetNode in : inputs) {
      inputIds.putIfAbsent(new DatasetName(in.namespace(), in.name()), in.id());
    }
    List<ColumnEdge> edges = new ArrayList<>();
    JsonNode fields = facet.path("fields");
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode entry = field.getValue();
      List<Transformation> legacy = legacyTransformation(entry);
      for (JsonNode in : entry.path("inputFields")) {
        edges.add(columnEdge(output, Optional.of(field.getKey()), in, inputIds, run, legacy));
      }
    }
    for (JsonNode in : facet.path("dataset")) {
      edges.add(columnEdge(output, Optional.empty(), in, inputIds, run, List.of()));
    }
    return edges;
  }

  private static ColumnEdge columnEdge(
      DatasetNode output,
      Optional<String> outputField,
      JsonNode in,
      Map<DatasetName, NodeId> inputIds,
      NodeId run,
      List<Transformation> legacy) {
    String namespace = text(in, "namespace", "columnLineage input namespace");
    String name = text(in, "name", "columnLineage input name");
    NodeId input =
        inputIds.getOrDefault(
            new DatasetName(namespace, name), NodeId.dataset(namespace, name, null));
    List<Transformation> transformations = new ArrayList<>();
    for (JsonNode t : in.path("transformations")) {
      transformations.add(
          new Transformation(
              t.path("type").asText(""),
              optionalText(t, "subtype"),
              optionalText(t, "description"),
              t.path("masking").asBoolean(false)));
    }
    return new ColumnEdge(
        output.id(),
        outputField,
        input,
        text(in, "field", "columnLineage input field"),
        run,
        transformations.isEmpty() ? legacy : transformations);
  }

  /** The deprecated per-field {@code transformationType}/{@code transformationDescription}. */
  private static List<Transformation> legacyTransformation(JsonNode entry) {
    Optional<String> type = optionalText(entry, "transformationType");
    Optional<String> description = optionalText(entry, "transformationDescription");
    if (type.isEmpty() && description.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Transformation("LEGACY", type, description, type.orElse("").equals("MASKED")));
  }

  private static Map<String, String> facetMap(JsonNode facets) {
    Map<String, String> m = new LinkedHashMap<>();
    if (facets.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        m.put(f.getKey(), CanonicalJson.text(f.getValue()));
      }
    }
    return m;
  }

  private static Facets facets(JsonNode facets) {
    Map<String, String> m = facetMap(facets);
    return m.isEmpty() ? Facets.NONE : new Facets(m);
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode v = node.path(field);
    if (!v.isTextual()) {
      throw new UnmappableEventException(path + " is missing; validate events before mapping");
    }
    return v.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  private static <T> List<T> dedupe(List<T> items) {
    Set<T> seen = new LinkedHashSet<>(items);
    return List.copyOf(seen);
  }
}
