package dev.lineage.manifest;

import dev.lineage.signing.VerificationResult;
import java.util.Optional;

/** A signed manifest that does not verify; the message says why. */
public final class ManifestVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient VerificationResult result;

  public ManifestVerificationException(String reason, VerificationResult result) {
    super(reason);
    this.result = result;
  }

  /** The verifier's result, when the failure came from the signatures. */
  public Optional<VerificationResult> result() {
    return Optional.ofNullable(result);
  }
}
