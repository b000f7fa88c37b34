package dev.lineage.barrier;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@link FoldBarrier} reads from the cluster: {@link AdminFoldOffsets} with an admin client, a
 * map in tests. Every method may throw {@link FoldOffsetsUnavailable}.
 */
public interface FoldOffsets {
  /**
   * For every partition of {@code topics}: the offset of the first record appended at or after
   * {@code time} (broker append time, epoch ms), or the partition's end offset (high watermark)
   * when it has none yet.
   */
  Map<TopicPartition, Long> offsetsAt(Collection<String> topics, long time);

  /** For every partition of {@code topics}: its end offset (high watermark). */
  Map<TopicPartition, Long> ends(Collection<String> topics);

  /**
   * The application's consumer group's committed offsets (a partition it never committed: absent).
   */
  Map<TopicPartition, Long> committed();

  /**
   * True when a read_committed reader finds no record in {@code [from, to)} of {@code partition}:
   * the offsets between are transaction markers or aborted records only, which the group's
   * committed offset need not pass.
   */
  boolean nothingToRead(TopicPartition partition, long from, long to);

  /** The cluster could not be asked now. */
  final class FoldOffsetsUnavailable extends RuntimeException {
    public FoldOffsetsUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
