package dev.lineage.openlineage.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compact JSON with object keys sorted (by UTF-16 code units, as RFC 8785 orders them) at every
 * level, so the same content gives the same bytes whatever the producer's whitespace and key order.
 * Numbers are written as parsed (decimals as plain decimals, never re-rounded).
 */
final class CanonicalJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private CanonicalJson() {}

  static byte[] bytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
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
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode e : node) {
          write(g, e);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL -> g.writeNull();
      case NUMBER -> {
        if (node.isBigDecimal()) {
          g.writeNumber(node.decimalValue().toPlainString());
        } else if (node.isIntegralNumber()) {
          g.writeNumber(node.bigIntegerValue());
        } else {
          g.writeNumber(node.doubleValue());
        }
      }
      default -> throw new IllegalArgumentException("not JSON data: " + node.getNodeType());
    }
  }
}
