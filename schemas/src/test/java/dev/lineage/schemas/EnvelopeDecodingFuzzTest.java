package dev.lineage.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Signature;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * Any bytes on an event topic decode to an envelope and its event, or are refused with a {@link
 * DecodingException} that carries the rejection reason: never another exception, which would stop
 * the stream thread that read them. The seeds run with the unit tests; {@code scripts/fuzz.sh}
 * fuzzes.
 */
class EnvelopeDecodingFuzzTest {
  /** Every event type, signed-shaped (one fake signature), as a record value. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  @Test
  void everyWellFormedEventTakesTheAcceptingPathAndItsCorruptionsAreRefused() {
    for (SpecificRecordBase event : SampleEvents.full()) {
      EventType type = EventType.of(event.getClass());
      byte[] value =
          EnvelopeCodec.standard()
              .encode(
                  Envelope.newBuilder()
                      .setPayloadType(type.payloadType())
                      .setPayload(ByteBuffer.wrap(type.encode(event)))
                      .setSignatures(
                          List.of(new Signature("01".repeat(32), ByteBuffer.wrap(new byte[64]))))
                      .build());
      anyRecordValueDecodesOrIsRefusedWithAReason(value);
      assertThat(EventType.decodeAny(EnvelopeCodec.standard().decode(value))).isEqualTo(event);
      for (int cut = 0; cut < value.length; cut += 7) {
        anyRecordValueDecodesOrIsRefusedWithAReason(Arrays.copyOf(value, cut));
        byte[] flipped = value.clone();
        flipped[cut] ^= (byte) 0xA5;
        anyRecordValueDecodesOrIsRefusedWithAReason(flipped);
      }
    }
  }

  @FuzzTest(maxDuration = "15s")
  void anyRecordValueDecodesOrIsRefusedWithAReason(byte[] value) {
    Envelope envelope;
    try {
      envelope = EnvelopeCodec.standard().decode(value);
    } catch (DecodingException e) {
      assertThat(e.reason()).isNotNull();
      return;
    }
    try {
      EventType.decodeAny(envelope);
    } catch (DecodingException e) {
      assertThat(e.reason()).isNotNull();
    }
    // what decoded is written back as the same envelope
    assertThat(EnvelopeCodec.standard().decode(EnvelopeCodec.standard().encode(envelope)))
        .isEqualTo(envelope);
  }
}
