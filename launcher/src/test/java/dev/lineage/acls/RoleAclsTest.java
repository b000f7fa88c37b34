package dev.lineage.acls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

class RoleAclsTest {
  private static final Topics TOPICS = Topics.defaults();

  private static List<String> acls(String role, String principal) {
    return RoleAcls.of(
            PrincipalMap.of(Map.of(role, principal)), TOPICS, "lineage-streams", "impact-service")
        .stream()
        .map(RoleAcls::describe)
        .toList();
  }

  /** The topics a principal may write: what matters most, checked exactly. */
  private static List<String> writes(String role) {
    return acls(role, "User:x").stream()
        .filter(a -> a.contains(" WRITE topic ") || a.contains(" ALL topic "))
        .map(a -> a.substring(a.lastIndexOf(' ') + 1))
        .sorted()
        .toList();
  }

  @Test
  void aPipelineWritesArtifactsAndRunsOnly() {
    assertThat(acls("pipeline", "User:pipeline"))
        .containsExactly(
            "User:pipeline WRITE topic lineage.artifacts",
            "User:pipeline DESCRIBE topic lineage.artifacts",
            "User:pipeline WRITE topic lineage.runs",
            "User:pipeline DESCRIBE topic lineage.runs");
  }

  @Test
  void eachRequesterWritesItsOwnTopicOnly() {
    assertThat(writes("gdpr")).containsExactly("lineage.deletion-requests");
    assertThat(writes("bug-reporter")).containsExactly("lineage.bug-reports");
    assertThat(writes("approver")).containsExactly("lineage.approvals", "lineage.obligations");
    assertThat(writes("operator")).containsExactly("lineage.keys");
    // its retraining completions close obligations; it writes nothing else
    assertThat(writes("orchestrator")).containsExactly("lineage.obligations");
  }

  @Test
  void onlyTheImpactServiceWritesTriggersAndReports() {
    for (String role :
        List.of(
            "pipeline",
            "gdpr",
            "bug-reporter",
            "approver",
            "operator",
            "orchestrator",
            "lineage-streams")) {
      assertThat(writes(role))
          .as(role)
          .doesNotContain("lineage.retraining-triggers", "lineage.impact-reports");
    }
    assertThat(writes("impact-service"))
        .containsExactly(
            "impact-service-*",
            "lineage.impact-reports",
            "lineage.obligations",
            "lineage.rejected",
            "lineage.retraining-triggers");
  }

  @Test
  void onlyAnOperatorWritesKeysAndEveryoneWhoVerifiesReadsThem() {
    for (AccessRole role : AccessRole.values()) {
      List<String> acls = acls(role.key(), "User:x");
      assertThat(acls.contains("User:x WRITE topic lineage.keys"))
          .as(role.key())
          .isEqualTo(role == AccessRole.OPERATOR);
      boolean verifies =
          role == AccessRole.ORCHESTRATOR
              || role == AccessRole.LINEAGE_STREAMS
              || role == AccessRole.IMPACT_SERVICE;
      assertThat(acls.contains("User:x READ topic lineage.keys"))
          .as(role.key())
          .isEqualTo(verifies);
    }
  }

  @Test
  void lineageStreamsReadsTheEventsAndOwnsItsApplicationIdsResources() {
    assertThat(acls("lineage-streams", "User:streams"))
        .contains(
            "User:streams READ topic lineage.artifacts",
            "User:streams READ topic lineage.runs",
            "User:streams READ topic lineage.approvals",
            "User:streams READ topic lineage.keys",
            "User:streams WRITE topic lineage.rejected",
            "User:streams ALL topic lineage-streams-*",
            "User:streams READ group lineage-streams*",
            "User:streams WRITE transactional-id lineage-streams-*",
            "User:streams CREATE topic lineage.retraining-triggers",
            "User:streams DESCRIBE_CONFIGS topic lineage.keys",
            "User:streams READ topic lineage.deletion-requests",
            "User:streams READ topic lineage.retraining-triggers",
            "User:streams READ topic lineage.log",
            "User:streams WRITE topic lineage.log");
    assertThat(writes("lineage-streams"))
        .containsExactly(
            "lineage-streams-*", "lineage.log", "lineage.openlineage-attested", "lineage.rejected");
  }

  @Test
  void onlyLineageStreamsWritesTheTransparencyLog() {
    for (AccessRole role : AccessRole.values()) {
      assertThat(writes(role.key()).contains("lineage.log"))
          .as(role.key())
          .isEqualTo(role == AccessRole.LINEAGE_STREAMS);
    }
  }

  @Test
  void followsTheTopicPrefixAndApplicationIds() {
    List<AclBinding> acls =
        RoleAcls.of(
            PrincipalMap.of(Map.of("impact-service", "User:impact")),
            Topics.withPrefix("prod."),
            "s",
            "impact-prod");
    String all = acls.stream().map(RoleAcls::describe).collect(Collectors.joining("\n"));
    assertThat(all)
        .contains("WRITE topic prod.retraining-triggers", "ALL topic impact-prod-*")
        .doesNotContain("lineage.");
  }

  @Test
  void aPrincipalInTwoRolesGetsBothWithoutDuplicates() {
    PrincipalMap map =
        PrincipalMap.of(Map.of("operator", "User:impact", "impact-service", "User:impact"));
    List<AclBinding> acls = RoleAcls.of(map, TOPICS, "lineage-streams", "impact-service");
    assertThat(acls).doesNotHaveDuplicates();
    assertThat(acls.stream().map(RoleAcls::describe))
        .contains("User:impact WRITE topic lineage.keys", "User:impact READ topic lineage.keys");
  }

  @Test
  void aMapIsRolesToPrincipalsSeparatedBySemicolons() {
    PrincipalMap map =
        PrincipalMap.of(
            Map.of("pipeline", "User:a; User:CN=b,O=Example", "GDPR", " User:g ", "approver", ""));
    assertThat(map.principals(AccessRole.PIPELINE))
        .containsExactly("User:a", "User:CN=b,O=Example");
    assertThat(map.principals(AccessRole.GDPR)).containsExactly("User:g");
    assertThat(map.principals(AccessRole.APPROVER)).isEmpty();
  }

  @Test
  void aMapWithAnUnknownRoleOrABarePrincipalIsRefusedNamingIt() {
    assertThatThrownBy(() -> PrincipalMap.of(Map.of("producer", "User:p")))
        .hasMessageContaining("unknown role 'producer'")
        .hasMessageContaining("pipeline, gdpr");
    assertThatThrownBy(() -> PrincipalMap.of(Map.of("pipeline", "pipeline")))
        .hasMessageContaining("not a principal TYPE:NAME");
    assertThatThrownBy(() -> PrincipalMap.of(Map.of())).hasMessageContaining("names no principal");
  }
}
