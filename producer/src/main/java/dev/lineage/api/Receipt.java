package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * What a traversal walked: how many nodes it visited, whether anything was cut (and by which
 * limit), the deepest level it reached, and the store position its answer reflects. It is the proof
 * that goes with an answer.
 *
 * @param cutBy {@code "depth"}, {@code "size"} or null when nothing was cut (written as null)
 * @param position topic-partition to offset; passed back as {@code ?position=} it bounds a later
 *     answer
 * @param edgesByTrust the edges walked by who vouches for them: {@code signed} (a producer's
 *     signature) and {@code gateway} (only a gateway's attestation, OpenLineage); on closures
 *     ({@code POST /v1/closure}) only, left out elsewhere
 */
public record Receipt(
    long visited,
    boolean truncated,
    String cutBy,
    int depthReached,
    Map<String, Long> position,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> edgesByTrust) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A receipt that does not count edges by trust. */
  public Receipt(
      long visited, boolean truncated, String cutBy, int depthReached, Map<String, Long> position) {
    this(visited, truncated, cutBy, depthReached, position, null);
  }

  /** The position as the compact JSON object the server wrote; null when there is none. */
  @JsonIgnore
  public String positionText() {
    if (position == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(position);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a position map always writes", e);
    }
  }
}
