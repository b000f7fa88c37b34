package dev.lineage.query;

import dev.lineage.api.ColumnLink;
import dev.lineage.graph.EquivalenceRecord;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the internal endpoints, which only instances of one deployment exchange: {@link
 * InternalGraphApi} writes them and {@link RemoteGraph} reads them back, both through these
 * records. Each answer that reads a store carries the position that store had reached.
 */
final class InternalAnswers {
  private InternalAnswers() {}

  /** An answer that says what position the owner's stores had reached. */
  interface Positioned {
    Map<String, Long> position();
  }

  record Neighbors(Map<String, List<String>> neighbors, Map<String, Long> position)
      implements Positioned {}

  record Nodes(Map<String, GraphNode> nodes, Map<String, Long> position) implements Positioned {}

  record Equivalences(Map<String, List<EquivalenceRecord>> equivalences) {}

  /** A name's id (null: none registered) and, when several claim it, the contested ids. */
  record Name(String id, List<String> contested, Map<String, Long> position)
      implements Positioned {}

  record Runs(List<RunEntry> runs, Map<String, Long> position) implements Positioned {}

  /** Column-level edges per asked column, in the order asked. */
  record Columns(List<ColumnRef> columns, List<List<ColumnLink>> links, Map<String, Long> position)
      implements Positioned {}
}
