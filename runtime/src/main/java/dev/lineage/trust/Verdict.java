package dev.lineage.trust;

import dev.lineage.schemas.Reason;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The outcome of checking one record of an event topic.
 *
 * @param event the decoded event when accepted, else null
 * @param signer the id of the key that vouches for it when accepted, else null
 * @param envelopeDigest {@code sha256:<hex>} of the record value when it had one, else null
 * @param appendedAt when accepted, the broker's append time the decision was made at (epoch millis)
 * @param rejection why it was refused, null when accepted
 */
public record Verdict(
    SpecificRecordBase event,
    String signer,
    String envelopeDigest,
    long appendedAt,
    Decision.Rejected rejection) {

  public static Verdict accepted(
      SpecificRecordBase event, String signer, String digest, long appendedAt) {
    return new Verdict(event, signer, digest, appendedAt, null);
  }

  public static Verdict rejected(String digest, Reason reason, String detail) {
    return new Verdict(null, null, digest, 0L, new Decision.Rejected(reason, detail));
  }

  public boolean accepted() {
    return rejection == null;
  }
}
