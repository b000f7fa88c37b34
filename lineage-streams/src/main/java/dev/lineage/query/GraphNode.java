package dev.lineage.query;

import dev.lineage.api.NodeKinds;
import java.util.Map;

/**
 * A node as queries see it. {@code registered} is false for a node known only from edges (a run may
 * name an input before the input is registered, or a source is never registered): its kind then
 * comes from its id. {@code details} is null for such a node.
 */
public record GraphNode(
    String id,
    String kind,
    String name,
    String version,
    Map<String, String> attributes,
    String signer,
    Long firstSeenMillis,
    boolean registered,
    StatedDetails details) {

  public GraphNode {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** A node without details beyond its name, as tests and summaries build them. */
  public GraphNode(
      String id,
      String kind,
      String name,
      String version,
      Map<String, String> attributes,
      String signer,
      Long firstSeenMillis,
      boolean registered) {
    this(id, kind, name, version, attributes, signer, firstSeenMillis, registered, null);
  }

  /** A node seen only as the end of an edge. */
  public static GraphNode implied(String id) {
    return new GraphNode(id, NodeKinds.fromId(id), null, null, Map.of(), null, null, false, null);
  }
}
