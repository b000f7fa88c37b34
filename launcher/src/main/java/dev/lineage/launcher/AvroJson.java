package dev.lineage.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

/**
 * A decoded event as plain JSON, every field by its schema name ({@code lineage audit --json}):
 * records as objects, arrays as arrays, times as ISO-8601 UTC, enums by symbol, bytes as base64, a
 * null union as null. Unlike Avro's own JSON encoding, unions are not wrapped in their branch name,
 * so a reader needs no schema to use it; the envelope digest beside it names the exact bytes.
 */
final class AvroJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  static JsonNode of(IndexedRecord record) {
    ObjectNode o = NODES.objectNode();
    for (Schema.Field f : record.getSchema().getFields()) {
      o.set(f.name(), value(record.get(f.pos())));
    }
    return o;
  }

  private static JsonNode value(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof IndexedRecord r) {
      return of(r);
    }
    if (v instanceof Instant i) {
      return NODES.textNode(i.toString());
    }
    if (v instanceof CharSequence s) {
      return NODES.textNode(s.toString());
    }
    if (v instanceof Enum<?> e) {
      return NODES.textNode(e.name());
    }
    if (v instanceof GenericContainer g) {
      // a generic enum symbol or fixed: its text
      return NODES.textNode(g.toString());
    }
    if (v instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Float f) {
      return NODES.numberNode(f);
    }
    if (v instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      c.forEach(x -> a.add(value(x)));
      return a;
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      m.forEach((k, x) -> o.set(String.valueOf(k), value(x)));
      return o;
    }
    return NODES.textNode(v.toString());
  }
}
