package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.runtime.RejectingDeserializationHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
  @Test
  void defaultsAreExactlyOnceWithAnOwnedStateDirAndTheRejectingHandler() {
    StreamsSettings settings = StreamsSettings.defaults(List.of(Path.of("root.pub")));
    Properties p = settings.streamsConfig();

    assertThat(p.getProperty("application.id")).isEqualTo("lineage-streams");
    assertThat(p.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
    // runtime's StreamsDefaults: outlasts a broker failover, a dead instance is noticed in 15 s
    assertThat(p.getProperty("transaction.timeout.ms")).isEqualTo("30000");
    assertThat(p.getProperty("session.timeout.ms")).isEqualTo("15000");
    assertThat(p.getProperty("state.dir")).doesNotStartWith("/tmp");
    assertThat(p.getProperty("deserialization.exception.handler"))
        .isEqualTo(RejectingDeserializationHandler.class.getName());
    assertThat(p.getProperty(RejectingDeserializationHandler.REJECTED_TOPIC_CONFIG))
        .isEqualTo("lineage.rejected");
    assertThat(p).doesNotContainKey("application.server");
  }

  @Test
  void theStreamThreadsPartitionAssignorSeesTheGlobalExceptionHandlerEnabled() {
    // Kafka Streams builds a StreamsConfig from each stream thread's main consumer configs (for its
    // partition assignor) and warns at every start, once per thread, unless the setting is there
    // too
    StreamsConfig config =
        new StreamsConfig(StreamsSettings.defaults(List.of(Path.of("root.pub"))).streamsConfig());
    assertThat(config.getBoolean("processing.exception.handler.global.enabled")).isTrue();
    Map<String, Object> assignor = config.getMainConsumerConfigs("group", "client", 0);
    assertThat(assignor).containsEntry("processing.exception.handler.global.enabled", "true");
    assertThat(
            new StreamsConfig(assignor).getBoolean("processing.exception.handler.global.enabled"))
        .isTrue();
  }

  @Test
  void environmentOverridesFileOverridesDefaults() {
    Properties file = new Properties();
    file.setProperty("lineage.trust.roots", "a.pub, b.pub");
    file.setProperty("lineage.topic.prefix", "file.");
    file.setProperty("streams.num.standby.replicas", "1");
    StreamsSettings s =
        StreamsSettings.load(
            file,
            Map.of("LINEAGE_TOPIC_PREFIX", "env.", "LINEAGE_APPLICATION_SERVER", "host-1:8080"));

    assertThat(s.trustRoots()).containsExactly(Path.of("a.pub"), Path.of("b.pub"));
    assertThat(s.topics().prefix()).isEqualTo("env.");
    assertThat(s.applicationServer()).isEqualTo(Optional.of("host-1:8080"));
    assertThat(s.streamsConfig().getProperty("application.server")).isEqualTo("host-1:8080");
    assertThat(s.streamsConfig().getProperty("num.standby.replicas")).isEqualTo("1");
  }

  @Test
  void kafkaClientSettingsReachStreamsAndTheAdminClientButCannotChangeTheAppsOwn(@TempDir Path tmp)
      throws IOException {
    Path client = tmp.resolve("client.properties");
    Files.writeString(
        client,
        "security.protocol=SASL_SSL\n"
            + "sasl.mechanism=SCRAM-SHA-512\n"
            + "processing.guarantee=at_least_once\n");
    Properties file = new Properties();
    file.setProperty("lineage.trust.roots", "a.pub");
    StreamsSettings s =
        StreamsSettings.load(file, Map.of(KafkaClientConfig.ENV, client.toString()))
            .with(StreamsSettings.BOOTSTRAP_SERVERS, "kafka-1:9093");

    Properties streams = s.streamsConfig();
    assertThat(streams)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("processing.guarantee", "exactly_once_v2");
    assertThat(s.adminConfig())
        .containsEntry("bootstrap.servers", "kafka-1:9093")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(s.toString()).doesNotContain("SCRAM-SHA-512");
  }

  @Test
  void aMissingKafkaClientConfigStopsTheStart(@TempDir Path tmp) {
    Properties file = new Properties();
    file.setProperty("lineage.trust.roots", "a.pub");
    file.setProperty("lineage.kafka.config", tmp.resolve("gone.properties").toString());

    assertThatThrownBy(() -> StreamsSettings.load(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gone.properties: no such file");
  }

  @Test
  void keyWaitDefaultsToThirtySecondsAndTenThousandAndIsSetByFileOrEnvironment() {
    Properties file = new Properties();
    file.setProperty("lineage.trust.roots", "a.pub");
    assertThat(StreamsSettings.load(file, Map.of()).keyWait())
        .isEqualTo(ParkingProcessor.Limits.defaults());
    assertThat(ParkingProcessor.Limits.defaults().grace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ParkingProcessor.Limits.defaults().capacity()).isEqualTo(10_000);

    file.setProperty("lineage.key.wait.grace.ms", "5000");
    StreamsSettings s = StreamsSettings.load(file, Map.of("LINEAGE_KEY_WAIT_MAX_PARKED", "12"));
    assertThat(s.keyWait().grace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.keyWait().capacity()).isEqualTo(12);

    file.setProperty("lineage.key.wait.grace.ms", "soon");
    assertThatThrownBy(() -> StreamsSettings.load(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lineage.key.wait.grace.ms");
  }

  @Test
  void refusesToStartWithoutTrustRoots() {
    assertThatThrownBy(() -> StreamsSettings.load(new Properties(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lineage.trust.roots");
  }

  @Test
  void theAppsOwnMainStillReadsLineageStateDirAsTheStateDirectory() {
    Properties file = new Properties();
    file.setProperty("lineage.trust.roots", "a.pub");

    assertThat(StreamsSettings.load(file, Map.of("LINEAGE_STATE_DIR", "/srv/old")).stateDir())
        .isEqualTo(Path.of("/srv/old"));
    assertThat(
            StreamsSettings.load(
                    file,
                    Map.of(
                        "LINEAGE_STATE_DIR", "/srv/old", "LINEAGE_STREAMS_STATE_DIR", "/srv/new"))
                .stateDir())
        .isEqualTo(Path.of("/srv/new"));
  }

  @Test
  void aCopyWithOneSettingChangedKeepsTheOthersAndIsChecked() {
    StreamsSettings s = StreamsSettings.defaults(List.of(Path.of("root.pub")));
    StreamsSettings changed = s.with(StreamsSettings.APPLICATION_ID, "other");

    assertThat(changed.applicationId()).isEqualTo("other");
    assertThat(changed.trustRoots()).isEqualTo(s.trustRoots());
    assertThat(s.applicationId()).isEqualTo(StreamsSettings.DEFAULT_APPLICATION_ID);
    assertThatThrownBy(() -> s.with(StreamsSettings.APPLICATION_SERVER, "no-port"))
        .hasMessageContaining("lineage.application.server (set in code): must be host:port");
  }
}
