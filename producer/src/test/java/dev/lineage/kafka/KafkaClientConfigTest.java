package dev.lineage.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
  static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"pipeline\" password=\"s3cret-pw \";";

  @TempDir Path tmp;

  private Path file(String text) throws IOException {
    Path f = tmp.resolve("client.properties");
    Files.writeString(f, text, StandardCharsets.ISO_8859_1);
    return f;
  }

  @Test
  void readsEveryClientSettingOfTheFileAsWritten() throws IOException {
    Path f =
        file(
            "security.protocol=SASL_SSL\n"
                + "sasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config="
                + JAAS
                + "\n"
                + "ssl.truststore.location=/etc/kafka/truststore.p12\n");

    KafkaClientConfig config = KafkaClientConfig.load(f);

    assertThat(config.properties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsKey("sasl.jaas.config");
    assertThat(config.properties().get("sasl.jaas.config")).endsWith("password=\"s3cret-pw \";");
    assertThat(config.source()).contains(f);
  }

  @Test
  void clientPropertiesAddTheClusterAndAreTheCallersToExtend() throws IOException {
    KafkaClientConfig config = KafkaClientConfig.load(file("security.protocol=SASL_PLAINTEXT\n"));

    Map<String, Object> client = config.clientProperties("kafka-1:9092");
    client.put("acks", "all");

    assertThat(client)
        .containsEntry("bootstrap.servers", "kafka-1:9092")
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("acks", "all");
    assertThat(config.properties()).doesNotContainKey("acks");
    Properties streams = new Properties();
    config.copyTo(streams);
    assertThat(streams).containsEntry("security.protocol", "SASL_PLAINTEXT");
  }

  @Test
  void neverShowsAValue() throws IOException {
    KafkaClientConfig config =
        KafkaClientConfig.of(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-256",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.password", "trust-pw"));

    assertThat(config.toString())
        .contains("sasl.jaas.config", "ssl.truststore.password")
        .doesNotContain("s3cret-pw", "trust-pw", "pipeline");
    assertThat(config.summary()).isEqualTo("SASL_SSL, SCRAM-SHA-256");
  }

  @Test
  void summarySaysPlaintextWithoutSettingsAndGssapiForSaslWithoutAMechanism() {
    assertThat(KafkaClientConfig.none().summary()).isEqualTo("PLAINTEXT");
    assertThat(KafkaClientConfig.of(Map.of("security.protocol", "SSL")).summary()).isEqualTo("SSL");
    assertThat(KafkaClientConfig.of(Map.of("security.protocol", "SASL_PLAINTEXT")).summary())
        .isEqualTo("SASL_PLAINTEXT, GSSAPI");
  }

  @Test
  void refusesAMissingFileInOneLine() {
    Path missing = tmp.resolve("nope.properties");
    assertThatThrownBy(() -> KafkaClientConfig.load(missing))
        .isInstanceOf(InvalidKafkaConfigException.class)
        .hasMessage("Kafka client config " + missing + ": no such file");
  }

  @Test
  void refusesADirectory() {
    assertThatThrownBy(() -> KafkaClientConfig.load(tmp))
        .isInstanceOf(InvalidKafkaConfigException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void refusesAFileNamingTheCluster() throws IOException {
    Path f = file("bootstrap.servers=elsewhere:9092\nsecurity.protocol=SSL\n");
    assertThatThrownBy(() -> KafkaClientConfig.load(f))
        .isInstanceOf(InvalidKafkaConfigException.class)
        .hasMessageContaining("sets bootstrap.servers")
        .hasMessageContaining("--bootstrap-servers");
  }

  @Test
  void theOptionWinsOverTheEnvironmentWhichWinsOverNothing() throws IOException {
    Path fromOption = file("security.protocol=SSL\n");
    Path fromEnv = tmp.resolve("env.properties");
    Files.writeString(fromEnv, "security.protocol=SASL_SSL\n");
    Map<String, String> env = Map.of(KafkaClientConfig.ENV, fromEnv.toString());

    assertThat(KafkaClientConfig.resolve(fromOption, env).summary()).isEqualTo("SSL");
    assertThat(KafkaClientConfig.resolve(null, env).summary()).startsWith("SASL_SSL");
    assertThat(KafkaClientConfig.resolve(null, Map.of()).isEmpty()).isTrue();
    assertThat(KafkaClientConfig.resolve(null, Map.of(KafkaClientConfig.ENV, " ")).isEmpty())
        .isTrue();
    assertThatThrownBy(
            () ->
                KafkaClientConfig.resolve(
                    null, Map.of(KafkaClientConfig.ENV, tmp.resolve("gone").toString())))
        .isInstanceOf(InvalidKafkaConfigException.class);
  }
}
