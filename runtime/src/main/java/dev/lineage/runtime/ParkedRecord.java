package dev.lineage.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record held back by {@link ParkingProcessor} until the key that signed it is known: everything
 * needed to send it on later exactly as it arrived (key, value, headers, timestamp, source
 * position), and when it was first seen (wall clock), which starts its grace.
 *
 * @param key the original record key (may be null)
 * @param value the original record value
 * @param headers the original headers, in order
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestamp the original record timestamp, given again to whatever is forwarded
 * @param firstSeen wall-clock milliseconds when it was parked
 */
public record ParkedRecord(
    byte[] key,
    byte[] value,
    List<HeaderEntry> headers,
    String topic,
    int partition,
    long offset,
    long timestamp,
    long firstSeen) {

  /** One header; Kafka's own header type does not round-trip through JSON. */
  public record HeaderEntry(String key, byte[] value) {}

  public ParkedRecord {
    Objects.requireNonNull(topic, "topic");
    headers = headers == null ? List.of() : List.copyOf(headers);
    if (firstSeen < 0) {
      throw new IllegalArgumentException("firstSeen must not be negative");
    }
  }

  static List<HeaderEntry> entries(Headers headers) {
    List<HeaderEntry> out = new ArrayList<>();
    if (headers != null) {
      headers.forEach(h -> out.add(new HeaderEntry(h.key(), h.value())));
    }
    return out;
  }

  /** A fresh copy of the original headers. */
  public Headers kafkaHeaders() {
    RecordHeaders out = new RecordHeaders();
    headers.forEach(h -> out.add(h.key(), h.value()));
    return out;
  }

  /**
   * Its key in the parked store: first-seen time first, so store order is arrival order and the
   * records whose grace is over are always a prefix; the source position makes it unique.
   */
  public String storeKey() {
    return storeKeyPrefix(firstSeen)
        + topic
        + "/"
        + String.format("%010d/%020d", partition, offset);
  }

  /** Every key of a record first seen at {@code firstSeen} starts with this. */
  static String storeKeyPrefix(long firstSeen) {
    return String.format("%020d/", firstSeen);
  }

  /** The first-seen time encoded in a store key. */
  static long firstSeenOf(String storeKey) {
    return Long.parseLong(storeKey.substring(0, 20));
  }
}
