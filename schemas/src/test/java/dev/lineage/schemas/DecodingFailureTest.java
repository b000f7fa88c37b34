package dev.lineage.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.RunCompleted;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/** Hostile or broken bytes end in the exception whose reason the streams app reports. */
class DecodingFailureTest {
  private static final EnvelopeCodec ENVELOPES = EnvelopeCodec.standard();

  @Test
  void unknownFingerprintIsUnknownSchemaNotMalformed() {
    byte[] bytes = EventType.KEY_REVOKED.encode(keyRevoked());
    long unknown = 0x0123456789abcdefL;
    for (int i = 0; i < 8; i++) {
      bytes[2 + i] = (byte) (unknown >>> (8 * i));
    }

    assertThatThrownBy(() -> EventType.KEY_REVOKED.decode(bytes))
        .isInstanceOfSatisfying(
            UnknownSchemaException.class,
            e -> {
              assertThat(e.fingerprint()).isEqualTo(unknown);
              assertThat(e.fingerprintHex()).isEqualTo("efcdab8967452301");
              assertThat(e.reason().wire()).isEqualTo("unknown-schema");
            });
  }

  @Test
  void garbageIsMalformed() {
    byte[] garbage = new byte[200];
    new Random(7).nextBytes(garbage);
    garbage[0] = 0x42;

    assertMalformed(garbage);
    assertMalformed(new byte[0]);
    assertMalformed(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
    assertMalformed(null);
    assertThatThrownBy(() -> ENVELOPES.decode(garbage))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> assertThat(e.reason().wire()).isEqualTo("malformed"));
  }

  @Test
  void otherSingleObjectVersionIsMalformed() {
    byte[] bytes = ENVELOPES.encode(envelope());
    bytes[1] = 0x02;

    assertMalformed(bytes);
  }

  @Test
  void everyTruncationIsMalformed() {
    byte[] bytes = ENVELOPES.encode(envelope());
    for (int length = 0; length < bytes.length; length++) {
      assertMalformed(Arrays.copyOf(bytes, length));
    }
  }

  @Test
  void bytesAfterTheRecordAreMalformed() {
    byte[] bytes = ENVELOPES.encode(envelope());

    assertMalformed(Arrays.copyOf(bytes, bytes.length + 1));
  }

  @Test
  void recordOverTheCapIsRefusedBeforeDecoding() {
    byte[] huge = new byte[SingleObjectCodec.DEFAULT_MAX_BYTES + 1];
    byte[] header = ENVELOPES.encode(envelope());
    System.arraycopy(header, 0, huge, 0, SingleObjectCodec.HEADER_BYTES);

    assertThatThrownBy(() -> ENVELOPES.decode(huge))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("over the cap");
    byte[] ordinary = ENVELOPES.encode(envelope());
    assertThatThrownBy(() -> EnvelopeCodec.withMaxBytes(ordinary.length - 1).decode(ordinary))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void encodingOverTheCapIsRefused() {
    Envelope big =
        Envelope.newBuilder(envelope()).setPayload(ByteBuffer.wrap(new byte[2000])).build();

    assertThatThrownBy(() -> EnvelopeCodec.withMaxBytes(1000).encode(big))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void forgedLengthPrefixesFailWithoutAllocating() {
    // payloadType "a", then a payload claiming 2^31 - 9 bytes: Avro alone would allocate 2 GiB
    assertMalformed(
        envelopeBytes(body().string("a").varint(Integer.MAX_VALUE - 8).raw(1, 2, 3).bytes()));
    // a string claiming 2^40 bytes
    assertMalformed(envelopeBytes(body().varint(1L << 40).raw(0x61).bytes()));
    // a signatures array claiming 2^40 items, and one claiming Long.MAX_VALUE in a sized block
    assertMalformed(envelopeBytes(body().string("a").varint(0).varint(1L << 40).bytes()));
    assertMalformed(
        envelopeBytes(body().string("a").varint(0).varint(-Long.MAX_VALUE).varint(3).bytes()));
    // a negative length
    assertMalformed(envelopeBytes(body().varint(-1).bytes()));
  }

  @Test
  void forgedMapCountIsMalformed() {
    Schema schema = ArtifactRegistered.getClassSchema();
    Body body =
        body()
            .string("source:x") // nodeId
            .varint(0) // kind SOURCE
            .string("x") // name
            .varint(0) // version null
            .varint(0) // mediaType null
            .varint(0) // sizeBytes null
            .varint(0) // recordCount null
            .varint(1L << 33); // attributes: 2^33 entries
    assertThatThrownBy(() -> EventType.ARTIFACT_REGISTERED.decode(withHeader(schema, body)))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void outOfRangeEnumAndUnionIndexesAreMalformed() {
    Schema schema = ArtifactRegistered.getClassSchema();
    Body badKind = body().string("source:x").varint(99).string("x");
    Body badUnion = body().string("source:x").varint(0).string("x").varint(2);

    assertThatThrownBy(() -> EventType.ARTIFACT_REGISTERED.decode(withHeader(schema, badKind)))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("enum");
    assertThatThrownBy(() -> EventType.ARTIFACT_REGISTERED.decode(withHeader(schema, badUnion)))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("union");
  }

  @Test
  void invalidUtf8IsMalformed() {
    assertMalformed(envelopeBytes(body().varint(2).raw(0xC3, 0x28).varint(0).varint(0).bytes()));
  }

  @Test
  void nonMinimalVarintIsMalformed() {
    // payloadType length 1 written as 0x82 0x00 instead of 0x02
    assertMalformed(envelopeBytes(body().raw(0x82, 0x00, 0x61).varint(0).varint(0).bytes()));
  }

  @Test
  void payloadWrittenWithAnotherEventsSchemaIsTypeMismatch() {
    byte[] keyRevoked = EventType.KEY_REVOKED.encode(keyRevoked());

    assertThatThrownBy(() -> EventType.ARTIFACT_REGISTERED.decode(keyRevoked))
        .isInstanceOfSatisfying(
            TypeMismatchException.class,
            e -> {
              assertThat(e.reason().wire()).isEqualTo("type-mismatch");
              assertThat(e.expected()).isEqualTo(ArtifactRegistered.getClassSchema().getFullName());
              assertThat(e.actual()).isEqualTo(KeyRevoked.getClassSchema().getFullName());
            });
  }

  @Test
  void envelopeDeclaringAnotherPayloadTypeIsTypeMismatch() {
    Envelope envelope = envelope();

    assertThatThrownBy(() -> EventType.ARTIFACT_REGISTERED.decode(envelope))
        .isInstanceOfSatisfying(
            TypeMismatchException.class,
            e -> assertThat(e.actual()).isEqualTo(EventType.KEY_REVOKED.payloadType()));
    assertThatThrownBy(
            () ->
                EventType.decodeAny(
                    Envelope.newBuilder(envelope).setPayloadType("text/plain").build()))
        .isInstanceOf(TypeMismatchException.class);
  }

  @Test
  void envelopeWhosePayloadTypeLiesAboutItsBytesIsTypeMismatch() {
    Envelope lying =
        Envelope.newBuilder(envelope())
            .setPayloadType(EventType.ARTIFACT_REGISTERED.payloadType())
            .build();

    assertThatThrownBy(() -> EventType.decodeAny(lying)).isInstanceOf(TypeMismatchException.class);
  }

  @Test
  void bareEventWhereAnEnvelopeIsExpectedIsTypeMismatch() {
    byte[] bare = EventType.KEY_REVOKED.encode(keyRevoked());

    assertThatThrownBy(() -> ENVELOPES.decode(bare)).isInstanceOf(TypeMismatchException.class);
  }

  @Test
  void mutatedRecordsFailOnlyWithDecodingExceptions() {
    Random random = new Random(20250301);
    List<byte[]> seeds = new java.util.ArrayList<>();
    for (SpecificRecordBase event : SampleEvents.full()) {
      EventType<SpecificRecordBase> type = EventRoundTripTest.typeOf(event);
      seeds.add(
          ENVELOPES.encode(
              Envelope.newBuilder()
                  .setPayloadType(type.payloadType())
                  .setPayload(ByteBuffer.wrap(type.encode(event)))
                  .setSignatures(List.of())
                  .build()));
    }
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        // keep the header most of the time so the body is what gets exercised
        int at =
            random.nextInt(10) == 0
                ? random.nextInt(bytes.length)
                : 10 + random.nextInt(bytes.length - 10);
        bytes[at] = (byte) random.nextInt(256);
      }
      try {
        Envelope envelope = ENVELOPES.decode(bytes);
        EventType.decodeAny(envelope);
        decoded++;
      } catch (DecodingException e) {
        rejected++;
      }
    }

    assertThat(rejected).isPositive();
    assertThat(decoded).isPositive();
  }

  private static void assertMalformed(byte[] bytes) {
    assertThatThrownBy(() -> ENVELOPES.decode(bytes)).isInstanceOf(MalformedRecordException.class);
  }

  private static KeyRevoked keyRevoked() {
    return (KeyRevoked) SampleEvents.full().get(3);
  }

  private static Envelope envelope() {
    return Envelope.newBuilder()
        .setPayloadType(EventType.KEY_REVOKED.payloadType())
        .setPayload(ByteBuffer.wrap(EventType.KEY_REVOKED.encode(keyRevoked())))
        .setSignatures(List.of())
        .build();
  }

  private static byte[] envelopeBytes(byte[] body) {
    return withHeader(Envelope.getClassSchema(), body);
  }

  private static byte[] withHeader(Schema schema, Body body) {
    return withHeader(schema, body.bytes());
  }

  private static byte[] withHeader(Schema schema, byte[] body) {
    long fingerprint = LineageSchemaStore.fingerprint(schema);
    byte[] bytes = new byte[SingleObjectCodec.HEADER_BYTES + body.length];
    bytes[0] = (byte) 0xC3;
    bytes[1] = 0x01;
    for (int i = 0; i < 8; i++) {
      bytes[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    System.arraycopy(body, 0, bytes, SingleObjectCodec.HEADER_BYTES, body.length);
    return bytes;
  }

  private static Body body() {
    return new Body();
  }

  /** Hand-written Avro binary, to forge what no encoder would write. */
  private static final class Body {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Body varint(long value) {
      long zigzag = (value << 1) ^ (value >> 63);
      while ((zigzag & ~0x7fL) != 0) {
        out.write((int) ((zigzag & 0x7f) | 0x80));
        zigzag >>>= 7;
      }
      out.write((int) zigzag);
      return this;
    }

    Body string(String ascii) {
      varint(ascii.length());
      out.writeBytes(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return this;
    }

    Body raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  @Test
  void runCompletedWithForgedInputCountIsMalformed() {
    Body body =
        body()
            .string("run:x")
            .string("p")
            .string("1")
            .varint(0) // configDigest null
            .varint(1L << 31); // inputs: 2^31 node ids in a few bytes
    assertThatThrownBy(
            () -> EventType.RUN_COMPLETED.decode(withHeader(RunCompleted.getClassSchema(), body)))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("items");
  }
}
