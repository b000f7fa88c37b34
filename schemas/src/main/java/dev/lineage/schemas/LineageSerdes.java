package dev.lineage.schemas;

import dev.lineage.avro.Envelope;
import org.apache.avro.specific.SpecificRecordBase;

/** Kafka serdes for the record values: the envelope, and each event for internal topics. */
public final class LineageSerdes {
  private LineageSerdes() {}

  /** The serde of every event topic's values, capped at 1 MiB per record. */
  public static SingleObjectSerde<Envelope> envelope() {
    return new SingleObjectSerde<>(SingleObjectCodec.of(Envelope.class));
  }

  /** The serde of the envelope with another cap. */
  public static SingleObjectSerde<Envelope> envelope(int maxBytes) {
    return new SingleObjectSerde<>(
        SingleObjectCodec.of(Envelope.class, LineageSchemaStore.shared(), maxBytes));
  }

  /** The serde of a bare event (no envelope, no signature): for stores and internal topics. */
  public static <T extends SpecificRecordBase> SingleObjectSerde<T> event(EventType<T> type) {
    return new SingleObjectSerde<>(SingleObjectCodec.of(type.eventClass()));
  }
}
