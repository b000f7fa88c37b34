package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code POST /v1/closure}: the starts (ids or {@code name:} references), the
 * direction, and optionally how deep to walk (left out: no limit).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClosureQuery(List<String> starts, String direction, Integer depth) {
  public ClosureQuery {
    starts = List.copyOf(starts);
  }

  public static ClosureQuery downstream(List<String> starts) {
    return new ClosureQuery(starts, "downstream", null);
  }
}
