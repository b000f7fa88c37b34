package dev.lineage.openlineage.mapping;

import dev.lineage.id.NodeId;
import java.util.Objects;

/** One edge of the lineage graph, from upstream to downstream. */
public record Edge(NodeId from, NodeId to, EdgeKind kind) {
  public Edge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
  }
}
