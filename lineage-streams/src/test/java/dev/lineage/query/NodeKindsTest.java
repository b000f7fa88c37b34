package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.api.NodeKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NodeKindsTest {
  @Test
  void kindsAreReadInAnyCaseAndAnUnknownOneIsNamedWithTheKnownOnes() {
    assertThat(NodeKinds.parse(List.of("model, Dataset", "", "RUN,")))
        .containsExactly("MODEL", "DATASET", "RUN");
    assertThatThrownBy(() -> NodeKinds.parse(List.of("MODEL,BANANA")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown kind 'BANANA'; kinds are " + String.join(", ", NodeKinds.ALL));
  }

  @Test
  void everyKindANodeCanHaveIsOneAFilterTakes() {
    for (String id :
        List.of(
            "run:x",
            "source:x",
            "git:abc",
            "oci:r@sha256:" + "a".repeat(64),
            "sha256:" + "a".repeat(64))) {
      assertThat(NodeKinds.ALL).contains(NodeKinds.fromId(id));
    }
  }

  @Test
  void theReadmeListsExactlyTheKindsAFilterTakes() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher line =
        Pattern.compile("`kinds` is a comma-separated list \\(or repeated\\) of ([^;]*);")
            .matcher(readme);
    assertThat(line.find()).as("lineage-streams/README.md documents the kinds").isTrue();
    Set<String> documented = new TreeSet<>();
    Matcher kind = Pattern.compile("`([A-Z_]+)`").matcher(line.group(1));
    while (kind.find()) {
      documented.add(kind.group(1));
    }
    assertThat(documented).isEqualTo(NodeKinds.ALL);
  }
}
