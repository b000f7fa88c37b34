package dev.lineage.testing;

import dev.lineage.seed.Envelopes;
import org.apache.kafka.streams.TestInputTopic;

/**
 * Pipes signed records into a topology driver as the broker would append them: with a record
 * timestamp (the append time of a {@code LogAppendTime} topic) equal to when the event says it was
 * signed, unless a test gives another on purpose. The one copy the apps' topology tests share (it
 * lives here, beside {@link Envelopes}, because both apps' tests already depend on this module).
 */
public final class Appended {
  private Appended() {}

  /** Pipes {@code value} appended at its own {@code signedAt}. */
  public static <K> void pipe(TestInputTopic<K, byte[]> topic, K key, byte[] value) {
    topic.pipeInput(key, value, Envelopes.signedAtOf(value));
  }
}
