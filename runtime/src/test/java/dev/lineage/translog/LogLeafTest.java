package dev.lineage.translog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogLeafTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void encodesOneAsciiLineThatParsesBackToTheSameLeaf() {
    LogLeaf leaf = new LogLeaf(DIGEST, 1767225600123L, "artifacts");
    byte[] bytes = leaf.encode();
    assertThat(new String(bytes, StandardCharsets.US_ASCII))
        .isEqualTo(DIGEST + " 1767225600123 artifacts\n");
    assertThat(LogLeaf.parse(bytes)).isEqualTo(leaf);
  }

  @Test
  void namesTheSourceWithoutTheDeploymentsPrefixSoAnyPrefixBuildsTheSameTree() {
    assertThat(LogLeaf.of(DIGEST, 5, "staging.lineage.runs", "staging.lineage."))
        .isEqualTo(LogLeaf.of(DIGEST, 5, "lineage.runs", "lineage."))
        .isEqualTo(new LogLeaf(DIGEST, 5, "runs"));
    assertThat(LogLeaf.of(DIGEST, 5, "approvals", "").source()).isEqualTo("approvals");
  }

  @Test
  void refusesEverySecondSpellingOfALeaf() {
    for (String other :
        new String[] {
          DIGEST + " 0017 runs\n", // leading zeros
          DIGEST + "  17 runs\n", // two spaces
          DIGEST + " 17 runs", // no newline
          DIGEST + " 17 runs\n\n", // two
          DIGEST.toUpperCase().replace("SHA256", "sha256") + " 17 runs\n", // uppercase hex
          DIGEST + " 17 Runs\n", // uppercase source
          DIGEST + " -17 runs\n",
          DIGEST + " 17 runs\r\n",
          DIGEST + " 99999999999999999999 runs\n",
          "sha256:" + "ab".repeat(31) + " 17 runs\n"
        }) {
      assertThatThrownBy(() -> LogLeaf.parse(other.getBytes(StandardCharsets.UTF_8)))
          .as(other)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void refusesLeavesItCouldNotWriteBack() {
    assertThatThrownBy(() -> new LogLeaf("sha256:00", 1, "runs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lowercase hex");
    assertThatThrownBy(() -> new LogLeaf(DIGEST, -1, "runs"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LogLeaf(DIGEST, 1, "lineage.runs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lineage.runs");
  }
}
