package dev.lineage.cas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.id.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A tombstone as a small JSON file: {@code {"digest","sizeBytes","requestId","erasedAt",
 * "erasureEnvelopeDigest","erasureEnvelope","directoryFiles"}}, the envelope base64. Plain JSON so
 * an operator can read it with {@code cat}.
 */
final class TombstoneFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TombstoneFiles() {}

  static byte[] write(Tombstone t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("digest", t.digest().toString());
    o.put("sizeBytes", t.sizeBytes());
    o.put("requestId", t.fact().requestId());
    o.put("erasedAt", t.fact().erasedAt().toString());
    byte[] envelope = t.fact().signedEnvelope();
    if (envelope != null) {
      o.put("erasureEnvelopeDigest", t.fact().envelopeDigest().orElseThrow().toString());
      o.put("erasureEnvelope", Base64.getEncoder().encodeToString(envelope));
    }
    if (t.isDirectory()) {
      var files = o.putArray("directoryFiles");
      t.directoryFiles().forEach(d -> files.add(d.toString()));
    }
    return (o.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a tombstone file.
   *
   * @throws IOException if it is not a tombstone, or not the one of {@code expected}
   */
  static Tombstone read(byte[] bytes, Digest expected) throws IOException {
    try {
      JsonNode o = JSON.readTree(bytes);
      Digest digest = Digest.parse(o.path("digest").asText());
      if (!digest.equals(expected)) {
        throw new IOException("tombstone of " + expected + " names " + digest);
      }
      byte[] envelope =
          o.hasNonNull("erasureEnvelope")
              ? Base64.getDecoder().decode(o.get("erasureEnvelope").asText())
              : null;
      ErasureFact fact =
          new ErasureFact(
              o.path("requestId").asText(), Instant.parse(o.path("erasedAt").asText()), envelope);
      if (o.hasNonNull("erasureEnvelopeDigest")
          && !fact.envelopeDigest()
              .map(Digest::toString)
              .orElse("")
              .equals(o.get("erasureEnvelopeDigest").asText())) {
        throw new IOException("tombstone of " + expected + ": the erasure envelope was altered");
      }
      List<Digest> files = new ArrayList<>();
      for (JsonNode f : o.path("directoryFiles")) {
        files.add(Digest.parse(f.asText()));
      }
      if (!o.path("sizeBytes").canConvertToLong()) {
        throw new IOException("tombstone of " + expected + " has no size");
      }
      return new Tombstone(digest, o.get("sizeBytes").longValue(), fact, files);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IOException("unreadable tombstone of " + expected + ": " + e.getMessage(), e);
    }
  }
}
