package dev.lineage.graph;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
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
 * @param trust {@link Trust#wire()}; null for a node stored before trust was recorded (signed)
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
    Map<String, String> environment,
    String trust) {

  /** The attribute of a gateway run holding its OpenLineage state ({@code STARTED}, ...). */
  public static final String RUN_STATUS = "openlineage.status";

  private static final Comparator<NodeRecord> PRECEDENCE =
      Comparator.comparing(NodeRecord::trustLevel)
          .thenComparingLong(NodeRecord::firstSeen)
          .thenComparing(NodeRecord::envelope);

  /** A producer-signed node. */
  public NodeRecord(
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
    this(
        id,
        idKind,
        kind,
        name,
        version,
        mediaType,
        sizeBytes,
        recordCount,
        attributes,
        signer,
        firstSeen,
        envelope,
        processName,
        processVersion,
        configDigest,
        manifestDigest,
        startedAt,
        endedAt,
        environment,
        null);
  }

  public NodeRecord {
    attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
    environment = environment == null ? null : new TreeMap<>(environment);
  }

  /** Who vouches for this node. */
  public Trust trustLevel() {
    return Trust.ofStored(trust);
  }

  /**
   * The record that defines the node of two registrations; {@code current} may be null. A
   * producer-signed record defines it before a gateway-attested one. Two gateway records of one run
   * (its START, then its COMPLETE) combine: the later state defines it, and it started at the
   * earliest start stated (see {@link #combineRun}).
   */
  public static NodeRecord merge(NodeRecord current, NodeRecord incoming) {
    if (current == null) {
      return incoming;
    }
    if (current.trustLevel() == Trust.GATEWAY
        && incoming.trustLevel() == Trust.GATEWAY
        && "RUN".equals(current.kind())
        && "RUN".equals(incoming.kind())) {
      return combineRun(current, incoming);
    }
    return PRECEDENCE.compare(incoming, current) < 0 ? incoming : current;
  }

  /**
   * One OpenLineage run from two of its events: the furthest state (a terminal one over RUNNING
   * over STARTED; between two equal, the earliest appended) with the earliest start. Commutative,
   * associative and idempotent, so replays and arrival order change nothing.
   */
  static NodeRecord combineRun(NodeRecord a, NodeRecord b) {
    int byState = Integer.compare(statusRank(a), statusRank(b));
    NodeRecord base = byState > 0 ? a : byState < 0 ? b : PRECEDENCE.compare(a, b) <= 0 ? a : b;
    Long started =
        a.startedAt() == null
            ? b.startedAt()
            : b.startedAt() == null ? a.startedAt() : Math.min(a.startedAt(), b.startedAt());
    if (Objects.equals(started, base.startedAt())) {
      return base;
    }
    return new NodeRecord(
        base.id(),
        base.idKind(),
        base.kind(),
        base.name(),
        base.version(),
        base.mediaType(),
        base.sizeBytes(),
        base.recordCount(),
        base.attributes(),
        base.signer(),
        base.firstSeen(),
        base.envelope(),
        base.processName(),
        base.processVersion(),
        base.configDigest(),
        base.manifestDigest(),
        started,
        base.endedAt(),
        base.environment(),
        base.trust());
  }

  private static int statusRank(NodeRecord run) {
    String status = run.attributes().get(RUN_STATUS);
    if (status == null) {
      return 0;
    }
    return switch (status) {
      case "STARTED" -> 1;
      case "RUNNING" -> 2;
      default -> 3;
    };
  }
}
