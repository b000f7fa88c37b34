package dev.lineage.tlog.checkpoint;

import dev.lineage.tlog.merkle.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * A consistency proof between two tree sizes, as {@code GET /v1/log/consistency} answers it. C2SP
 * has no document for a stand-alone consistency proof; this reuses the line syntax of the
 * tlog-witness {@code add-checkpoint} body: {@code old <size>}, then {@code new <size>} (our
 * addition, so the proof names both trees), then one base64 hash per line.
 *
 * <pre>
 * old 6
 * new 8
 * DrxdNDf74tsVi58SahHRjjCBgQMdCpSfje3t68VY72o=
 * ...
 * </pre>
 */
public record ConsistencyProof(long oldSize, long newSize, List<Hash> hashes) {
  public ConsistencyProof {
    if (oldSize < 0 || newSize < oldSize) {
      throw new IllegalArgumentException(
          "need 0 <= old size <= new size, got " + oldSize + " and " + newSize);
    }
    hashes = List.copyOf(hashes);
  }

  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append("old ").append(oldSize).append('\n');
    sb.append("new ").append(newSize).append('\n');
    hashes.forEach(h -> sb.append(h.base64()).append('\n'));
    return sb.toString();
  }

  public static ConsistencyProof parse(String text) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("consistency proof does not end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 2) {
      throw new IllegalArgumentException("consistency proof needs old and new size lines");
    }
    long oldSize = TextLines.decimalAfter("old ", lines[0]);
    long newSize = TextLines.decimalAfter("new ", lines[1]);
    List<Hash> hashes = new ArrayList<>();
    for (int i = 2; i < lines.length; i++) {
      hashes.add(TextLines.hash(lines[i], i + 1));
    }
    return new ConsistencyProof(oldSize, newSize, hashes);
  }
}
