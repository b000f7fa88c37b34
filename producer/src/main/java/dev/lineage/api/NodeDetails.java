package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /v1/nodes/{id}}: the node as listed, everything its registration states
 * (sizes for artifacts; for runs the process, configuration, manifest, times and environment), the
 * runs it was attested equivalent to, the position the answer reflects, and, for a data snapshot
 * whose content was erased for a deletion request, {@code erased}. Every field but {@code id},
 * {@code kind}, {@code registered} and {@code position} is left out when not known; times are
 * ISO-8601 UTC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeDetails(
    String id,
    String kind,
    String name,
    String version,
    Map<String, String> attributes,
    String signer,
    String firstSeen,
    boolean registered,
    String mediaType,
    Long sizeBytes,
    Long recordCount,
    String processName,
    String processVersion,
    String configDigest,
    String manifestDigest,
    String startedAt,
    String endedAt,
    Map<String, String> environment,
    List<Equivalence> equivalentTo,
    Map<String, Long> position,
    Erased erased) {

  /**
   * A data snapshot whose content was removed from the content-addressed store for a fulfilled
   * deletion request (issue 14), as the signed {@code SnapshotErased} its tombstone keeps states
   * it; the node, its edges and every signature naming it stay.
   *
   * @param requestId the deletion request it was erased for
   * @param at when the content was removed (ISO-8601 UTC)
   * @param fact the {@code sha256:} digest of the signed {@code SnapshotErased} envelope
   */
  public record Erased(String requestId, String at, String fact) {}

  /** A node that is not marked erased. */
  public NodeDetails(
      String id,
      String kind,
      String name,
      String version,
      Map<String, String> attributes,
      String signer,
      String firstSeen,
      boolean registered,
      String mediaType,
      Long sizeBytes,
      Long recordCount,
      String processName,
      String processVersion,
      String configDigest,
      String manifestDigest,
      String startedAt,
      String endedAt,
      Map<String, String> environment,
      List<Equivalence> equivalentTo,
      Map<String, Long> position) {
    this(
        id,
        kind,
        name,
        version,
        attributes,
        signer,
        firstSeen,
        registered,
        mediaType,
        sizeBytes,
        recordCount,
        processName,
        processVersion,
        configDigest,
        manifestDigest,
        startedAt,
        endedAt,
        environment,
        equivalentTo,
        position,
        null);
  }
}
