package dev.lineage.impact.obligations;

import java.util.Objects;

/**
 * What reaches the obligation fold, keyed by the signed request id (the value of the {@code
 * obligations-by-request} repartition topic; never on a public topic). Every input was verified
 * before: a request and the impact service's own triggers and reports inside this app, an event of
 * the obligations topic by its signature and role.
 *
 * @param kind what the value is
 * @param value the signed envelope, as received or as published
 * @param signer the id of the key that vouches for it
 * @param appendedAt the broker's append time (for the impact service's own outputs: when they were
 *     published)
 * @param envelope {@code sha256:} of the value
 * @param topic where it came from, for a rejection's headers
 * @param partition where it came from
 * @param offset where it came from; -1 for the impact service's own outputs
 */
public record ObligationInput(
    Kind kind,
    byte[] value,
    String signer,
    long appendedAt,
    String envelope,
    String topic,
    int partition,
    long offset) {

  /** The kinds of input, each from one place. */
  public enum Kind {
    /** An accepted deletion request or bug report: the request is PENDING. */
    REQUEST,
    /** A trigger the impact service published: it opens an obligation. */
    TRIGGER,
    /** The report the impact service published: the analysis is over. */
    REPORT,
    /** A verified event of the obligations topic: a completion, assessment or erasure fact. */
    EVENT
  }

  public ObligationInput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }
}
