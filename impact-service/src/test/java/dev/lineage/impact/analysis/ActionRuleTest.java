package dev.lineage.impact.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.RetrainingAction;
import dev.lineage.impact.Fixtures;
import dev.lineage.manifest.TrainingManifest;
import org.junit.jupiter.api.Test;

class ActionRuleTest {
  private static final String MODEL = "sha256:" + "b".repeat(64);
  private static final String DIGEST = "sha256:" + "d".repeat(64);
  private final ActionRule rule = new ActionRule(0.001);

  private static ManifestCheck dp(String epsilon) {
    TrainingManifest m = Fixtures.manifest(MODEL, epsilon);
    return new ManifestCheck.Verified(DIGEST, m, "k");
  }

  @Test
  void aDpManifestAndASmallFractionAllowAssess() {
    ActionDecision d = rule.forDeletion(dp("1.0"), 0.0004);

    assertThat(d.action()).isEqualTo(RetrainingAction.ASSESS);
    assertThat(d.rule())
        .isEqualTo(
            "DP epsilon=1, delta=0.00001 (gaussian) in manifest "
                + DIGEST
                + "; fraction 0.0004 < 0.001: ASSESS");
  }

  @Test
  void theThresholdItselfIsNotUnderTheThreshold() {
    ActionDecision at = rule.forDeletion(dp("1.0"), 0.001);
    ActionDecision justUnder = rule.forDeletion(dp("1.0"), Math.nextDown(0.001));

    assertThat(at.action()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(at.rule()).endsWith("; fraction 0.001 >= 0.001: RETRAIN");
    assertThat(justUnder.action()).isEqualTo(RetrainingAction.ASSESS);
  }

  @Test
  void aLargeFractionOrAnUnknownOneMeansRetrain() {
    assertThat(rule.forDeletion(dp("1.0"), 0.2).rule()).endsWith("fraction 0.2 >= 0.001: RETRAIN");
    ActionDecision unknown = rule.forDeletion(dp("1.0"), null);
    assertThat(unknown.action()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(unknown.rule()).contains("affected fraction unknown");
  }

  @Test
  void withoutAPrivacyGuaranteeItIsRetrain() {
    ActionDecision d = rule.forDeletion(dp(null), 0.0001);

    assertThat(d.action()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(d.rule())
        .isEqualTo("manifest " + DIGEST + " declares no differential-privacy guarantee: RETRAIN");
  }

  @Test
  void anUnusableManifestIsRetrainWithItsReason() {
    ActionDecision d =
        rule.forDeletion(new ManifestCheck.Unusable("manifest " + DIGEST + " not in the CAS"), 0.0);

    assertThat(d.action()).isEqualTo(RetrainingAction.RETRAIN);
    assertThat(d.rule()).isEqualTo("manifest " + DIGEST + " not in the CAS: RETRAIN");
  }

  @Test
  void aBugIsAlwaysRetrain() {
    assertThat(rule.forBug("bug reported in process p").action())
        .isEqualTo(RetrainingAction.RETRAIN);
  }

  @Test
  void aThresholdOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new ActionRule(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ActionRule(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
