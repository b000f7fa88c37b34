package dev.lineage.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.Signature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class EventRoundTripTest {

  @Test
  void everyEventSurvivesEncodeAndDecodeWithEveryFieldSet() {
    assertRoundTrips(SampleEvents.full());
  }

  @Test
  void everyEventSurvivesEncodeAndDecodeWithNullsAndEmptyCollections() {
    assertRoundTrips(SampleEvents.minimal());
  }

  @Test
  void everyEventSurvivesTheTripInsideASignedEnvelope() {
    for (SpecificRecordBase event : SampleEvents.full()) {
      EventType<SpecificRecordBase> type = typeOf(event);
      Envelope envelope =
          Envelope.newBuilder()
              .setPayloadType(type.payloadType())
              .setPayload(ByteBuffer.wrap(type.encode(event)))
              .setSignatures(
                  List.of(
                      new Signature(SampleEvents.KEY_ID, ByteBuffer.wrap(new byte[] {48, 69, 2})),
                      new Signature("", ByteBuffer.wrap(new byte[64]))))
              .build();

      byte[] recordValue = EnvelopeCodec.standard().encode(envelope);
      Envelope decoded = EnvelopeCodec.standard().decode(recordValue);

      assertThat(decoded).isEqualTo(envelope);
      assertThat(type.decode(decoded)).isEqualTo(event);
      assertThat(EventType.decodeAny(decoded)).isEqualTo(event);
      assertThat(EnvelopeCodec.payload(decoded)).isEqualTo(type.encode(event));
    }
  }

  @Test
  void singleObjectHeaderIsC301ThenLittleEndianCrc64OfTheCanonicalForm() throws IOException {
    for (SpecificRecordBase event : SampleEvents.full()) {
      Schema schema = event.getSchema();
      byte[] bytes = typeOf(event).encode(event);

      assertThat(bytes[0]).isEqualTo((byte) 0xC3);
      assertThat(bytes[1]).isEqualTo((byte) 0x01);
      long crc = crc64Avro(SchemaNormalization.toParsingForm(schema));
      byte[] littleEndian = new byte[8];
      for (int i = 0; i < 8; i++) {
        littleEndian[i] = (byte) (crc >>> (8 * i));
      }
      assertThat(Arrays.copyOfRange(bytes, 2, 10)).isEqualTo(littleEndian);
      assertThat(crc).isEqualTo(LineageSchemaStore.fingerprint(schema));
      assertThat(SingleObjectCodec.fingerprintOf(bytes, bytes.length)).isEqualTo(crc);
      assertThat(Arrays.copyOfRange(bytes, 10, bytes.length)).isEqualTo(plainBinary(event));
    }
  }

  @Test
  void envelopeRecordValueStartsWithTheEnvelopeFingerprint() {
    Envelope envelope =
        Envelope.newBuilder()
            .setPayloadType("application/vnd.lineage.key-revoked+avro")
            .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .setSignatures(List.of())
            .build();

    byte[] bytes = EnvelopeCodec.standard().encode(envelope);

    assertThat(SingleObjectCodec.fingerprintOf(bytes, bytes.length))
        .isEqualTo(crc64Avro(SchemaNormalization.toParsingForm(Envelope.getClassSchema())));
    // body: payloadType (length 40, zig-zag 80), its bytes, payload (3 -> 6) 1 2 3, no signatures
    byte[] type = "application/vnd.lineage.key-revoked+avro".getBytes(StandardCharsets.UTF_8);
    assertThat(type).hasSize(40);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(80);
    body.writeBytes(type);
    body.writeBytes(new byte[] {6, 1, 2, 3, 0});
    assertThat(Arrays.copyOfRange(bytes, 10, bytes.length)).isEqualTo(body.toByteArray());
  }

  private static void assertRoundTrips(List<SpecificRecordBase> events) {
    assertThat(events).hasSize(EventType.all().size());
    for (int i = 0; i < events.size(); i++) {
      SpecificRecordBase event = events.get(i);
      EventType<SpecificRecordBase> type = typeOf(event);
      assertThat(type).isSameAs(EventType.all().get(i));

      byte[] payload = type.encode(event);

      assertThat(type.decode(payload)).isEqualTo(event);
      assertThat(type.decode(type.payloadType(), payload)).isEqualTo(event);
    }
  }

  @SuppressWarnings("unchecked")
  static EventType<SpecificRecordBase> typeOf(SpecificRecordBase event) {
    return (EventType<SpecificRecordBase>) (EventType<?>) EventType.of(event.getClass());
  }

  private static byte[] plainBinary(SpecificRecordBase event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecordBase>(event.getSchema(), event.getSpecificData())
        .write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** CRC-64-AVRO as the Avro specification defines it, independent of Avro's implementation. */
  static long crc64Avro(String canonicalForm) {
    final long empty = 0xc15d213aa4d7a795L;
    long[] table = new long[256];
    for (int i = 0; i < 256; i++) {
      long fp = i;
      for (int j = 0; j < 8; j++) {
        fp = (fp >>> 1) ^ (empty & -(fp & 1L));
      }
      table[i] = fp;
    }
    long fp = empty;
    for (byte b : canonicalForm.getBytes(StandardCharsets.UTF_8)) {
      fp = (fp >>> 8) ^ table[(int) (fp ^ b) & 0xff];
    }
    return fp;
  }
}
