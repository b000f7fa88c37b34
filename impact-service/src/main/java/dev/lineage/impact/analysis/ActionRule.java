package dev.lineage.impact.analysis;

import dev.lineage.avro.RetrainingAction;
import dev.lineage.manifest.PrivacyParameters;
import java.math.BigDecimal;

/**
 * Chooses between retraining a model and assessing it. A deletion lets a model be assessed instead
 * of retrained only when its signed training manifest declares a differential-privacy guarantee and
 * the affected fraction (deleted records ÷ records in the subject) is strictly under the threshold:
 * DP bounds what a small fraction of records can have changed in the model, so an assessment can
 * show the deletion is covered. Anything unknown or unverifiable falls back to RETRAIN, the safe
 * answer. A bug always means RETRAIN: a guarantee about individual records says nothing about a
 * wrong computation.
 */
public final class ActionRule {
  public static final double DEFAULT_THRESHOLD = 0.001;

  private final double threshold;

  public ActionRule(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "the assess threshold must be in [0, 1], got " + threshold);
    }
    this.threshold = threshold;
  }

  public double threshold() {
    return threshold;
  }

  /** The decision for a model affected by a deletion. */
  public ActionDecision forDeletion(ManifestCheck manifest, Double fraction) {
    if (manifest instanceof ManifestCheck.Unusable u) {
      return retrain(u.why());
    }
    ManifestCheck.Verified v = (ManifestCheck.Verified) manifest;
    PrivacyParameters dp = v.manifest().privacy().orElse(null);
    if (dp == null) {
      return retrain("manifest " + v.digest() + " declares no differential-privacy guarantee");
    }
    String guarantee =
        "DP epsilon="
            + dp.epsilon().toPlainString()
            + ", delta="
            + dp.delta().toPlainString()
            + dp.mechanismName().map(m -> " (" + m + ")").orElse("")
            + " in manifest "
            + v.digest();
    if (fraction == null) {
      return retrain(guarantee + "; affected fraction unknown (the subject has no record count)");
    }
    boolean under = fraction < threshold;
    String comparison =
        "; fraction " + decimal(fraction) + (under ? " < " : " >= ") + decimal(threshold);
    return under
        ? new ActionDecision(RetrainingAction.ASSESS, guarantee + comparison + ": ASSESS")
        : retrain(guarantee + comparison);
  }

  /** The decision for a model downstream of a bug, {@code bug} saying which. */
  public ActionDecision forBug(String bug) {
    return retrain(bug);
  }

  private static ActionDecision retrain(String why) {
    return new ActionDecision(RetrainingAction.RETRAIN, why + ": RETRAIN");
  }

  /** Plain decimal: 0.0004, not 4.0E-4. */
  static String decimal(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
