package dev.lineage.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.api.Deployment;
import dev.lineage.api.Obligations;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentObligationsTest {
  static final String MODEL = "sha256:" + "b".repeat(64);
  static final String NEW_MODEL = "sha256:" + "d".repeat(64);

  static Deployment approved() {
    return new Deployment(true, MODEL, "sha256:env", List.of(), List.of(), List.of());
  }

  static Obligations.Obligation obligation(String status, String supersededBy) {
    return new Obligations.Obligation(
        "gdpr-1",
        "sha256:" + "1".repeat(64),
        MODEL,
        "RETRAIN",
        "2025-04-01T00:00:00Z",
        status,
        "sha256:" + "2".repeat(64),
        "run:training_j1829",
        supersededBy == null ? null : "sha256:" + "3".repeat(64),
        supersededBy == null ? null : "2025-03-02T00:00:00Z",
        null,
        supersededBy,
        null,
        supersededBy == null ? null : false);
  }

  @Test
  void anOverdueDeletionObligationRefusesAnApprovedModelAndIsShown() {
    Deployment d = DeploymentObligations.apply(approved(), List.of(obligation("OVERDUE", null)));

    assertThat(d.approved()).isFalse();
    assertThat(d.reasons())
        .extracting(Deployment.Reason::code)
        .containsExactly("deletion-obligation-overdue");
    assertThat(d.reasons().get(0).detail()).contains("gdpr-1").contains("2025-04-01T00:00:00Z");
    assertThat(d.obligations()).hasSize(1);
  }

  @Test
  void anOpenObligationWithinItsDeadlineIsShownButRefusesNothing() {
    Deployment d = DeploymentObligations.apply(approved(), List.of(obligation("OPEN", null)));

    assertThat(d.approved()).isTrue();
    assertThat(d.reasons()).isEmpty();
    assertThat(d.obligations()).extracting(Obligations.Obligation::status).containsExactly("OPEN");
  }

  @Test
  void aModelARetrainingReplacedSaysSupersededByTheNewDigestAndIsRefused() {
    Deployment d =
        DeploymentObligations.apply(approved(), List.of(obligation("RETRAINED", NEW_MODEL)));

    assertThat(d.approved()).isFalse();
    assertThat(d.supersededBy()).isEqualTo(NEW_MODEL);
    assertThat(d.reasons()).extracting(Deployment.Reason::code).containsExactly("superseded-by");
    assertThat(d.obligations()).isEmpty();
  }

  @Test
  void aModelAssessedAndKeptStaysApproved() {
    Deployment d = DeploymentObligations.apply(approved(), List.of(obligation("ASSESSED", null)));

    assertThat(d.approved()).isTrue();
    assertThat(d.supersededBy()).isNull();
  }
}
