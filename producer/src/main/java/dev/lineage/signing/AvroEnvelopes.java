package dev.lineage.signing;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.Signature;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The DSSE envelope as it travels on Kafka: the Avro {@link Envelope} record in single-object
 * encoding. Both forms carry exactly the same fields (payload type, payload bytes, {@code keyid}
 * and {@code sig} per signature), so converting is lossless both ways: DSSE JSON, Avro and back
 * gives the same JSON bytes, and a signature made on either form verifies on the other.
 */
public final class AvroEnvelopes {
  private AvroEnvelopes() {}

  /** The Avro record of a DSSE envelope; an absent {@code keyid} is the empty string in both. */
  public static Envelope toAvro(DsseEnvelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    List<Signature> signatures = new ArrayList<>(envelope.signatures().size());
    for (DsseSignature s : envelope.signatures()) {
      signatures.add(new Signature(s.keyid(), ByteBuffer.wrap(s.sig())));
    }
    return new Envelope(envelope.payloadType(), ByteBuffer.wrap(envelope.payload()), signatures);
  }

  /**
   * The DSSE envelope of an Avro record, e.g. one decoded from a Kafka record value.
   *
   * @throws MalformedEnvelopeException if a required field is missing (a record built by hand)
   */
  public static DsseEnvelope fromAvro(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    if (envelope.getPayloadType() == null
        || envelope.getPayload() == null
        || envelope.getSignatures() == null) {
      throw new MalformedEnvelopeException(
          "envelope record lacks its payloadType, payload or signatures");
    }
    List<DsseSignature> signatures = new ArrayList<>(envelope.getSignatures().size());
    for (Signature s : envelope.getSignatures()) {
      if (s == null || s.getSig() == null) {
        throw new MalformedEnvelopeException("envelope record has a signature without sig");
      }
      signatures.add(new DsseSignature(s.getKeyid(), bytes(s.getSig())));
    }
    return new DsseEnvelope(envelope.getPayloadType(), bytes(envelope.getPayload()), signatures);
  }

  /** The Kafka record value of a DSSE envelope: {@link EnvelopeCodec#standard()} encoding. */
  public static byte[] recordValue(DsseEnvelope envelope) {
    return EnvelopeCodec.standard().encode(toAvro(envelope));
  }

  /**
   * The one way an event becomes a Kafka record value: {@code event} encoded as its DSSE payload
   * ({@link EventType#encode}), signed under its payload type by every signer given, in order, and
   * written as the envelope record. {@link dev.lineage.publish.LineageClient} and the services' own
   * events (triggers, reports) all sign here.
   */
  public static <T extends SpecificRecordBase> byte[] sign(
      EventType<T> type, T event, Signer... signers) {
    return recordValue(envelope(type.payloadType(), type.encode(event), signers));
  }

  /** The DSSE envelope of {@code payload} signed by every signer given, in order. */
  public static DsseEnvelope envelope(String payloadType, byte[] payload, Signer... signers) {
    if (signers.length == 0) {
      throw new IllegalArgumentException("an envelope needs at least one signer");
    }
    List<DsseSignature> signatures = new ArrayList<>(signers.length);
    for (Signer signer : signers) {
      signatures.add(signer.sign(payloadType, payload));
    }
    return new DsseEnvelope(payloadType, payload, signatures);
  }

  /**
   * The DSSE envelope in a Kafka record value.
   *
   * @throws dev.lineage.schemas.DecodingException if the bytes are not an envelope record; its
   *     {@code reason()} is the rejection reason
   */
  public static DsseEnvelope fromRecordValue(byte[] recordValue) {
    return fromAvro(EnvelopeCodec.standard().decode(recordValue));
  }

  /**
   * The envelope digest: SHA-256 of the record value bytes exactly as they are on the topic. Two
   * records with the same digest are the same signed event, so a consumer applies it once.
   */
  public static Digest digest(byte[] recordValue) {
    return Sha256.of(Objects.requireNonNull(recordValue, "recordValue"));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
