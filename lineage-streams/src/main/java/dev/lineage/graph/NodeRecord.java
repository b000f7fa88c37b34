package dev.lineage.graph;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node of the graph as its registration states it. Only the owning registration reaches the
 * fold (see {@code dev.lineage.ownership}); should two ever meet, the earliest appended (then the
 * smallest envelope digest) defines the node, so a replay changes nothing.
 *
 * @param id the node id
 * @param idKind the id form: ARTIFACT, SOURCE, RUN, GIT or OCI
 * @param kind the artifact kind (DATASET, MODEL, ...) or RUN
 * @param firstSeen the broker's append time of the defining registration (epoch millis)
 * @param signer the id of the key that signed it
 * @param envelope the digest of the defining envelope
 */
public record NodeRecord(
    String id,
    String idKind,
    String kind,
    String name,
    String version,
    String mediaType,
    Long sizeBytes,
    Long recordCount,
    Map<String, String> attributes,
    String signer,
    long firstSeen,
    String envelope,
    String processName,
    String processVersion,
    String configDigest,
    String manifestDigest,
    Long startedAt,
    Long endedAt,
    Map<String, String> environment) {

  private static final Comparator<NodeRecord> PRECEDENCE =
      Comparator.comparingLong(NodeRecord::firstSeen).thenComparing(NodeRecord::envelope);

  public NodeRecord {
    attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
    environment = environment == null ? null : new TreeMap<>(environment);
  }

  /** The record that defines the node of two registrations; {@code current} may be null. */
  public static NodeRecord merge(NodeRecord current, NodeRecord incoming) {
    if (current == null) {
      return incoming;
    }
    return PRECEDENCE.compare(incoming, current) < 0 ? incoming : current;
  }
}
