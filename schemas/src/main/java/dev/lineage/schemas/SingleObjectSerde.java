package dev.lineage.schemas;

import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one generated record type in Avro single-object encoding. {@code null} maps to
 * {@code null} both ways (tombstones on compacted topics). Failures throw {@link
 * DecodingException}, a Kafka {@code SerializationException} whose {@link
 * DecodingException#reason()} is the rejection reason.
 */
public final class SingleObjectSerde<T extends SpecificRecordBase>
    implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final SingleObjectCodec<T> codec;

  public SingleObjectSerde(SingleObjectCodec<T> codec) {
    this.codec = codec;
  }

  public SingleObjectCodec<T> codec() {
    return codec;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : codec.encode(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : codec.decode(data);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // configured by construction: the codec fixes the type, the store and the size cap
  }

  @Override
  public void close() {
    // nothing to release: the codec holds no resources
  }
}
