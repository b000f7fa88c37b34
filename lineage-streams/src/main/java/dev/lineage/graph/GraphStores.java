package dev.lineage.graph;

/**
 * The names and key formats of the lineage graph's stores. Keys are UTF-8 strings (Kafka's string
 * serde): UTF-8 keeps code-point order in byte order, so every key that starts with {@code <id>\0}
 * is found by one RocksDB prefix scan. Node ids, names and versions never contain {@code \0}: they
 * are validated before the fold.
 *
 * <p>Partitioning, for interactive queries: every store entry lives in the partition that owns its
 * <em>partition key</em> (the record key of the {@value #FOLD_REPARTITION} repartition topic,
 * hashed by Kafka's default partitioner), so a query finds the owner with {@code
 * queryMetadataForKey(store, partitionKey, Serdes.String().serializer())}.
 *
 * <table>
 *   <caption>stores</caption>
 *   <tr><th>store</th><th>key</th><th>partition key</th><th>value</th></tr>
 *   <tr><td>{@value #NODES}</td><td>node id</td><td>node id</td><td>{@link NodeRecord} JSON</td></tr>
 *   <tr><td>{@value #EDGES_OUT}</td><td>{@code <from>\0<to>}</td><td>from</td>
 *       <td>{@link EdgeRecord} JSON</td></tr>
 *   <tr><td>{@value #EDGES_IN}</td><td>{@code <from>\0<to>}</td><td>to</td>
 *       <td>{@link EdgeRecord} JSON</td></tr>
 *   <tr><td>{@value #NAMES}</td><td>{@code <name>\0<version or empty>\0<node id>}</td><td>name</td>
 *       <td>{@link NameEntry} JSON</td></tr>
 *   <tr><td>{@value #PROCESS_RUNS}</td>
 *       <td>{@code <process>\0<version>\0<endedAt, 20 digits>\0<run id>}</td><td>process name</td>
 *       <td>run id</td></tr>
 *   <tr><td>{@value #EQUIVALENCES}</td><td>{@code <run>\0<other run>\0<attestation digest>}</td>
 *       <td>run</td><td>{@link EquivalenceRecord} JSON (kept apart from the edges: an equivalence
 *       is no lineage, so closures never cross it)</td></tr>
 *   <tr><td>{@value #APPLIED}</td><td>envelope digest</td><td>the source record's partition</td>
 *       <td>{@code <topic>/<partition>/<offset>} where it was first accepted</td></tr>
 * </table>
 */
public final class GraphStores {
  public static final String NODES = "nodes";
  public static final String EDGES_OUT = "edges-out";
  public static final String EDGES_IN = "edges-in";
  public static final String NAMES = "names";
  public static final String PROCESS_RUNS = "process-runs";
  public static final String APPLIED = "applied";
  public static final String EQUIVALENCES = "equivalences";

  /**
   * Column-level lineage (OpenLineage {@code columnLineage}): {@code <output dataset>\0<output
   * column, empty for the whole dataset>\0<input dataset>\0<input column>\0<run>}, partitioned by
   * the output dataset, so what one output column derives from is one prefix scan on one owner.
   */
  public static final String COLUMNS = "column-lineage";

  /** The repartition topic (suffix) that moves each fold operation to its owning partition. */
  public static final String FOLD_REPARTITION = "graph-ops";

  public static final char SEPARATOR = '\u0000';

  private GraphStores() {}

  /** Every key of {@code nodeId}'s adjacency in {@link #EDGES_OUT} (as from) starts with this. */
  public static String prefix(String part) {
    return part + SEPARATOR;
  }

  public static String edgeKey(String from, String to) {
    return from + SEPARATOR + to;
  }

  /** The two node ids of an edge key. */
  public static String[] edgeEnds(String key) {
    int at = key.indexOf(SEPARATOR);
    return new String[] {key.substring(0, at), key.substring(at + 1)};
  }

  public static String columnKey(
      String outputDataset,
      String outputColumn,
      String inputDataset,
      String inputColumn,
      String run) {
    return outputDataset
        + SEPARATOR
        + outputColumn
        + SEPARATOR
        + inputDataset
        + SEPARATOR
        + inputColumn
        + SEPARATOR
        + run;
  }

  /** The start of the keys of one output column ({@code ""}: the whole dataset's dependencies). */
  public static String columnPrefix(String outputDataset, String outputColumn) {
    return outputDataset + SEPARATOR + outputColumn + SEPARATOR;
  }

  public static String equivalenceKey(String run, String otherRun, String attestation) {
    return run + SEPARATOR + otherRun + SEPARATOR + attestation;
  }

  public static String nameKey(String name, String version, String nodeId) {
    return name + SEPARATOR + (version == null ? "" : version) + SEPARATOR + nodeId;
  }

  /** The start of the keys of one version of a name (an unversioned one when null). */
  public static String namePrefix(String name, String version) {
    return name + SEPARATOR + (version == null ? "" : version) + SEPARATOR;
  }

  public static String processRunKey(
      String processName, String processVersion, long endedAtMillis, String runId) {
    return processName
        + SEPARATOR
        + processVersion
        + SEPARATOR
        + String.format("%020d", endedAtMillis)
        + SEPARATOR
        + runId;
  }
}
