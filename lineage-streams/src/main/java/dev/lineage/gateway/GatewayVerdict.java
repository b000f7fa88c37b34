package dev.lineage.gateway;

import dev.lineage.openlineage.mapping.GraphMapping;
import dev.lineage.schemas.Reason;

/**
 * What {@link AttestedVerifier} or the OpenLineage intake decided about one record: accepted with
 * the gateway key, the authenticated source and the event's mapping, or refused with a reason, a
 * log-safe detail and, for a schema violation, the violated JSON path (never a value of the event:
 * it may hold personal data).
 */
public record GatewayVerdict(
    String envelopeDigest,
    String gatewayKeyId,
    String source,
    GraphMapping mapping,
    Reason reason,
    String detail,
    String violatedPath) {

  static GatewayVerdict accepted(String digest, String keyId, String source, GraphMapping mapping) {
    return new GatewayVerdict(digest, keyId, source, mapping, null, null, null);
  }

  static GatewayVerdict rejected(String digest, Reason reason, String detail) {
    return new GatewayVerdict(digest, null, null, null, reason, detail, null);
  }

  static GatewayVerdict rejected(String digest, Reason reason, String detail, String path) {
    return new GatewayVerdict(digest, null, null, null, reason, detail, path);
  }

  public boolean accepted() {
    return reason == null;
  }
}
