package dev.lineage.runtime;

import dev.lineage.schemas.Reason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a record on {@code lineage.rejected}: why it was refused and where it came from.
 * The original record's headers are kept, minus any of these names: a producer must not be able to
 * write its own verdict.
 */
public final class RejectedHeaders {
  public static final String REASON = "lineage.reason";
  public static final String DETAIL = "lineage.detail";
  public static final String SOURCE_TOPIC = "lineage.source-topic";
  public static final String SOURCE_PARTITION = "lineage.source-partition";
  public static final String SOURCE_OFFSET = "lineage.source-offset";

  /** Details are for people reading a rejection, not a place for payloads. */
  static final int MAX_DETAIL = 200;

  private RejectedHeaders() {}

  public static Headers of(
      Headers original, Reason reason, String detail, String topic, int partition, long offset) {
    RecordHeaders headers = new RecordHeaders();
    if (original != null) {
      original.forEach(
          h -> {
            if (!h.key().equals(REASON)
                && !h.key().equals(DETAIL)
                && !h.key().startsWith("lineage.source-")) {
              headers.add(h);
            }
          });
    }
    headers.add(REASON, utf8(reason.wire()));
    headers.add(DETAIL, utf8(shorten(detail)));
    headers.add(SOURCE_TOPIC, utf8(topic));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    return headers;
  }

  static String shorten(String detail) {
    if (detail == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < detail.length() && b.length() < MAX_DETAIL; i++) {
      char c = detail.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
