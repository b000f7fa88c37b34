package dev.lineage.governance;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.index.GraphIndex;
import dev.lineage.query.DriverGraph;
import dev.lineage.schemas.EventType;
import dev.lineage.seed.Envelopes;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.LineageTopology;
import dev.lineage.testing.Appended;
import dev.lineage.topics.Topics;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The whole topology in a {@link TopologyTestDriver}, with what governance tests publish. */
public final class GovernanceDriver implements AutoCloseable {
  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  public final Topics topics = Topics.defaults();
  public final Signer root = newKey();
  public final GraphIndex index = new GraphIndex();
  public final TopologyTestDriver driver;
  public final TestInputTopic<byte[], byte[]> keys;
  public final TestInputTopic<byte[], byte[]> artifacts;
  public final TestInputTopic<byte[], byte[]> runs;
  public final TestInputTopic<byte[], byte[]> approvals;
  public final TestOutputTopic<byte[], byte[]> rejected;

  public GovernanceDriver(Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lineage-streams-governance-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            LineageTopology.build(
                topics,
                TrustAnchors.of(List.of(root.publicKey())),
                LineageTopology.Options.defaults().withIndex(index)),
            props);
    ByteArraySerializer ser = new ByteArraySerializer();
    keys = driver.createInputTopic(topics.keys().name(), ser, ser);
    artifacts = driver.createInputTopic(topics.artifacts().name(), ser, ser);
    runs = driver.createInputTopic(topics.runs().name(), ser, ser);
    approvals = driver.createInputTopic(topics.approvals().name(), ser, ser);
    rejected =
        driver.createOutputTopic(
            topics.rejected().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  public static Signer newKey() {
    return new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Grants {@code roles} to a key from T0 on, signed by the root. */
  public void grant(Signer to, Role... roles) {
    Appended.pipe(
        keys,
        bytes(to.keyId() + "/grant"),
        AvroEnvelopes.sign(
            EventType.KEY_GRANTED,
            Envelopes.grant(to.publicKey(), List.of(roles), T0, null, T0),
            root));
  }

  /** Revokes a key from {@code from} on, signed by the root at {@code signedAt}. */
  public void revoke(Signer key, Instant from, Instant signedAt) {
    Appended.pipe(
        keys,
        bytes(key.keyId() + "/revoke"),
        AvroEnvelopes.sign(
            EventType.KEY_REVOKED, Envelopes.revoke(key.publicKey(), from, signedAt), root));
  }

  public void artifact(
      Signer by, String id, ArtifactKind kind, String name, String version, Instant at) {
    ArtifactRegistered event =
        ArtifactRegistered.newBuilder()
            .setNodeId(id)
            .setKind(kind)
            .setName(name)
            .setVersion(version)
            .setAttributes(Map.of())
            .setSignedAt(at)
            .build();
    Appended.pipe(
        artifacts, bytes(id), AvroEnvelopes.sign(EventType.ARTIFACT_REGISTERED, event, by));
  }

  /** A training run that read {@code input} and wrote {@code model}, stating its manifest. */
  public void training(
      Signer by, String runId, String input, String model, String manifest, Instant at) {
    RunCompleted event =
        RunCompleted.newBuilder()
            .setRunId(runId)
            .setProcessName("train")
            .setProcessVersion("1.0")
            .setInputs(List.of(input))
            .setOutputs(List.of(model))
            .setManifestDigest(manifest)
            .setStartedAt(at.minusSeconds(60))
            .setEndedAt(at)
            .setEnvironment(Map.of())
            .setAttributes(Map.of())
            .setSignedAt(at)
            .build();
    Appended.pipe(runs, bytes(runId), AvroEnvelopes.sign(EventType.RUN_COMPLETED, event, by));
  }

  public static DeploymentApproved decision(
      String model, String manifest, ApprovalDecision decision, Instant at) {
    return DeploymentApproved.newBuilder()
        .setModelDigest(model)
        .setManifestDigest(manifest)
        .setDecision(decision)
        .setComment("reviewed")
        .setSignedAt(at)
        .build();
  }

  /** Publishes a decision signed by {@code by}, appended by the broker at {@code appendedAt}. */
  public byte[] approveAt(Signer by, DeploymentApproved event, Instant appendedAt) {
    byte[] value = AvroEnvelopes.sign(EventType.DEPLOYMENT_APPROVED, event, by);
    approvals.pipeInput(bytes(event.getModelDigest()), value, appendedAt);
    return value;
  }

  /** Publishes a decision signed by {@code by}; returns the record value. */
  public byte[] approve(Signer by, DeploymentApproved event) {
    byte[] value = AvroEnvelopes.sign(EventType.DEPLOYMENT_APPROVED, event, by);
    Appended.pipe(approvals, bytes(event.getModelDigest()), value);
    return value;
  }

  public byte[] attest(Signer by, EquivalenceAttested event) {
    byte[] value = AvroEnvelopes.sign(EventType.EQUIVALENCE_ATTESTED, event, by);
    Appended.pipe(runs, bytes(event.getCandidateRunId()), value);
    return value;
  }

  public DriverGraph graph() {
    return new DriverGraph(driver, index);
  }

  public KeyValueStore<String, ApprovalRecord> approvalStore() {
    return driver.getKeyValueStore(ApprovalStores.STORE);
  }

  /** The gate's verdict as {@code GET /v1/deployments/{model}} computes it. */
  public DeploymentVerdict verdict(String model) {
    Keyring keyring =
        new Keyring(
            TrustAnchors.of(List.of(root.publicKey())),
            new KeyringStore(driver.getKeyValueStore(KeyringStore.STORE)));
    return DeploymentApi.check(
        graph(),
        m -> ClusterApprovals.scan(approvalStore(), m),
        ApproverCheck.keyring(keyring, ClockSkew.defaults()),
        model);
  }

  @Override
  public void close() {
    driver.close();
  }
}
