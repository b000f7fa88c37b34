package dev.lineage.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Arrays;

/**
 * One OpenLineage event exactly as received: its bytes (what a gateway attestation signs and what
 * {@code lineage.rejected} keeps) and the JSON tree parsed from them once (what the validator and
 * the mapper read). Duplicate object keys are refused: with two {@code runId} fields, two readers
 * could see two different runs in one signed document.
 */
public final class RawEvent {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private final byte[] bytes;
  private final JsonNode json;

  private RawEvent(byte[] bytes, JsonNode json) {
    this.bytes = bytes;
    this.json = json;
  }

  /**
   * Parses one event.
   *
   * @throws MalformedEventException when the bytes are not one JSON object
   */
  public static RawEvent of(byte[] bytes) {
    byte[] copy = bytes.clone();
    JsonNode tree;
    try {
      tree = JSON.readTree(copy);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEventException("not JSON: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new MalformedEventException("empty: an OpenLineage event is a JSON object");
    }
    if (!tree.isObject()) {
      throw new MalformedEventException(
          "an OpenLineage event is a JSON object, not " + tree.getNodeType().name().toLowerCase());
    }
    return new RawEvent(copy, tree);
  }

  /** A copy of the exact bytes received. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The byte length, without copying. */
  public int size() {
    return bytes.length;
  }

  /**
   * The parsed event. Shared, not copied: callers must not modify it (the validator and the mapper
   * only read).
   */
  public JsonNode json() {
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawEvent r && Arrays.equals(bytes, r.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "RawEvent[" + bytes.length + " bytes]";
  }
}
