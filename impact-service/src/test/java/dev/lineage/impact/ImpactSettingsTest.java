package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImpactSettingsTest {
  @TempDir Path dir;
  private final Properties file = new Properties();

  @BeforeEach
  void keys() throws IOException {
    KeyPair root = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    KeyPair service = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    KeyPairs.writePublicKey(root.getPublic(), dir.resolve("root.pub"));
    KeyPairs.writePrivateKey(service.getPrivate(), dir.resolve("service.key"));
    file.setProperty("lineage.trust.roots", dir.resolve("root.pub").toString());
    file.setProperty("impact.service.key", dir.resolve("service.key").toString());
  }

  @Test
  void theStreamThreadsPartitionAssignorSeesTheGlobalExceptionHandlerEnabled() throws IOException {
    StreamsConfig config = new StreamsConfig(ImpactSettings.load(file, Map.of()).streamsConfig());
    Map<String, Object> assignor = config.getMainConsumerConfigs("group", "client", 0);
    // the partition assignor builds a StreamsConfig from these, which warns when it is missing
    assertThat(
            new StreamsConfig(assignor).getBoolean("processing.exception.handler.global.enabled"))
        .isTrue();
  }

  @Test
  void keyWaitDefaultsToLineageStreamsThirtySecondsAndTenThousand() throws IOException {
    ImpactSettings s = ImpactSettings.load(file, Map.of());

    assertThat(s.keyWait().grace()).isEqualTo(ParkingProcessor.Limits.DEFAULT_GRACE);
    assertThat(s.keyWait().grace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.keyWait().capacity()).isEqualTo(10_000);
  }

  @Test
  void keyWaitIsSetByFileAndTheEnvironmentWins() throws IOException {
    file.setProperty("impact.key.wait.grace.ms", "1000");
    file.setProperty("impact.key.wait.max.parked", "7");

    ImpactSettings s =
        ImpactSettings.load(file, Map.of("LINEAGE_IMPACT_KEY_WAIT_GRACE_MS", "5000"));

    assertThat(s.keyWait().grace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.keyWait().capacity()).isEqualTo(7);
  }

  @Test
  void aKeyWaitThatIsNotAWholeNumberStopsTheStartNamingTheProperty() {
    file.setProperty("impact.key.wait.grace.ms", "PT30S");

    assertThatThrownBy(() -> ImpactSettings.load(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("impact.key.wait.grace.ms");
  }

  @Test
  void theClusterSecretIsReadFromTheFileTheEnvironmentNames() throws IOException {
    assertThat(ImpactSettings.load(file, Map.of()).clusterSecret()).isEmpty();
    Path secret = dir.resolve("cluster.secret");
    Files.write(secret, new byte[32]);

    assertThat(
            ImpactSettings.load(file, Map.of("LINEAGE_CLUSTER_SECRET_FILE", secret.toString()))
                .clusterSecret())
        .isPresent();
    Files.write(secret, new byte[8]);
    assertThatThrownBy(
            () ->
                ImpactSettings.load(file, Map.of("LINEAGE_CLUSTER_SECRET_FILE", secret.toString())))
        .hasMessageContaining("at least 32");
  }

  @Test
  void kafkaClientSettingsGoToStreamsFirstSoTheServicesOwnSettingsWin() throws IOException {
    Path client = dir.resolve("impact-client.properties");
    Files.writeString(
        client,
        "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
            + "processing.guarantee=at_least_once\n");

    ImpactSettings s = ImpactSettings.load(file, Map.of(KafkaClientConfig.ENV, client.toString()));

    assertThat(s.kafka().source()).contains(client);
    assertThat(s.streamsConfig())
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("transaction.timeout.ms", "30000")
        .containsEntry("session.timeout.ms", "15000");
  }

  @Test
  void theOldImpactOnlyVariableNamesStillWorkAndTheCanonicalOnesWin() throws IOException {
    file.remove("impact.service.key");
    Path cas = dir.resolve("cas");

    ImpactSettings old =
        ImpactSettings.load(
            file,
            Map.of(
                "LINEAGE_IMPACT_SERVICE_KEY", dir.resolve("service.key").toString(),
                "LINEAGE_IMPACT_CAS", cas.toString(),
                "LINEAGE_IMPACT_LINEAGE_URL", "http://lineage-1:8080"));
    assertThat(old.serviceKey()).isPresent();
    assertThat(old.cas()).contains(cas);
    assertThat(old.lineageHttp()).containsExactly(URI.create("http://lineage-1:8080"));

    ImpactSettings canonical =
        ImpactSettings.load(
            file,
            Map.of(
                "LINEAGE_SERVICE_KEY", dir.resolve("service.key").toString(),
                "LINEAGE_IMPACT_CAS", cas.toString(),
                "LINEAGE_CAS", dir.resolve("other").toString(),
                "LINEAGE_STREAMS_HTTP", "lineage-2:8080,lineage-3:8080"));
    assertThat(canonical.cas()).contains(dir.resolve("other"));
    // every instance named, in order: the service moves to the next when one cannot answer
    assertThat(canonical.lineageHttp())
        .containsExactly(URI.create("http://lineage-2:8080"), URI.create("http://lineage-3:8080"));
  }

  @Test
  void aBadValueNamesTheSettingAndWhereItCameFrom() {
    assertThatThrownBy(
            () -> ImpactSettings.load(file, Map.of("LINEAGE_IMPACT_RETRY_INTERVAL", "soon")))
        .hasMessageContaining("impact.retry.interval (environment LINEAGE_IMPACT_RETRY_INTERVAL)")
        .hasMessageContaining("ISO-8601");
  }
}
