package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.graph.GraphStores;
import dev.lineage.ownership.OwnershipStores;
import dev.lineage.seed.Envelopes;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDigestTest {
  @TempDir Path dir;

  private final Topics topics = Topics.defaults();
  private final Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  private final List<TopologyTestDriver> drivers = new ArrayList<>();

  @AfterEach
  void close() {
    drivers.forEach(TopologyTestDriver::close);
  }

  private TopologyTestDriver fold(List<SeedScenario.SeedRecord> records) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "digest-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + drivers.size()).toString());
    TopologyTestDriver driver =
        new TopologyTestDriver(
            LineageTopology.build(topics, TrustAnchors.of(List.of(root.publicKey()))), props);
    drivers.add(driver);
    ByteArraySerializer ser = new ByteArraySerializer();
    for (SeedScenario.SeedRecord r : records) {
      driver
          .createInputTopic(r.target().topic(topics), ser, ser)
          .pipeInput(
              r.key().getBytes(StandardCharsets.UTF_8), r.value(), Envelopes.signedAtOf(r.value()));
    }
    return driver;
  }

  private static StoreDigest.Fingerprint fingerprint(TopologyTestDriver driver) {
    return StoreDigest.of(driver::getKeyValueStore);
  }

  private SeedScenario seed() throws Exception {
    return SeedScenario.create(
        dir.resolve("files"),
        root,
        producer,
        Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void theSameLogGivesTheSameFingerprintWithEveryStoreCounted() throws Exception {
    SeedScenario seed = seed();
    StoreDigest.Fingerprint a = fingerprint(fold(seed.records()));
    StoreDigest.Fingerprint b = fingerprint(fold(seed.records()));
    assertThat(b).isEqualTo(a);
    assertThat(a.digest()).matches("sha256:[0-9a-f]{64}");
    assertThat(a.counts())
        .containsExactly(
            Map.entry(GraphStores.NODES, 6L),
            Map.entry(GraphStores.EDGES_OUT, 4L),
            Map.entry(GraphStores.EDGES_IN, 4L),
            Map.entry(GraphStores.NAMES, 4L),
            Map.entry(GraphStores.PROCESS_RUNS, 2L),
            Map.entry(GraphStores.APPLIED, 6L),
            Map.entry(GraphStores.EQUIVALENCES, 0L),
            Map.entry("approvals", 0L),
            Map.entry(OwnershipStores.NAME_CLAIMS, 4L),
            Map.entry(OwnershipStores.ID_CLAIMS, 6L),
            Map.entry(OwnershipStores.NAME_HOLDINGS, 4L),
            Map.entry(KeyringStore.STORE, 1L));
    assertThat(a.toString()).contains("nodes").contains(a.digest());
  }

  @Test
  void arrivalOrderChangesNoGraphStoreOnlyWhereEnvelopesWereFirstAccepted() throws Exception {
    List<SeedScenario.SeedRecord> records = seed().records();
    List<SeedScenario.SeedRecord> reversed = new ArrayList<>(records.subList(1, records.size()));
    Collections.reverse(reversed);
    reversed.add(0, records.get(0)); // the producer's grant first, as trust needs
    StoreDigest.Fingerprint inOrder = fingerprint(fold(records));
    StoreDigest.Fingerprint backwards = fingerprint(fold(reversed));
    for (int i = 0; i < StoreDigest.STORES.size(); i++) {
      String store = StoreDigest.STORES.get(i);
      if (store.equals(GraphStores.APPLIED) || store.equals(OwnershipStores.NAME_HOLDINGS)) {
        // their values carry source offsets, and the driver numbered them in the new order (on a
        // broker they are the log's own)
        assertThat(backwards.stores().get(i)).isNotEqualTo(inOrder.stores().get(i));
      } else {
        assertThat(backwards.stores().get(i)).as(store).isEqualTo(inOrder.stores().get(i));
      }
    }
  }

  @Test
  void oneChangedEntryChangesItsStoreAndTheWhole() throws Exception {
    SeedScenario seed = seed();
    TopologyTestDriver a = fold(seed.records());
    TopologyTestDriver b = fold(seed.records());
    KeyValueStore<String, String> runs = b.getKeyValueStore(GraphStores.PROCESS_RUNS);
    runs.put(GraphStores.processRunKey("model_training", "1.0", 0L, "run:forged"), "run:forged");
    StoreDigest.Fingerprint before = fingerprint(a);
    StoreDigest.Fingerprint after = fingerprint(b);
    assertThat(after.digest()).isNotEqualTo(before.digest());
    int runsAt = StoreDigest.STORES.indexOf(GraphStores.PROCESS_RUNS);
    for (int i = 0; i < StoreDigest.STORES.size(); i++) {
      if (i == runsAt) {
        assertThat(after.stores().get(i).entries()).isEqualTo(3);
        assertThat(after.stores().get(i).digest()).isNotEqualTo(before.stores().get(i).digest());
      } else {
        assertThat(after.stores().get(i)).isEqualTo(before.stores().get(i));
      }
    }
  }

  @Test
  void partsAddUpToTheWholeWhateverTheOrder() {
    List<KeyValue<String, Object>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(KeyValue.pair("k" + i, i % 2 == 0 ? "v" + i : Map.of("n", i)));
    }
    StoreDigest.StoreFingerprint whole = StoreDigest.fold("s", all.iterator());
    List<KeyValue<String, Object>> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new java.util.Random(7));
    StoreDigest.StoreFingerprint first = StoreDigest.fold("s", shuffled.subList(0, 20).iterator());
    StoreDigest.StoreFingerprint rest = StoreDigest.fold("s", shuffled.subList(20, 50).iterator());
    assertThat(first.plus(rest)).isEqualTo(whole);
    assertThat(StoreDigest.fold("s", shuffled.iterator())).isEqualTo(whole);
    assertThat(whole.entries()).isEqualTo(50);

    // a key and value split differently are different entries
    StoreDigest.StoreFingerprint ab =
        StoreDigest.fold("s", List.of(KeyValue.pair("a", "bc")).iterator());
    StoreDigest.StoreFingerprint abc =
        StoreDigest.fold("s", List.of(KeyValue.pair("ab", "c")).iterator());
    assertThat(ab.digest()).isNotEqualTo(abc.digest());
    assertThatThrownBy(() -> ab.plus(new StoreDigest.StoreFingerprint("t", 0, ab.digest())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
