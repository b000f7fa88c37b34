package dev.lineage.openlineage.transport;

import dev.lineage.openlineage.RawEvent;
import java.util.Objects;

/**
 * One record of an OpenLineage topic, read as the OpenLineage Kafka transport writes it.
 *
 * @param key the record key, an untrusted hint
 * @param event the record value: one event, exact bytes
 */
public record KafkaEvent(TransportKey key, RawEvent event) {
  public KafkaEvent {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(event, "event");
  }
}
