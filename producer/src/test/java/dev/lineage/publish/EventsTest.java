package dev.lineage.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.KeyAlgorithm;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsTest {
  static final String FEATURES = "sha256:" + "ab".repeat(32);
  static final String MODEL = "sha256:" + "cd".repeat(32);
  static final String IMAGE_DIGEST = "sha256:" + "ef".repeat(32);
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  static Events.RunBuilder run() {
    return Events.run("run:training_j1829", "trainer", "1.4.0")
        .input(FEATURES)
        .output(MODEL)
        .startedAt(T0)
        .endedAt(T0.plusSeconds(60));
  }

  @Test
  void buildsAnArtifactWithItsOptionalFields() {
    ArtifactRegistered a =
        Events.artifact(FEATURES, ArtifactKind.DATASET, "features_v47")
            .version("47")
            .mediaType("application/vnd.apache.parquet")
            .sizeBytes(10L)
            .recordCount(1_250_000L)
            .attribute("team", "fraud")
            .signedAt(Instant.parse("2025-03-01T10:15:30.123456Z"))
            .build();

    assertThat(a.getNodeId()).isEqualTo(FEATURES);
    assertThat(a.getVersion()).isEqualTo("47");
    assertThat(a.getAttributes()).containsEntry("team", "fraud");
    assertThat(a.getSignedAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123Z"));
  }

  @Test
  void artifactNodeIdsAreCanonicalNodesNeverNamesOrRuns() {
    assertThatThrownBy(
            () -> Events.artifact("name:features_v47", ArtifactKind.DATASET, "features").build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("name: reference");
    assertThatThrownBy(() -> Events.artifact("run:r1", ArtifactKind.OTHER, "r").build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("bipartite");
    assertThatThrownBy(
            () -> Events.artifact(FEATURES.toUpperCase(), ArtifactKind.DATASET, "f").build())
        .isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> Events.artifact(FEATURES, ArtifactKind.DATASET, "bad name").build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("artifact name");
  }

  @Test
  void imagesArePinnedByDigestAndRegisteredAsContainerImages() {
    ArtifactRegistered image =
        Events.image("ghcr.io/acme/trainer:1.4@" + IMAGE_DIGEST, "trainer").build();
    assertThat(image.getNodeId()).isEqualTo("oci:ghcr.io/acme/trainer@" + IMAGE_DIGEST);
    assertThat(image.getKind()).isEqualTo(ArtifactKind.CONTAINER_IMAGE);

    assertThatThrownBy(() -> Events.image("ghcr.io/acme/trainer:latest", "trainer"))
        .isInstanceOf(MutableReferenceException.class)
        .hasMessageContaining("not pinned by digest");
    assertThatThrownBy(
            () ->
                Events.artifact("oci:ghcr.io/acme/trainer", ArtifactKind.CONTAINER_IMAGE, "t")
                    .build())
        .isInstanceOf(MutableReferenceException.class)
        .hasMessageContaining("tag is mutable");
    assertThatThrownBy(
            () ->
                Events.artifact(
                        "oci:ghcr.io/acme/trainer@" + IMAGE_DIGEST, ArtifactKind.DATASET, "t")
                    .build())
        .hasMessageContaining("CONTAINER_IMAGE");
  }

  @Test
  void buildsARunWithHardwareEnvironmentAndDigests() {
    HardwareFingerprint hw = new HardwareFingerprint("amd64", "Xeon", 8, "NVIDIA A100", 2);
    Digest config = Digest.parse("sha256:" + "01".repeat(32));

    RunCompleted r = run().configDigest(config).manifestDigest(config).environment(hw).build();

    assertThat(r.getEnvironment())
        .containsEntry("arch", "amd64")
        .containsEntry("cpuModel", "Xeon")
        .containsEntry("cpuCores", "8")
        .containsEntry("gpuType", "NVIDIA A100")
        .containsEntry("gpuCount", "2");
    assertThat(r.getConfigDigest()).isEqualTo(config.toString());
    assertThat(r.getSignedAt()).isNull();
  }

  @Test
  void runsNeedARunIdInputsOutputsAndOrderedTimes() {
    assertThatThrownBy(
            () ->
                Events.run("training_j1829", "trainer", "1")
                    .input(FEATURES)
                    .output(MODEL)
                    .startedAt(T0)
                    .endedAt(T0)
                    .build())
        .isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(
            () ->
                Events.run("source:x", "trainer", "1")
                    .input(FEATURES)
                    .output(MODEL)
                    .startedAt(T0)
                    .endedAt(T0)
                    .build())
        .hasMessageContaining("not a run id");
    assertThatThrownBy(
            () ->
                Events.run("run:r", "trainer", "1").output(MODEL).startedAt(T0).endedAt(T0).build())
        .hasMessageContaining("inputs");
    assertThatThrownBy(() -> run().output("run:other").build()).hasMessageContaining("bipartite");
    assertThatThrownBy(() -> run().input(FEATURES).build()).hasMessageContaining("twice");
    assertThatThrownBy(() -> run().endedAt(T0.minusSeconds(1)).build())
        .hasMessageContaining("before it started");
    assertThatThrownBy(
            () -> Events.run("run:r", "trainer", "1").input(FEATURES).output(MODEL).build())
        .hasMessageContaining("startedAt is required");
    assertThatThrownBy(() -> run().attribute("note", "line\nbreak").build())
        .hasMessageContaining("control character");
  }

  @Test
  void grantsCarryTheKeysOwnIdAlgorithmAndPem() {
    KeyPair ed = KeyPairs.generate(Algorithm.ED25519);

    KeyGranted g =
        Events.keyGrant(ed.getPublic(), List.of(Role.PRODUCER, Role.APPROVER))
            .validUntil(T0)
            .build();

    assertThat(g.getKeyId()).isEqualTo(KeyPairs.keyId(ed.getPublic()));
    assertThat(g.getAlgorithm()).isEqualTo(KeyAlgorithm.ED25519);
    assertThat(g.getPublicKeyPem()).isEqualTo(KeyPairs.publicKeyPem(ed.getPublic()));
    assertThat(g.getValidFrom()).isNull();
  }

  @Test
  void aGatewayGrantStandsAloneButNeverBesideProducerOrApprover() {
    KeyPair p256 = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);

    KeyGranted gateway = Events.keyGrant(p256.getPublic(), List.of(Role.GATEWAY)).build();

    assertThat(gateway.getRoles()).containsExactly(Role.GATEWAY);
    assertThatThrownBy(
            () -> Events.keyGrant(p256.getPublic(), List.of(Role.GATEWAY, Role.PRODUCER)).build())
        .hasMessageContaining("GATEWAY key must not also hold");
    assertThatThrownBy(
            () -> Events.keyGrant(p256.getPublic(), List.of(Role.APPROVER, Role.GATEWAY)).build())
        .hasMessageContaining("GATEWAY key must not also hold");
  }

  @Test
  void grantsRefuseNoRoleUnknownRolesForeignKeyIdsAndEmptyWindows() {
    KeyPair p256 = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    assertThatThrownBy(() -> Events.keyGrant(p256.getPublic(), List.of()).build())
        .hasMessageContaining("at least one role");
    assertThatThrownBy(() -> Events.keyGrant(p256.getPublic(), List.of(Role.UNKNOWN)).build())
        .hasMessageContaining("UNKNOWN");
    assertThatThrownBy(
            () ->
                Events.keyGrant(p256.getPublic(), List.of(Role.ADMIN))
                    .validFrom(T0)
                    .validUntil(T0)
                    .build())
        .hasMessageContaining("validUntil");

    KeyGranted forged = Events.keyGrant(p256.getPublic(), List.of(Role.ADMIN)).build();
    forged.setKeyId("00".repeat(32));
    assertThatThrownBy(() -> EventRules.check(forged))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("not the id of publicKeyPem");
    KeyGranted wrongAlgorithm = Events.keyGrant(p256.getPublic(), List.of(Role.ADMIN)).build();
    wrongAlgorithm.setAlgorithm(KeyAlgorithm.ED25519);
    assertThatThrownBy(() -> EventRules.check(wrongAlgorithm))
        .hasMessageContaining("does not match the key");
  }

  @Test
  void revocationsNeedAWellFormedKeyId() {
    assertThat(Events.keyRevocation("ab".repeat(32)).reason("rotated").build().getReason())
        .isEqualTo("rotated");
    assertThatThrownBy(() -> Events.keyRevocation("AB".repeat(32)).build())
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("64 lowercase hex");
  }
}
