package dev.lineage.gateway;

import dev.lineage.graph.ColumnRecord;
import dev.lineage.graph.EdgeRecord;
import dev.lineage.graph.GraphOp;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NodeRecord;
import dev.lineage.graph.Trust;
import dev.lineage.hash.Sha256;
import dev.lineage.openlineage.mapping.ColumnEdge;
import dev.lineage.openlineage.mapping.DatasetNode;
import dev.lineage.openlineage.mapping.Edge;
import dev.lineage.openlineage.mapping.GraphMapping;
import dev.lineage.openlineage.mapping.ProcessNode;
import dev.lineage.openlineage.mapping.RunNode;
import dev.lineage.openlineage.mapping.SchemaField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * Turns one gateway-attested OpenLineage event, mapped by {@code OpenLineageMapper}, into the same
 * store operations {@link dev.lineage.graph.GraphFold} makes of a signed event, each keyed by the
 * id whose partition owns the entry, and every node and edge marked {@link Trust#GATEWAY}. Pure:
 * the same mapping always gives the same operations.
 *
 * <ul>
 *   <li>a run: node {@code run:<uuid>} (kind {@code RUN}), process name {@code <ns>|<job>}, its
 *       state in the attribute {@value NodeRecord#RUN_STATUS}; started at the append time of its
 *       first event, ended at the append time of its terminal one (the broker's clock, never the
 *       event's {@code eventTime}, which is kept as an attribute);
 *   <li>a dataset: node {@code dataset:<ns>|<name>[@<version>]} (kind {@code DATASET}), its schema
 *       facet as attributes {@code schema.<field>[.<nested>]} = type;
 *   <li>the mapping's edges (INPUT, OUTPUT, VERSION), as the mapper decided when they appear;
 *   <li>its column edges ({@code columnLineage}), in {@value GraphStores#COLUMNS} under the output
 *       dataset.
 * </ul>
 *
 * Facets are kept as attributes {@code facet.<name>} (canonical JSON) up to {@value
 * #MAX_FACET_CHARS} characters; a larger one (a Spark logical plan) is named by the digest of its
 * canonical JSON and its size, and stays whole in the attested event on the attested topic.
 */
public final class GatewayFold {
  /** A facet longer than this is kept by digest in the node (whole in the attested event). */
  public static final int MAX_FACET_CHARS = 4096;

  private static final String GATEWAY = Trust.GATEWAY.wire();

  private GatewayFold() {}

  /**
   * The operations of one attested event.
   *
   * @param mapping the event as the mapper read it
   * @param source the authenticated source the gateway vouched for ({@code kafka:<topic>}, {@code
   *     http:<producer>})
   * @param gatewayKeyId the gateway key that signed the attestation
   * @param envelope the attested envelope's digest (the record value on the attested topic)
   * @param appendedAt the broker's append time of the attested record
   */
  public static List<KeyValue<String, GraphOp>> operations(
      GraphMapping mapping, String source, String gatewayKeyId, String envelope, long appendedAt) {
    List<KeyValue<String, GraphOp>> ops = new ArrayList<>();
    for (DatasetNode d : mapping.datasets()) {
      NodeRecord node = dataset(d, mapping, source, gatewayKeyId, envelope, appendedAt);
      ops.add(KeyValue.pair(node.id(), GraphOp.node(node)));
    }
    if (mapping.run().isPresent()) {
      RunNode run = mapping.run().get();
      NodeRecord node =
          run(
              run,
              mapping.process().orElse(null),
              mapping,
              source,
              gatewayKeyId,
              envelope,
              appendedAt);
      ops.add(KeyValue.pair(node.id(), GraphOp.node(node)));
      if (run.status().isPresent() && terminal(run)) {
        ops.add(
            KeyValue.pair(
                node.processName(),
                GraphOp.processRun(
                    GraphStores.processRunKey(node.processName(), "", appendedAt, node.id()),
                    node.id())));
      }
    }
    for (Edge e : mapping.edges()) {
      String from = e.from().toString();
      String to = e.to().toString();
      EdgeRecord edge = new EdgeRecord(e.kind().name(), appendedAt, envelope, GATEWAY);
      ops.add(KeyValue.pair(from, GraphOp.edgeOut(from, to, edge)));
      ops.add(KeyValue.pair(to, GraphOp.edgeIn(from, to, edge)));
    }
    for (ColumnEdge c : mapping.columnEdges()) {
      if (c.inputField().indexOf(GraphStores.SEPARATOR) >= 0
          || c.outputField().orElse("").indexOf(GraphStores.SEPARATOR) >= 0) {
        // a column name with NUL cannot be a store key part; the attested event keeps it
        continue;
      }
      String output = c.outputDataset().toString();
      List<ColumnRecord.Transformation> transformations =
          c.transformations().stream()
              .map(
                  t ->
                      new ColumnRecord.Transformation(
                          t.type(),
                          t.subtype().orElse(null),
                          t.description().orElse(null),
                          t.masking()))
              .toList();
      ops.add(
          KeyValue.pair(
              output,
              GraphOp.column(
                  GraphStores.columnKey(
                      output,
                      c.outputField().orElse(""),
                      c.inputDataset().toString(),
                      c.inputField(),
                      c.run().toString()),
                  new ColumnRecord(transformations, appendedAt, envelope, GATEWAY))));
    }
    return ops;
  }

  private static boolean terminal(RunNode run) {
    return switch (run.status().orElseThrow()) {
      case COMPLETED, FAILED, ABORTED -> true;
      case STARTED, RUNNING -> false;
    };
  }

  private static NodeRecord dataset(
      DatasetNode d,
      GraphMapping mapping,
      String source,
      String gatewayKeyId,
      String envelope,
      long appendedAt) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("openlineage.namespace", d.namespace());
    attributes.put("openlineage.source", source);
    attributes.put("openlineage.producer", mapping.producer());
    schema("schema.", d.schema(), attributes);
    facets(d.facets().json(), attributes);
    String id = d.id().toString();
    return new NodeRecord(
        id,
        d.id().kind().name(),
        "DATASET",
        d.name(),
        d.version().orElse(null),
        null,
        null,
        null,
        attributes,
        gatewayKeyId,
        appendedAt,
        envelope,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        GATEWAY);
  }

  private static NodeRecord run(
      RunNode run,
      ProcessNode process,
      GraphMapping mapping,
      String source,
      String gatewayKeyId,
      String envelope,
      long appendedAt) {
    Map<String, String> attributes = new TreeMap<>();
    run.status().ifPresent(s -> attributes.put(NodeRecord.RUN_STATUS, s.name()));
    attributes.put("openlineage.job.namespace", run.job().namespace());
    attributes.put("openlineage.job.name", run.job().name());
    attributes.put("openlineage.eventTime", mapping.eventTime());
    attributes.put("openlineage.source", source);
    attributes.put("openlineage.producer", mapping.producer());
    if (process != null && process.streaming()) {
      attributes.put("openlineage.processingType", "STREAMING");
    }
    run.parent()
        .ifPresent(
            p -> {
              attributes.put("openlineage.parent.run", p.run().toString());
              attributes.put("openlineage.parent.job", p.job().processName());
              p.rootRun().ifPresent(r -> attributes.put("openlineage.root.run", r.toString()));
              p.rootJob().ifPresent(j -> attributes.put("openlineage.root.job", j.processName()));
            });
    facets(run.facets().json(), attributes);
    boolean ended = run.status().isPresent() && terminal(run);
    String processName = run.job().processName();
    return new NodeRecord(
        run.id().toString(),
        run.id().kind().name(),
        "RUN",
        processName,
        null,
        null,
        null,
        null,
        attributes,
        gatewayKeyId,
        appendedAt,
        envelope,
        processName,
        "",
        null,
        null,
        appendedAt,
        ended ? appendedAt : null,
        null,
        GATEWAY);
  }

  private static void schema(String prefix, List<SchemaField> fields, Map<String, String> into) {
    for (SchemaField f : fields) {
      into.put(prefix + f.name(), f.type().orElse(""));
      schema(prefix + f.name() + ".", f.fields(), into);
    }
  }

  private static void facets(Map<String, String> facets, Map<String, String> into) {
    facets.forEach(
        (name, json) ->
            into.put(
                "facet." + name,
                json.length() <= MAX_FACET_CHARS
                    ? json
                    : Sha256.of(json.getBytes(StandardCharsets.UTF_8))
                        + " ("
                        + json.length()
                        + " characters, whole in the attested event)"));
  }
}
