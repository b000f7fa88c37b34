package dev.lineage.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SaslScramTest {
  private final SaslScram sasl = SaslScram.sha512("admin", "admin-secret-1");

  @Test
  void theBrokerRunsTheStandardAuthorizerWithOnlyItsOwnUserAsSuperUser() {
    Properties p =
        ServerProperties.singleNode("127.0.0.1", 9092, 9093, Path.of("logs"), sasl, Map.of());

    assertThat(p.getProperty("listeners"))
        .isEqualTo("SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
    assertThat(p.getProperty("listener.security.protocol.map"))
        .isEqualTo("SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    assertThat(p.getProperty("sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
    assertThat(p.getProperty("authorizer.class.name"))
        .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    assertThat(p.getProperty("super.users")).isEqualTo("User:admin");
    assertThat(p.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
    assertThat(ServerProperties.singleNode("h", 1, 2, Path.of("l"), Map.of()))
        .doesNotContainKey("authorizer.class.name");
  }

  @Test
  void clientSettingsCarryTheMechanismAndTheUsersLogin() {
    Map<String, String> client = sasl.clientProperties("pipeline", "pipeline-pw");

    assertThat(client)
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"pipeline\" password=\"pipeline-pw\";");
  }

  @Test
  void refusesWhatWouldNeedEscapingAndUnknownMechanisms() {
    assertThatThrownBy(() -> SaslScram.sha512("admin", "has\"quote"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslScram.sha512("ad,min", "long-enough"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslScram.sha512("admin", "short"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SaslScram("PLAIN", "admin", "long-enough"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverPrintsThePassword() {
    assertThat(sasl.toString()).doesNotContain("admin-secret-1").contains("SCRAM-SHA-512");
  }
}
