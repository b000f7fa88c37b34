package dev.lineage.publish;

import dev.lineage.id.Digest;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Where a signed event landed.
 *
 * @param event the event exactly as signed: with the times the client filled in, as a consumer
 *     decodes it
 * @param topic the topic it was written to
 * @param partition its partition
 * @param offset its offset in the partition
 * @param key the record key (a hint for partitioning and compaction; only the signature counts)
 * @param envelopeDigest SHA-256 of the record value: how consumers recognise the event again
 */
public record PublishResult<T extends SpecificRecordBase>(
    T event, String topic, int partition, long offset, String key, Digest envelopeDigest) {

  /** {@code topic-partition@offset}, e.g. {@code lineage.artifacts-2@17}. */
  public String position() {
    return topic + "-" + partition + "@" + offset;
  }
}
