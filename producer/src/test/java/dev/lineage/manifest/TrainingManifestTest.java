package dev.lineage.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.cas.ContentStore;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.signing.VerificationResult;
import dev.lineage.signing.Verifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingManifestTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String IMAGE_HEX = "a".repeat(64);
  static final HardwareFingerprint HW =
      new HardwareFingerprint("amd64", "Intel(R) Xeon(R) Processor", 2, null, 0);

  @TempDir Path tmp;

  static Digest d(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
  }

  static TrainingManifest.Builder complete() {
    return TrainingManifest.builder()
        .subject("model_m92", d("model"))
        .dataset("features_v47", d("features"))
        .dataset("labels_q1", d("labels"))
        .featureSchema(new ArtifactRef("features.avsc", d("schema")))
        .codeCommit(COMMIT)
        .lockfile(new ArtifactRef("poetry.lock", d("lock")))
        .containerImage("ghcr.io/acme/trainer:2.3@sha256:" + IMAGE_HEX)
        .seed("global", 42)
        .seed("torch", -7)
        .library("torch", "2.3.1")
        .library("numpy", "1.26.4")
        .hardware(HW)
        .privacy(new PrivacyParameters("gaussian", new BigDecimal("1.50"), new BigDecimal("1e-5")))
        .createdAt(Instant.parse("2025-11-27T15:00:00.123Z"));
  }

  @Test
  void serializesAsAnInTotoStatementV1() throws Exception {
    JsonNode json = new ObjectMapper().readTree(complete().build().toJson());
    assertThat(json.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
    assertThat(json.get("predicateType").asText()).isEqualTo(TrainingManifest.PREDICATE_TYPE);
    assertThat(json.get("subject").get(0).get("name").asText()).isEqualTo("model_m92");
    assertThat(json.get("subject").get(0).get("digest").get("sha256").asText())
        .isEqualTo(d("model").hex());
    JsonNode p = json.get("predicate");
    assertThat(p.get("codeCommit").asText()).isEqualTo("git:" + COMMIT);
    assertThat(p.get("containerImage").asText())
        .isEqualTo("oci:ghcr.io/acme/trainer@sha256:" + IMAGE_HEX);
    assertThat(p.get("seeds").get("torch").asLong()).isEqualTo(-7);
    assertThat(p.get("hardware").get("cpuCores").asInt()).isEqualTo(2);
    assertThat(p.get("hardware").has("gpuType")).isFalse();
    assertThat(p.get("createdAt").asText()).isEqualTo("2025-11-27T15:00:00Z");
  }

  @Test
  void serializationIsCanonical() {
    byte[] a = complete().build().toJson();
    // the same facts given in another order
    byte[] b =
        TrainingManifest.builder()
            .createdAt(Instant.parse("2025-11-27T15:00:00Z"))
            .privacy(
                new PrivacyParameters("gaussian", new BigDecimal("1.5"), new BigDecimal("0.00001")))
            .hardware(HW)
            .library("numpy", "1.26.4")
            .library("torch", "2.3.1")
            .seed("torch", -7)
            .seed("global", 42)
            .containerImage("oci:ghcr.io/acme/trainer@sha256:" + IMAGE_HEX)
            .lockfile(new ArtifactRef("poetry.lock", d("lock")))
            .codeCommit("git:" + COMMIT)
            .featureSchema(new ArtifactRef("features.avsc", d("schema")))
            .dataset("labels_q1", d("labels"))
            .dataset("features_v47", d("features"))
            .subject("model_m92", d("model"))
            .build()
            .toJson();
    assertThat(new String(b, StandardCharsets.UTF_8))
        .isEqualTo(new String(a, StandardCharsets.UTF_8));
    String text = new String(a, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\": ").doesNotContain(", \"").doesNotContain("\n");
    assertThat(text)
        .startsWith("{\"_type\":")
        .contains("\"epsilon\":1.5")
        .contains("\"delta\":0.00001");
    assertThat(text.indexOf("\"codeCommit\"")).isLessThan(text.indexOf("\"containerImage\""));
  }

  @Test
  void roundTripsThroughJson() {
    TrainingManifest m = complete().build();
    TrainingManifest back = TrainingManifest.fromJson(m.toJson());
    assertThat(back.toJson()).isEqualTo(m.toJson());
    assertThat(back.privacy()).contains(m.privacy().orElseThrow());
    assertThat(back.hardware()).isEqualTo(HW);
    assertThat(back.datasets())
        .extracting(ArtifactRef::name)
        .containsExactly("features_v47", "labels_q1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"python:3.11", "repo:latest", "ghcr.io/acme/trainer", "ubuntu"})
  void mutableImageTagIsRefusedWithAnExplanation(String ref) {
    assertThatThrownBy(() -> complete().containerImage(ref))
        .isInstanceOf(MutableReferenceException.class)
        .hasMessageContaining("tag is mutable")
        .hasMessageContaining("could not be reproduced or audited")
        .hasMessageContaining("docker inspect --format '{{index .RepoDigests 0}}'");
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    assertThatThrownBy(() -> TrainingManifest.builder().hardware(HW).build())
        .isInstanceOf(ManifestFormatException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(() -> TrainingManifest.builder().subject("m", d("m")).hardware(HW).build())
        .hasMessageContaining("dataset");
    assertThatThrownBy(() -> complete().codeCommit("abc1234")).hasMessageContaining("abbreviated");
    assertThatThrownBy(() -> complete().seed("has space", 1)).hasMessageContaining("seed name");
    assertThatThrownBy(() -> complete().dataset("features_v47", d("features")).build())
        .hasMessageContaining("listed twice");
  }

  @Test
  void privacyParametersAreChecked() {
    assertThatThrownBy(() -> new PrivacyParameters(null, BigDecimal.ZERO, BigDecimal.ZERO))
        .hasMessageContaining("epsilon");
    assertThatThrownBy(() -> new PrivacyParameters(null, BigDecimal.ONE, BigDecimal.ONE))
        .hasMessageContaining("delta");
    TrainingManifest noMechanism =
        complete()
            .privacy(new PrivacyParameters(null, new BigDecimal("8"), BigDecimal.ZERO))
            .build();
    TrainingManifest back = TrainingManifest.fromJson(noMechanism.toJson());
    assertThat(back.privacy().orElseThrow().mechanismName()).isEmpty();
    assertThat(back.privacy().orElseThrow().epsilon()).isEqualTo(new BigDecimal("8"));
    assertThat(complete().privacy(null).build().privacy()).isEmpty();
  }

  @Test
  void aManifestWithoutExclusionsKeepsTheBytesItHadBeforeTheFieldExisted() {
    TrainingManifest plain = complete().build();
    String plainJson = new String(plain.toJson(), StandardCharsets.UTF_8);
    Digest requestA = d("record set of request A");
    Digest requestB = d("record set of request B");
    TrainingManifest excluding =
        complete().excludedRecordSet(requestB).excludedRecordSet(requestA).build();
    String excludingJson = new String(excluding.toJson(), StandardCharsets.UTF_8);

    // no empty array: a manifest signed before the field existed re-serializes to its own bytes
    assertThat(plainJson).doesNotContain("excludedRecordSets");
    assertThat(TrainingManifest.fromJson(plain.toJson()).toJson()).isEqualTo(plain.toJson());
    assertThat(TrainingManifest.fromJson(plain.toJson()).excludedRecordSets()).isEmpty();
    // the field's only effect is its own entry, digests sorted, at its place in key order
    Digest first = requestA.toString().compareTo(requestB.toString()) < 0 ? requestA : requestB;
    Digest second = first.equals(requestA) ? requestB : requestA;
    String entry = "\"excludedRecordSets\":[\"" + first + "\",\"" + second + "\"],";
    assertThat(excludingJson).contains("\"datasets\":[").contains(entry + "\"featureSchema\"");
    assertThat(excludingJson.replace(entry, "")).isEqualTo(plainJson);
  }

  @Test
  void excludedRecordSetsRoundTripAndAreChecked() {
    Digest records = d("salted record list");
    TrainingManifest m = complete().excludedRecordSet(records).build();

    TrainingManifest back = TrainingManifest.fromJson(m.toJson());

    assertThat(back.excludedRecordSets()).containsExactly(records);
    assertThat(back.excludes(records)).isTrue();
    assertThat(back.excludes(d("another list"))).isFalse();
    assertThatThrownBy(
            () -> complete().excludedRecordSet(records).excludedRecordSet(records).build())
        .isInstanceOf(ManifestFormatException.class)
        .hasMessageContaining("listed twice");
    String json = new String(m.toJson(), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                TrainingManifest.fromJson(
                    json.replace(records.toString(), "sha256:ABC")
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ManifestFormatException.class)
        .hasMessageContaining("excludedRecordSets[0]");
  }

  @Test
  void malformedJsonIsRefused() {
    assertThatThrownBy(() -> TrainingManifest.fromJson("{".getBytes()))
        .isInstanceOf(ManifestFormatException.class);
    String good = new String(complete().build().toJson(), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                TrainingManifest.fromJson(good.replace("Statement/v1", "Statement/v0").getBytes()))
        .hasMessageContaining("_type");
    assertThatThrownBy(
            () ->
                TrainingManifest.fromJson(
                    good.replace("@sha256:" + IMAGE_HEX, "").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ManifestFormatException.class)
        .hasMessageContaining("tag is mutable");
  }

  @Test
  void hardwareFingerprintIsCapturedWithoutFailing() {
    HardwareFingerprint hw = HardwareFingerprint.capture();
    assertThat(hw.arch()).isEqualTo(System.getProperty("os.arch"));
    assertThat(hw.cpuCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(hw.gpuCount()).isGreaterThanOrEqualTo(0);
    assertThat(hw.gpuTypeName().isPresent()).isEqualTo(hw.gpuCount() > 0);
  }

  @Test
  void hardwareParsing() {
    assertThat(HardwareFingerprint.cpuModelFrom("processor\t: 0\nmodel name\t: AMD EPYC 7B13\n"))
        .contains("AMD EPYC 7B13");
    assertThat(HardwareFingerprint.cpuModelFrom("processor : 0\nCPU part : 0xd0c\n")).isEmpty();
    List<String> gpus =
        HardwareFingerprint.gpusFrom("NVIDIA A100-SXM4-80GB\nNVIDIA A100-SXM4-80GB\n\n");
    assertThat(gpus).hasSize(2);
    assertThat(HardwareFingerprint.gpuTypeOf(gpus)).isEqualTo("NVIDIA A100-SXM4-80GB");
    assertThat(HardwareFingerprint.gpuTypeOf(List.of())).isNull();
  }

  @Test
  void signStoreParseAndVerify() throws Exception {
    KeyPair kp = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    Signer signer = new Signer(kp);
    TrainingManifest m = complete().build();
    DsseEnvelope env = SignedManifests.sign(m, signer);
    assertThat(env.payloadType()).isEqualTo("application/vnd.in-toto+json");
    ContentStore store = new ContentStore(tmp.resolve("cas"));
    Digest stored = SignedManifests.store(env, store);
    assertThat(stored).isEqualTo(SignedManifests.digestOf(env));
    // deterministic signatures: signing again gives the same artifact of record
    assertThat(SignedManifests.digestOf(SignedManifests.sign(m, signer))).isEqualTo(stored);

    DsseEnvelope back = DsseEnvelope.fromJson(store.readBytes(stored));
    SignedManifests.VerifiedManifest v =
        SignedManifests.verify(back, new Verifier(List.of(kp.getPublic())));
    assertThat(v.manifest().toJson()).isEqualTo(m.toJson());
    assertThat(v.result().verifiedKeyIds()).containsExactly(signer.keyId());

    KeyPair other = KeyPairs.generate(Algorithm.ED25519);
    assertThatThrownBy(() -> SignedManifests.verify(back, new Verifier(List.of(other.getPublic()))))
        .isInstanceOf(ManifestVerificationException.class)
        .satisfies(
            e ->
                assertThat(((ManifestVerificationException) e).result().orElseThrow().failure())
                    .contains(VerificationResult.Failure.NO_TRUSTED_KEY));
    DsseEnvelope wrongType =
        new DsseEnvelope("application/json", back.payload(), back.signatures());
    assertThatThrownBy(
            () -> SignedManifests.verify(wrongType, new Verifier(List.of(kp.getPublic()))))
        .hasMessageContaining("payload type");
  }
}
