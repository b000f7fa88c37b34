package dev.lineage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiServer;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A position an answer must reflect at least: the {@code position} of an earlier receipt, passed
 * back as {@code ?position=}. Keys are {@code <topic>-<partition>} as receipts write them, values
 * offsets of that partition of the fold's input ({@code graph-ops}). Written either as the
 * receipt's entries, {@code <topic>-<partition>:<offset>} joined by commas, or as the receipt's
 * JSON object itself.
 */
public record PositionBound(Map<String, Long> offsets) {
  public static final PositionBound NONE = new PositionBound(Map.of());

  private static final int MAX_ENTRIES = 10_000;

  public PositionBound {
    offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
  }

  /** Parses either form; anything else is a 400 that shows the expected form. */
  public static PositionBound parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      return NONE;
    }
    Map<String, Long> offsets = new TreeMap<>();
    if (t.startsWith("{")) {
      JsonNode json;
      try {
        json = ApiServer.json().readTree(t);
      } catch (IOException e) {
        throw malformed(text);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong()) {
          throw malformed(text);
        }
        put(offsets, e.getKey(), e.getValue().asLong(), text);
      }
    } else {
      for (String entry : t.split(",")) {
        int colon = entry.lastIndexOf(':');
        if (colon < 0) {
          throw malformed(text);
        }
        try {
          put(
              offsets,
              entry.substring(0, colon).trim(),
              Long.parseLong(entry.substring(colon + 1).trim()),
              text);
        } catch (NumberFormatException e) {
          throw malformed(text);
        }
      }
    }
    if (offsets.size() > MAX_ENTRIES) {
      throw ApiException.badRequest("position names more than " + MAX_ENTRIES + " partitions");
    }
    return new PositionBound(offsets);
  }

  private static void put(Map<String, Long> offsets, String key, long offset, String text) {
    int dash = key.lastIndexOf('-');
    if (dash <= 0 || offset < 0 || !key.substring(dash + 1).matches("[0-9]{1,9}")) {
      throw malformed(text);
    }
    offsets.merge(key, offset, Math::max);
  }

  private static ApiException malformed(String text) {
    return ApiException.badRequest(
        "position must be a receipt's position, as <topic>-<partition>:<offset>[,...] or its JSON"
            + " object; got '"
            + (text.length() > 80 ? text.substring(0, 80) + "..." : text)
            + "'");
  }

  public boolean isEmpty() {
    return offsets.isEmpty();
  }

  /** The parameter value that asks for this bound again. */
  public String format() {
    StringJoiner out = new StringJoiner(",");
    offsets.forEach((k, v) -> out.add(k + ":" + v));
    return out.toString();
  }

  /** The entries among {@code checked} partitions that {@code position} has not reached. */
  public Map<String, Long> unmet(Map<String, Long> position, Predicate<String> checked) {
    Map<String, Long> unmet = new TreeMap<>();
    offsets.forEach(
        (k, v) -> {
          if (checked.test(k) && position.getOrDefault(k, -1L) < v) {
            unmet.put(k, v);
          }
        });
    return unmet;
  }

  /**
   * Passes when the stores have reached the bound on the partitions this instance answers for; a
   * 503 with {@code Retry-After} otherwise. Nothing signals a store's progress to a request thread,
   * and a request thread must not sleep, so the caller asks again. The position is read only when
   * there is a bound: reading it costs a query of every graph store.
   */
  public void require(Supplier<Map<String, Long>> position, Predicate<String> held) {
    if (offsets.isEmpty()) {
      return;
    }
    Map<String, Long> unmet = unmet(position.get(), held);
    if (!unmet.isEmpty()) {
      throw ApiException.unavailable(
          "the graph stores here have not reached the requested position yet ("
              + unmet.size()
              + " partition(s) behind, e.g. "
              + unmet.entrySet().iterator().next()
              + ")",
          1);
    }
  }
}
