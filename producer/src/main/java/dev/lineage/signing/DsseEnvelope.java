package dev.lineage.signing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A DSSE envelope: payload type, payload bytes and signatures over {@link Pae#encode}. It exports
 * to the standard DSSE JSON ({@code {"payload","payloadType","signatures":[{"keyid","sig"}]}}) with
 * standard base64, and imports it accepting standard or URL-safe base64, padded or not, as the spec
 * requires of verifiers.
 */
public final class DsseEnvelope {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final JsonFactory FACTORY = new JsonFactory();

  private final String payloadType;
  private final byte[] payload;
  private final List<DsseSignature> signatures;

  public DsseEnvelope(String payloadType, byte[] payload, List<DsseSignature> signatures) {
    this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
    this.payload = payload.clone();
    this.signatures = List.copyOf(signatures);
  }

  public String payloadType() {
    return payloadType;
  }

  /** A copy of the payload bytes, exactly those the signatures cover. */
  public byte[] payload() {
    return payload.clone();
  }

  public List<DsseSignature> signatures() {
    return signatures;
  }

  /** The bytes that were signed. */
  public byte[] pae() {
    return Pae.encode(payloadType, payload);
  }

  /** This envelope with one more signature. */
  public DsseEnvelope withSignature(DsseSignature signature) {
    List<DsseSignature> all = new ArrayList<>(signatures);
    all.add(signature);
    return new DsseEnvelope(payloadType, payload, all);
  }

  /**
   * Compact DSSE JSON in a fixed field order, so the same envelope always gives the same bytes (and
   * the same digest when stored). An empty keyid is left out, which the spec treats the same.
   */
  public byte[] toJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("payload", b64.encodeToString(payload));
      g.writeStringField("payloadType", payloadType);
      g.writeArrayFieldStart("signatures");
      for (DsseSignature s : signatures) {
        g.writeStartObject();
        if (!s.keyid().isEmpty()) {
          g.writeStringField("keyid", s.keyid());
        }
        g.writeStringField("sig", b64.encodeToString(s.sig()));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  public String toJsonString() {
    return new String(toJson(), StandardCharsets.UTF_8);
  }

  public static DsseEnvelope fromJson(String json) {
    return fromJson(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads DSSE JSON. Required: {@code payload}, {@code payloadType}, {@code signatures}, and {@code
   * sig} in each signature; {@code keyid} optional; unknown fields ignored; duplicate fields
   * refused (two {@code payload} fields would let two readers see two payloads).
   */
  public static DsseEnvelope fromJson(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedEnvelopeException(
          "not a DSSE JSON envelope: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEnvelopeException("not a DSSE JSON envelope: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedEnvelopeException("a DSSE JSON envelope is a JSON object");
    }
    String payloadType = requiredText(root, "payloadType", "envelope");
    byte[] payload = base64(requiredText(root, "payload", "envelope"), "payload");
    JsonNode sigs = root.get("signatures");
    if (sigs == null || !sigs.isArray()) {
      throw new MalformedEnvelopeException("envelope field 'signatures' must be an array");
    }
    List<DsseSignature> signatures = new ArrayList<>();
    int i = 0;
    for (JsonNode s : sigs) {
      String where = "signatures[" + i++ + "]";
      if (!s.isObject()) {
        throw new MalformedEnvelopeException(where + " must be an object");
      }
      JsonNode keyid = s.get("keyid");
      if (keyid != null && !keyid.isNull() && !keyid.isTextual()) {
        throw new MalformedEnvelopeException(where + ".keyid must be a string");
      }
      String kid = keyid == null || keyid.isNull() ? "" : keyid.asText();
      signatures.add(new DsseSignature(kid, base64(requiredText(s, "sig", where), where + ".sig")));
    }
    return new DsseEnvelope(payloadType, payload, signatures);
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new MalformedEnvelopeException(
          where + " field '" + field + "' is " + (v == null ? "missing" : "not a string"));
    }
    return v.asText();
  }

  /** Standard or URL-safe alphabet, padding optional; whitespace and mixed alphabets refused. */
  static byte[] base64(String s, String field) {
    boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
    } catch (IllegalArgumentException e) {
      throw new MalformedEnvelopeException(field + " is not base64: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DsseEnvelope e
        && payloadType.equals(e.payloadType)
        && Arrays.equals(payload, e.payload)
        && signatures.equals(e.signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
  }
}
