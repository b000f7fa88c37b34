package dev.lineage.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema before Avro decodes it, without allocating.
 *
 * <p>Avro allocates whatever a length prefix or block count claims before it reads the data, so a
 * forged prefix of 2^31 costs gigabytes. Every claim is checked here against the bytes that are
 * really left. The walk is also stricter than Avro where a lenient reading would let two different
 * byte strings mean the same event: it refuses invalid UTF-8, non-minimal varints, out-of-range
 * enum and union indexes, and bytes after the end of the record.
 */
final class WireBounds {
  /** Deeper nesting than any contract needs; bounds recursion on recursive schemas. */
  static final int MAX_DEPTH = 64;

  /**
   * Items that take no bytes (e.g. an array of null) cannot be bounded by the input size, so their
   * total number is capped instead.
   */
  static final long MAX_ZERO_SIZE_ITEMS = 65_536;

  private final byte[] buf;
  private final int end;
  private int pos;
  private long zeroSizeItems;
  private final Map<Schema, Boolean> takesBytes = new IdentityHashMap<>();
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private WireBounds(byte[] buf, int offset) {
    this.buf = buf;
    this.pos = offset;
    this.end = buf.length;
  }

  /**
   * Checks that {@code buf[offset..]} is exactly one datum of {@code writer}.
   *
   * @throws MalformedRecordException if it is not
   */
  static void check(Schema writer, byte[] buf, int offset) {
    WireBounds walk = new WireBounds(buf, offset);
    walk.datum(writer, 0);
    if (walk.pos != walk.end) {
      throw walk.malformed((walk.end - walk.pos) + " bytes after the end of the record");
    }
  }

  private void datum(Schema schema, int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed("nested deeper than " + MAX_DEPTH + " levels");
    }
    switch (schema.getType()) {
      case NULL -> {}
      case BOOLEAN -> {
        need(1);
        if ((buf[pos++] & 0xff) > 1) {
          throw malformed("boolean byte is neither 0 nor 1");
        }
      }
      case INT -> {
        long value = varint();
        if (value != (int) value) {
          throw malformed("int out of range");
        }
      }
      case LONG -> varint();
      case FLOAT -> skip(4);
      case DOUBLE -> skip(8);
      case FIXED -> skip(schema.getFixedSize());
      case ENUM -> index(schema.getEnumSymbols().size(), "enum symbol");
      case STRING -> string();
      case BYTES -> skip(length("bytes"));
      case ARRAY -> blocks(schema.getElementType(), false, depth);
      case MAP -> blocks(schema.getValueType(), true, depth);
      case UNION ->
          datum(schema.getTypes().get(index(schema.getTypes().size(), "union branch")), depth + 1);
      case RECORD -> {
        for (Schema.Field field : schema.getFields()) {
          datum(field.schema(), depth + 1);
        }
      }
    }
  }

  private void blocks(Schema item, boolean map, int depth) {
    boolean bounded = map || takesBytes(item, 0);
    for (long count = varint(); count != 0; count = varint()) {
      if (count < 0) {
        if (count == Long.MIN_VALUE) {
          throw malformed("block count out of range");
        }
        count = -count;
        long size = varint();
        if (size < 0 || size > remaining()) {
          throw malformed("block claims " + size + " bytes, " + remaining() + " left");
        }
      }
      if (bounded) {
        // every item takes at least one byte, so a count beyond the bytes left is a lie
        if (count > remaining()) {
          throw malformed("block claims " + count + " items, " + remaining() + " bytes left");
        }
      } else {
        zeroSizeItems += count;
        if (zeroSizeItems > MAX_ZERO_SIZE_ITEMS || zeroSizeItems < 0) {
          throw malformed("more than " + MAX_ZERO_SIZE_ITEMS + " items that take no bytes");
        }
      }
      for (long i = 0; i < count; i++) {
        if (map) {
          string();
        }
        datum(item, depth + 1);
      }
    }
  }

  /** Whether every datum of the schema takes at least one byte on the wire. */
  private boolean takesBytes(Schema schema, int depth) {
    return switch (schema.getType()) {
      case NULL -> false;
      case FIXED -> schema.getFixedSize() > 0;
      case RECORD -> {
        Boolean known = takesBytes.get(schema);
        if (known != null) {
          yield known;
        }
        // a record met again while deciding (recursion) counts as free until proven otherwise
        takesBytes.put(schema, false);
        boolean any = false;
        if (depth <= MAX_DEPTH) {
          for (Schema.Field field : schema.getFields()) {
            any |= takesBytes(field.schema(), depth + 1);
          }
        }
        takesBytes.put(schema, any);
        yield any;
      }
      default -> true;
    };
  }

  private void string() {
    int length = length("string");
    try {
      utf8.reset().decode(ByteBuffer.wrap(buf, pos, length));
    } catch (CharacterCodingException e) {
      throw new MalformedRecordException("string at offset " + pos + " is not valid UTF-8", e);
    }
    pos += length;
  }

  private int length(String what) {
    long length = varint();
    if (length < 0 || length > remaining()) {
      throw malformed(what + " claims " + length + " bytes, " + remaining() + " left");
    }
    return (int) length;
  }

  private int index(int size, String what) {
    long index = varint();
    if (index < 0 || index >= size) {
      throw malformed(what + " index " + index + " out of range 0.." + (size - 1));
    }
    return (int) index;
  }

  /** A zig-zag varint long, as Avro writes it: at most 10 bytes, and no redundant zero groups. */
  private long varint() {
    long raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 63) {
        throw malformed("varint longer than 10 bytes");
      }
      need(1);
      int b = buf[pos++] & 0xff;
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw malformed("varint has a redundant trailing zero group");
        }
        if (shift == 63 && b > 1) {
          throw malformed("varint overflows 64 bits");
        }
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
  }

  private void skip(long count) {
    need(count);
    pos += (int) count;
  }

  private void need(long count) {
    if (count > remaining()) {
      throw malformed("needs " + count + " bytes, " + remaining() + " left");
    }
  }

  private int remaining() {
    return end - pos;
  }

  private MalformedRecordException malformed(String what) {
    return new MalformedRecordException(what + " (at offset " + pos + ")");
  }
}
