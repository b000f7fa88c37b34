package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /v1/nodes/{id}}: the node as listed, everything its registration states
 * (sizes for artifacts; for runs the process, configuration, manifest, times and environment), the
 * runs it was attested equivalent to, and the position the answer reflects. Every field but {@code
 * id}, {@code kind}, {@code registered} and {@code position} is left out when not known; times are
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
    Map<String, Long> position) {}
