package dev.lineage.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An evidence bundle (issue 16), format {@value #FORMAT}: everything an auditor needs to check one
 * model's story offline, against one checkpoint of the transparency log.
 *
 * <pre>
 * {
 *   "format": "lineage-evidence/v1",
 *   "model": "sha256:...",                 the model the bundle is about
 *   "checkpoint": "origin\nsize\nroot\n\n— log signature\n— witness cosignatures...\n",
 *   "entries": [                            every envelope, each with its inclusion proof
 *     {"leaf": "sha256:&lt;digest&gt; &lt;append ms&gt; &lt;source&gt;\n",
 *      "index": 12,                          the leaf's index in the log
 *      "proof": ["base64 hash", ...],        RFC 6962 inclusion proof against the checkpoint
 *      "envelope": "base64"}                 the record value exactly as appended (Avro DSSE)
 *   ],
 *   "manifests": [{"digest": "sha256:...", "envelope": "base64 DSSE JSON"}]
 * }
 * </pre>
 *
 * Nothing in a bundle is trusted for being there: whoever made it may lie. {@link EvidenceVerifier}
 * trusts only the log key, the trust root and the witnesses' keys, and derives everything else
 * (what each envelope is, when it was appended, who signed it and with what role) from them.
 * Unknown fields, a field twice, or trailing text are refused.
 */
public record EvidenceBundle(
    String format, String model, String checkpoint, List<Entry> entries, List<Manifest> manifests) {
  public static final String FORMAT = "lineage-evidence/v1";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /** One logged envelope with its leaf and its inclusion proof. */
  public record Entry(String leaf, long index, List<String> proof, String envelope) {
    public Entry {
      proof = proof == null ? List.of() : List.copyOf(proof);
    }
  }

  /** A signed training manifest (not itself a log entry: a logged run names it by digest). */
  public record Manifest(String digest, String envelope) {}

  public EvidenceBundle {
    entries = entries == null ? List.of() : List.copyOf(entries);
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsString(this).concat("\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an evidence bundle", e);
    }
  }

  /**
   * Reads a bundle.
   *
   * @throws IOException naming what is wrong when it is not one bundle of this format's shape
   */
  public static EvidenceBundle fromJson(byte[] json) throws IOException {
    Objects.requireNonNull(json, "json");
    EvidenceBundle b;
    try {
      b = JSON.readValue(json, EvidenceBundle.class);
    } catch (JsonProcessingException e) {
      throw new IOException("not an evidence bundle: " + e.getOriginalMessage(), e);
    }
    if (b == null) {
      throw new IOException("not an evidence bundle: empty");
    }
    return b;
  }
}
