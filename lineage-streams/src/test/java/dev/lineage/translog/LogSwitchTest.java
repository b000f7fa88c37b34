package dev.lineage.translog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Role;
import dev.lineage.graph.GraphStores;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.settings.SettingException;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageTopology;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.testing.Appended;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lineage.log.enabled=false}: the log is not mounted, and nothing else changes name. */
class LogSwitchTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path stateDir;

  private final Topics topics = Topics.defaults();
  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));

  @Test
  void theSettingIsOnByDefaultAndOnlyTrueOrFalse() {
    assertThat(settings(Map.of()).logEnabled()).isTrue();
    assertThat(settings(Map.of("lineage.log.enabled", "false")).logEnabled()).isFalse();
    assertThat(settings(Map.of("lineage.log.enabled", "true")).logEnabled()).isTrue();
    assertThatThrownBy(() -> settings(Map.of("lineage.log.enabled", "off")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("lineage.log.enabled");
  }

  private static StreamsSettings settings(Map<String, String> values) {
    Properties file = new Properties();
    file.setProperty("lineage.trust.roots", "a.pub");
    values.forEach(file::setProperty);
    return StreamsSettings.load(file, Map.of());
  }

  @Test
  void withTheLogOffNoLeafIsSentAndTheFoldStillRuns() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lineage-log-off-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            LineageTopology.build(
                topics, anchors(), LineageTopology.Options.defaults().withoutTransparencyLog()),
            props)) {
      ByteArraySerializer ser = new ByteArraySerializer();
      TestInputTopic<byte[], byte[]> keys = driver.createInputTopic(topics.keys().name(), ser, ser);
      TestInputTopic<byte[], byte[]> artifacts =
          driver.createInputTopic(topics.artifacts().name(), ser, ser);
      TestOutputTopic<byte[], byte[]> logOut =
          driver.createOutputTopic(
              topics.log().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      Appended.pipe(
          keys,
          bytes(producer.keyId() + "/grant"),
          AvroEnvelopes.sign(
              EventType.KEY_GRANTED,
              Envelopes.grant(producer.publicKey(), List.of(Role.PRODUCER), T0, null, T0),
              root));
      String id = "source:transactions_q1";
      Appended.pipe(artifacts, bytes("k"), artifact(id));
      driver.advanceWallClockTime(
          LogTopology.DEFAULT_INTEGRATE_EVERY.multipliedBy(3).plus(Duration.ofMillis(1)));

      assertThat(driver.getKeyValueStore(GraphStores.NODES).get(id))
          .as("the artifact is folded")
          .isNotNull();
      assertThat(logOut.isEmpty()).as("no leaf, not even the key grant's").isTrue();
      assertThat(driver.getAllStateStores()).doesNotContainKey(LogStores.HEAD);
    }
  }

  @Test
  void withTheLogOffItsNodesAndStoresAreGoneAndEveryOtherNameIsKept() {
    Topology on = LineageTopology.build(topics, anchors());
    Topology off =
        LineageTopology.build(
            topics, anchors(), LineageTopology.Options.defaults().withoutTransparencyLog());
    Set<String> onNodes = nodes(on.describe());
    Set<String> offNodes = nodes(off.describe());
    Set<String> onStores = stores(on.describe());
    Set<String> offStores = stores(off.describe());

    assertThat(onNodes).contains("log-sink", "log-source", "log-integrate");
    assertThat(onNodes).containsAll(offNodes);
    Set<String> removed = new HashSet<>(onNodes);
    removed.removeAll(offNodes);
    assertThat(removed).isNotEmpty().allMatch(n -> n.startsWith("log-") || n.contains("-log-"));
    assertThat(offNodes).noneMatch(n -> n.startsWith("log-") || n.contains("-log-"));
    assertThat(sinkTopics(off.describe())).doesNotContain(topics.log().name());
    // the log's sub-topologies are the last: every other one keeps its number and its nodes, but
    // for the log's own nodes inside it
    Map<Integer, Set<String>> onGroups = groups(on.describe());
    groups(off.describe())
        .forEach(
            (id, names) -> {
              Set<String> was = new HashSet<>(onGroups.get(id));
              was.removeIf(n -> n.startsWith("log-") || n.contains("-log-"));
              assertThat(names).as("sub-topology " + id).isEqualTo(was);
            });
    assertThat(onStores).containsAll(offStores);
    Set<String> removedStores = new HashSet<>(onStores);
    removedStores.removeAll(offStores);
    assertThat(removedStores)
        .contains(LogStores.HEAD, LogStores.INDEX, LogStores.TILES, LogStores.PENDING)
        .allMatch(s -> s.startsWith("log-"));
  }

  private TrustAnchors anchors() {
    return TrustAnchors.of(List.of(root.publicKey()));
  }

  private byte[] artifact(String id) {
    return AvroEnvelopes.sign(
        EventType.ARTIFACT_REGISTERED,
        ArtifactRegistered.newBuilder()
            .setNodeId(id)
            .setKind(ArtifactKind.SOURCE)
            .setName("transactions_q1")
            .setVersion(null)
            .setAttributes(Map.of())
            .setSignedAt(T0)
            .build(),
        producer);
  }

  private static Set<String> nodes(TopologyDescription d) {
    Set<String> names = new HashSet<>();
    d.subtopologies().forEach(s -> s.nodes().forEach(n -> names.add(n.name())));
    return names;
  }

  private static Map<Integer, Set<String>> groups(TopologyDescription d) {
    Map<Integer, Set<String>> groups = new java.util.TreeMap<>();
    d.subtopologies()
        .forEach(
            s -> {
              Set<String> names = new HashSet<>();
              s.nodes().forEach(n -> names.add(n.name()));
              groups.put(s.id(), names);
            });
    return groups;
  }

  private static Set<String> stores(TopologyDescription d) {
    Set<String> names = new HashSet<>();
    d.subtopologies()
        .forEach(
            s ->
                s.nodes()
                    .forEach(
                        n -> {
                          if (n instanceof TopologyDescription.Processor p) {
                            names.addAll(p.stores());
                          }
                        }));
    return names;
  }

  private static Set<String> sinkTopics(TopologyDescription d) {
    Set<String> topicsOut = new HashSet<>();
    d.subtopologies()
        .forEach(
            s ->
                s.nodes()
                    .forEach(
                        n -> {
                          if (n instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                            topicsOut.add(sink.topic());
                          }
                        }));
    return topicsOut;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
