package dev.lineage.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {
  static final String HEX = DigestTest.HEX;
  static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void parsesEveryForm() {
    assertThat(NodeId.parse("sha256:" + HEX).kind()).isEqualTo(NodeId.Kind.ARTIFACT);
    assertThat(NodeId.parse("sha256:" + HEX).digest()).contains(Digest.parse("sha256:" + HEX));
    assertThat(NodeId.parse("source:transactions_q1").kind()).isEqualTo(NodeId.Kind.SOURCE);
    assertThat(NodeId.parse("run:training_j1829").name()).contains("training_j1829");
    assertThat(NodeId.parse("git:" + SHA1).kind()).isEqualTo(NodeId.Kind.GIT);
    assertThat(NodeId.parse("git:" + HEX).value()).isEqualTo(HEX);
    NodeId oci = NodeId.parse("oci:ghcr.io/acme/fraud-trainer@sha256:" + HEX);
    assertThat(oci.kind()).isEqualTo(NodeId.Kind.OCI);
    assertThat(oci.name()).contains("ghcr.io/acme/fraud-trainer");
    assertThat(oci.digest()).isPresent();
    assertThat(NodeId.parse("oci:localhost:5000/a/b__c@sha256:" + HEX).name())
        .contains("localhost:5000/a/b__c");
  }

  @Test
  void nameIsAReferenceWithAnOptionalVersion() {
    NodeId latest = NodeId.parse("name:features_v47");
    assertThat(latest.isReference()).isTrue();
    assertThat(latest.version()).isEmpty();
    NodeId v = NodeId.parse("name:fraud/model_m92@3.1");
    assertThat(v.isReference()).isTrue();
    assertThat(v.name()).contains("fraud/model_m92");
    assertThat(v.version()).contains("3.1");
    assertThat(NodeId.parse("source:x").isReference()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source:transactions_q1",
        "run:a/b-c.d_e",
        "git:" + SHA1,
        "oci:python@sha256:" + HEX,
        "name:m@1",
        "sha256:" + HEX
      })
  void roundTripsThroughText(String text) {
    NodeId id = NodeId.parse(text);
    assertThat(id.toString()).isEqualTo(text);
    assertThat(NodeId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void refusesUnknownPrefixesNamingTheAcceptedForms() {
    assertThatThrownBy(() -> NodeId.parse("model:m92"))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("source:<name>")
        .hasMessageContaining("oci:<repository>@sha256");
    assertThatThrownBy(() -> NodeId.parse("")).isInstanceOf(InvalidIdException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source:",
        "source:has space",
        "source:nul\u0000byte",
        "source:new\nline",
        "source:/absolute",
        "source:a//b",
        "source:trailing/",
        "source:.hidden",
        "source:ünïcode",
        "run:-starts-with-dash",
        "name:m@",
        "name:m@1@2",
        "name:m@a/b"
      })
  void refusesUnsafeNames(String text) {
    assertThatThrownBy(() -> NodeId.parse(text)).isInstanceOf(InvalidIdException.class);
  }

  @Test
  void refusesOverlongNames() {
    assertThatThrownBy(() -> NodeId.source("a".repeat(NodeId.MAX_NAME_LENGTH + 1)))
        .hasMessageContaining("at most");
    assertThat(NodeId.source("a".repeat(NodeId.MAX_NAME_LENGTH)).value()).hasSize(200);
  }

  @Test
  void refusesAbbreviatedOrUppercaseCommits() {
    assertThatThrownBy(() -> NodeId.parse("git:abc1234"))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("abbreviated");
    assertThatThrownBy(() -> NodeId.parse("git:" + SHA1.toUpperCase()))
        .hasMessageContaining("uppercase");
    assertThatThrownBy(() -> NodeId.parse("git:main")).hasMessageContaining("not a commit");
  }

  @Test
  void refusesImagesWithoutDigestOrWithUppercaseRepository() {
    assertThatThrownBy(() -> NodeId.parse("oci:python:3.11"))
        .isInstanceOf(MutableReferenceException.class);
    assertThatThrownBy(() -> NodeId.parse("oci:Acme/Trainer@sha256:" + HEX))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("OCI name grammar");
    assertThatThrownBy(() -> NodeId.parse("oci:acme/trainer@sha256:" + HEX.toUpperCase()))
        .isInstanceOf(InvalidIdException.class);
    assertThatThrownBy(() -> NodeId.parse("oci:a--/b@sha256:" + HEX))
        .isInstanceOf(InvalidIdException.class);
  }

  @Test
  void imageReferencesAsPeopleWriteThem() {
    assertThat(ImageReference.parse("python:3.11@sha256:" + HEX))
        .hasToString("oci:python@sha256:" + HEX);
    assertThat(ImageReference.parse("ghcr.io/acme/trainer@sha256:" + HEX).name())
        .contains("ghcr.io/acme/trainer");
    assertThat(ImageReference.parse("localhost:5000/t:v1@sha256:" + HEX).name())
        .contains("localhost:5000/t");
    assertThat(ImageReference.parse("oci:python@sha256:" + HEX).kind()).isEqualTo(NodeId.Kind.OCI);
  }

  @ParameterizedTest
  @ValueSource(strings = {"python:3.11", "repo:latest", "ghcr.io/acme/trainer", "localhost:5000/t"})
  void mutableImageReferencesAreRefusedWithAnExplanation(String ref) {
    assertThatThrownBy(() -> ImageReference.parse(ref))
        .isInstanceOf(MutableReferenceException.class)
        .hasMessageContaining("tag is mutable")
        .hasMessageContaining("reproduced or audited")
        .hasMessageContaining("docker inspect --format '{{index .RepoDigests 0}}'");
  }
}
