package dev.lineage.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One generated record type in Avro single-object encoding: {@code C3 01}, the writer schema's
 * 8-byte little-endian CRC-64-AVRO fingerprint, then the Avro binary body.
 *
 * <p>Decoding resolves older (or newer, released) writer schemas through a {@link SchemaStore}, and
 * treats the input as hostile: the size is capped, the header and the writer's name are checked,
 * and every length in the body is checked against the bytes left before Avro allocates anything.
 * Instances are immutable and thread-safe.
 */
public final class SingleObjectCodec<T extends SpecificRecordBase> {
  /** Default cap on an encoded record: Kafka's default maximum message size is about 1 MiB. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  /** Length of {@code C3 01} plus the fingerprint. */
  public static final int HEADER_BYTES = 10;

  private static final byte MAGIC_0 = (byte) 0xC3;
  private static final byte MAGIC_1 = (byte) 0x01;

  static {
    AvroTrust.ensure();
  }

  private final Class<T> type;
  private final Schema schema;
  private final SchemaStore store;
  private final int maxBytes;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private SingleObjectCodec(Class<T> type, SchemaStore store, int maxBytes) {
    if (maxBytes < HEADER_BYTES) {
      throw new IllegalArgumentException("maxBytes must be at least " + HEADER_BYTES);
    }
    this.type = type;
    // the generated class's own model carries its logical-type conversions (Instant, ...)
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.store = Objects.requireNonNull(store, "store");
    this.maxBytes = maxBytes;
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  /** A codec resolving writers through {@link LineageSchemaStore#shared()}, capped at 1 MiB. */
  public static <T extends SpecificRecordBase> SingleObjectCodec<T> of(Class<T> type) {
    return of(type, LineageSchemaStore.shared(), DEFAULT_MAX_BYTES);
  }

  /** A codec resolving writers through {@code store}, refusing records over {@code maxBytes}. */
  public static <T extends SpecificRecordBase> SingleObjectCodec<T> of(
      Class<T> type, SchemaStore store, int maxBytes) {
    return new SingleObjectCodec<>(Objects.requireNonNull(type, "type"), store, maxBytes);
  }

  public Class<T> type() {
    return type;
  }

  /** The reader (and writer) schema: the current one of this build. */
  public Schema schema() {
    return schema;
  }

  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Encodes with the current schema.
   *
   * @throws IllegalArgumentException if a required field is missing or the result exceeds the cap
   */
  public byte[] encode(T record) {
    Objects.requireNonNull(record, "record");
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(record, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("cannot encode " + schema.getName(), e);
    }
    if (out.size() > maxBytes) {
      throw new IllegalArgumentException(
          schema.getName() + " encodes to " + out.size() + " bytes, over the cap of " + maxBytes);
    }
    return out.toByteArray();
  }

  /**
   * Decodes bytes written with any schema the store knows under this type's full name.
   *
   * @throws MalformedRecordException if the bytes are not one well-formed record within the cap
   * @throws UnknownSchemaException if the header's fingerprint is not in the store
   * @throws TypeMismatchException if the writer schema is another record type
   */
  public T decode(byte[] bytes) {
    long fingerprint = fingerprintOf(bytes, maxBytes);
    Schema writer = store.findByFingerprint(fingerprint);
    if (writer == null) {
      throw new UnknownSchemaException(fingerprint);
    }
    if (!writer.getFullName().equals(schema.getFullName())) {
      throw new TypeMismatchException(schema.getFullName(), writer.getFullName());
    }
    WireBounds.check(writer, bytes, HEADER_BYTES);
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new UnknownSchemaException(fingerprint);
    } catch (BadHeaderException e) {
      throw new MalformedRecordException("bad single-object header", e);
    } catch (IOException
        | AvroRuntimeException
        | IllegalArgumentException
        | UnsupportedOperationException e) {
      throw new MalformedRecordException(
          "cannot decode " + schema.getName() + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The writer fingerprint in a single-object header, after checking the size and the magic bytes.
   *
   * @throws MalformedRecordException if the bytes are not a single-object encoding within the cap
   */
  public static long fingerprintOf(byte[] bytes, int maxBytes) {
    if (bytes == null) {
      throw new MalformedRecordException("no bytes");
    }
    if (bytes.length > maxBytes) {
      throw new MalformedRecordException(
          bytes.length + " bytes is over the cap of " + maxBytes + " bytes");
    }
    if (bytes.length < HEADER_BYTES) {
      throw new MalformedRecordException(
          bytes.length + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
    }
    if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      throw new MalformedRecordException(
          String.format(
              "header starts %02x %02x, not Avro single-object c3 01", bytes[0], bytes[1]));
    }
    long fingerprint = 0;
    for (int i = HEADER_BYTES - 1; i >= 2; i--) {
      fingerprint = (fingerprint << 8) | (bytes[i] & 0xffL);
    }
    return fingerprint;
  }
}
