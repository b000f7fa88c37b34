package dev.lineage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.http.ApiException;
import dev.lineage.http.JsonBody;
import dev.lineage.id.NodeId;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/closure}: {@code {"starts":[id,...], "direction":"downstream",
 * "depth":N}}, checked before any store is read. Every start must be a well-formed node id (any
 * form, or a {@code name:} reference); whether it exists is the query's business, not the parser's.
 *
 * @param starts the ids as given, in order, without repeats
 * @param depth Integer.MAX_VALUE when not limited
 */
public record ClosureRequest(List<NodeId> starts, Direction direction, int depth) {
  /** More starts than this is a batch job, not a query. */
  public static final int MAX_STARTS = 10_000;

  private static final Set<String> FIELDS = Set.of("starts", "direction", "depth");

  public ClosureRequest {
    starts = List.copyOf(starts);
  }

  /** Parses and validates a body; every mistake is a 400 that names it. */
  public static ClosureRequest parse(byte[] body) {
    JsonNode json = JsonBody.tree(body);
    if (json == null || !json.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object with a 'starts' array");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        // A misspelt 'depth' would otherwise walk the whole graph without a word.
        throw ApiException.badRequest(
            "unknown field '" + name + "'; expected starts, direction, depth");
      }
    }
    JsonNode starts = json.get("starts");
    if (starts == null || !starts.isArray()) {
      throw ApiException.badRequest("'starts' must be an array of node ids");
    }
    if (starts.isEmpty()) {
      throw ApiException.badRequest("'starts' must name at least one node");
    }
    if (starts.size() > MAX_STARTS) {
      throw ApiException.badRequest(
          "'starts' has " + starts.size() + " ids; at most " + MAX_STARTS + " are accepted");
    }
    Set<NodeId> ids = new LinkedHashSet<>();
    for (int i = 0; i < starts.size(); i++) {
      JsonNode start = starts.get(i);
      if (!start.isTextual()) {
        throw ApiException.badRequest("starts[" + i + "] must be a string");
      }
      try {
        ids.add(NodeId.parse(start.asText()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("starts[" + i + "] is not a node id: " + e.getMessage());
      }
    }
    Direction direction = Direction.DOWNSTREAM;
    JsonNode d = json.get("direction");
    if (d != null && !d.isNull()) {
      if (!d.isTextual()) {
        throw ApiException.badRequest("'direction' must be 'downstream' or 'upstream'");
      }
      try {
        direction = Direction.parse(d.asText());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    int depth = Integer.MAX_VALUE;
    JsonNode n = json.get("depth");
    if (n != null && !n.isNull()) {
      if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
        throw ApiException.badRequest("'depth' must be a whole number, 0 or more");
      }
      depth = n.asInt();
    }
    return new ClosureRequest(List.copyOf(ids), direction, depth);
  }
}
