package dev.lineage.trust;

import dev.lineage.schemas.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a signer's own {@code signedAt} may lie from the broker's append time. The append time
 * decides every trust question; {@code signedAt} is a claim the signer controls, accepted only when
 * it is plausible, so a back-dated or future-dated event is refused {@code clock-skew}.
 *
 * @param max the largest allowed distance, either way
 */
public record ClockSkew(Duration max) {
  public static final Duration DEFAULT = Duration.ofMinutes(5);

  public ClockSkew {
    Objects.requireNonNull(max, "max");
    if (max.isNegative()) {
      throw new IllegalArgumentException("the clock skew must not be negative");
    }
  }

  public static ClockSkew defaults() {
    return new ClockSkew(DEFAULT);
  }

  /** Whether {@code signedAt} lies within the skew of {@code appendedAt} (epoch millis). */
  public boolean allows(long signedAt, long appendedAt) {
    return Math.abs(signedAt - appendedAt) <= max.toMillis();
  }

  /** The refusal for an event whose {@code signedAt} lies outside the skew, or empty. */
  public Optional<Decision.Rejected> check(long signedAt, long appendedAt) {
    if (allows(signedAt, appendedAt)) {
      return Optional.empty();
    }
    return Optional.of(
        new Decision.Rejected(
            Reason.CLOCK_SKEW,
            "signedAt "
                + Instant.ofEpochMilli(signedAt)
                + " is "
                + Duration.ofMillis(Math.abs(signedAt - appendedAt)).toSeconds()
                + " s "
                + (signedAt < appendedAt ? "before" : "after")
                + " the broker's append time "
                + Instant.ofEpochMilli(appendedAt)
                + " (allowed: "
                + max.toSeconds()
                + " s)"));
  }
}
