package dev.lineage.schemas;

import dev.lineage.avro.Envelope;
import org.apache.avro.message.SchemaStore;

/**
 * The Kafka record value of every event topic: an {@link Envelope} in Avro single-object encoding.
 * Decoding refuses records over the cap before looking further, so forged sizes cost nothing.
 */
public final class EnvelopeCodec {
  private static final EnvelopeCodec DEFAULT =
      new EnvelopeCodec(SingleObjectCodec.of(Envelope.class));

  private final SingleObjectCodec<Envelope> codec;

  private EnvelopeCodec(SingleObjectCodec<Envelope> codec) {
    this.codec = codec;
  }

  /** The codec of this build, capped at {@link SingleObjectCodec#DEFAULT_MAX_BYTES}. */
  public static EnvelopeCodec standard() {
    return DEFAULT;
  }

  /** A codec refusing record values over {@code maxBytes}. */
  public static EnvelopeCodec withMaxBytes(int maxBytes) {
    return new EnvelopeCodec(
        SingleObjectCodec.of(Envelope.class, LineageSchemaStore.shared(), maxBytes));
  }

  /** A codec resolving writers through another store (tests, tools). */
  public static EnvelopeCodec of(SchemaStore store, int maxBytes) {
    return new EnvelopeCodec(SingleObjectCodec.of(Envelope.class, store, maxBytes));
  }

  public int maxBytes() {
    return codec.maxBytes();
  }

  /** The record value bytes. */
  public byte[] encode(Envelope envelope) {
    return codec.encode(envelope);
  }

  /**
   * The envelope in a record value.
   *
   * @throws MalformedRecordException if the bytes are not one well-formed envelope within the cap
   * @throws UnknownSchemaException if the envelope's writer schema is unknown
   * @throws TypeMismatchException if the bytes hold another record type (e.g. a bare event)
   */
  public Envelope decode(byte[] recordValue) {
    return codec.decode(recordValue);
  }

  /** The envelope's payload bytes (a copy). */
  public static byte[] payload(Envelope envelope) {
    return EventType.bytes(envelope.getPayload());
  }
}
