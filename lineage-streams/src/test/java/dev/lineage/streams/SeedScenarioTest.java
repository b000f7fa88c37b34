package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.RunCompleted;
import dev.lineage.cas.ContentStore;
import dev.lineage.graph.GraphStores;
import dev.lineage.graph.NodeRecord;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.signing.Verifier;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedScenarioTest {
  @TempDir Path dir;

  @Test
  void seedScenarioFoldsIntoTheDesignsChain() throws Exception {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    SeedScenario seed =
        SeedScenario.create(
            dir.resolve("files"),
            root,
            producer,
            Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC));

    assertThat(seed.model()).isEqualTo("sha256:" + sha256(seed.files().get("model")));
    assertThat(seed.features()).isEqualTo("sha256:" + sha256(seed.files().get("features")));
    ContentStore cas = new ContentStore(seed.cas());
    for (Path file : seed.files().values()) {
      assertThat(cas.contains(Digest.parse("sha256:" + sha256(file)))).as("%s", file).isTrue();
    }
    DsseEnvelope signed = DsseEnvelope.fromJson(cas.readBytes(Digest.parse(seed.manifest())));
    SignedManifests.VerifiedManifest verified =
        SignedManifests.verify(signed, new Verifier(List.of(producer.publicKey())));
    assertThat(verified.result().verified()).isTrue();
    assertThat(verified.manifest().subjects())
        .extracting(ArtifactRef::digest)
        .containsExactly(Digest.parse(seed.model()));
    assertThat(verified.manifest().privacy()).isEmpty();

    Topics topics = Topics.defaults();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "seed-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            LineageTopology.build(topics, TrustAnchors.of(List.of(root.publicKey()))), props)) {
      ByteArraySerializer ser = new ByteArraySerializer();
      for (SeedScenario.SeedRecord r : seed.records()) {
        driver
            .createInputTopic(r.target().topic(topics), ser, ser)
            .pipeInput(r.key().getBytes(), r.value(), Envelopes.signedAtOf(r.value()));
      }
      assertThat(
              driver
                  .createOutputTopic(
                      topics.rejected().name(),
                      new ByteArrayDeserializer(),
                      new ByteArrayDeserializer())
                  .isEmpty())
          .isTrue();
      KeyValueStore<String, NodeRecord> nodes = driver.getKeyValueStore(GraphStores.NODES);
      KeyValueStore<String, Object> out = driver.getKeyValueStore(GraphStores.EDGES_OUT);
      assertThat(nodes.get(seed.model()).name()).isEqualTo("model_m92");
      assertThat(nodes.get(SeedScenario.EXTRACTION_RUN).processVersion()).isEqualTo("2.3");
      assertThat(nodes.get(SeedScenario.TRAINING_RUN).manifestDigest()).isEqualTo(seed.manifest());
      assertThat(nodes.get(seed.manifest()).kind()).isEqualTo("MANIFEST");
      assertThat(nodes.get(SeedScenario.EXTRACTION_RUN).configDigest())
          .isEqualTo("sha256:" + sha256(seed.files().get("extractor-config")));
      assertThat(out.get(GraphStores.edgeKey(SeedScenario.SOURCE, SeedScenario.EXTRACTION_RUN)))
          .isNotNull();
      assertThat(out.get(GraphStores.edgeKey(SeedScenario.EXTRACTION_RUN, seed.features())))
          .isNotNull();
      assertThat(out.get(GraphStores.edgeKey(seed.features(), SeedScenario.TRAINING_RUN)))
          .isNotNull();
      assertThat(out.get(GraphStores.edgeKey(SeedScenario.TRAINING_RUN, seed.model()))).isNotNull();
    }
  }

  /**
   * Every signed time is the signing clock's reading — what a trust check holds to the broker's
   * append time — and the story's own times lie before it, never after.
   */
  @Test
  void everySignatureCarriesTheSigningTimeAndTheStoryLiesBeforeIt() throws Exception {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer producer = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Instant signing = Instant.parse("2025-03-01T10:20:30Z");
    SeedScenario seed =
        SeedScenario.create(
            dir.resolve("files"),
            root,
            producer,
            Clock.fixed(signing.plusMillis(456), ZoneOffset.UTC));

    assertThat(seed.signedAt()).isEqualTo(signing);
    int runs = 0;
    for (SeedScenario.SeedRecord r : seed.records()) {
      SpecificRecordBase event = EventType.decodeAny(EnvelopeCodec.standard().decode(r.value()));
      assertThat(event.get("signedAt")).as("%s", r.key()).isEqualTo(signing);
      if (event instanceof KeyGranted grant) {
        assertThat(grant.getValidFrom()).isEqualTo(signing);
      }
      if (event instanceof RunCompleted run) {
        runs++;
        assertThat(run.getStartedAt()).isBefore(run.getEndedAt());
        assertThat(run.getEndedAt()).isBefore(signing);
      }
    }
    assertThat(runs).isEqualTo(2);
    assertThat(seed.extractionStartedAt()).isEqualTo(Instant.parse("2025-03-01T09:40:30Z"));
    assertThat(seed.extractionEndedAt()).isEqualTo(Instant.parse("2025-03-01T09:49:30Z"));
    DsseEnvelope manifest =
        DsseEnvelope.fromJson(
            new ContentStore(seed.cas()).readBytes(Digest.parse(seed.manifest())));
    assertThat(
            SignedManifests.verify(manifest, new Verifier(List.of(producer.publicKey())))
                .manifest()
                .createdAt())
        .isEqualTo(signing);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
