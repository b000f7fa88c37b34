package dev.lineage.manifest;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A differential-privacy guarantee: (epsilon, delta), and the mechanism when it is known. Decimals,
 * not doubles, so that what the user typed is what is signed, and the same on every JVM.
 */
public record PrivacyParameters(String mechanism, BigDecimal epsilon, BigDecimal delta) {
  public PrivacyParameters {
    if (mechanism != null) {
      ArtifactRef.checkLabel("privacy mechanism", mechanism, 128);
    }
    if (epsilon == null || epsilon.signum() <= 0) {
      throw new ManifestFormatException("privacy epsilon must be greater than 0");
    }
    if (delta == null || delta.signum() < 0 || delta.compareTo(BigDecimal.ONE) >= 0) {
      throw new ManifestFormatException("privacy delta must be in [0, 1)");
    }
    epsilon = normalize(epsilon);
    delta = normalize(delta);
  }

  public Optional<String> mechanismName() {
    return Optional.ofNullable(mechanism);
  }

  /** 1.50 and 1.5 are one value: one spelling, so one canonical byte sequence. */
  private static BigDecimal normalize(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
