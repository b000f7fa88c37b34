package dev.lineage.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compact JSON with object keys sorted (by UTF-16 code units, as RFC 8785 does) at every level and
 * no insignificant whitespace, so equal documents give equal bytes. Numbers in our documents are
 * integers and plain decimals only; doubles never appear.
 */
final class CanonicalJson {
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private CanonicalJson() {}

  static byte[] write(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      g.writeStartObject();
      for (String name : names) {
        g.writeFieldName(name);
        write(g, node.get(name));
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode e : node) {
        write(g, e);
      }
      g.writeEndArray();
    } else if (node.isBigDecimal()) {
      g.writeNumber(node.decimalValue().toPlainString());
    } else if (node.isFloatingPointNumber()) {
      throw new IllegalArgumentException("canonical JSON here carries no binary floating point");
    } else {
      MAPPER.writeTree(g, node);
    }
  }
}
