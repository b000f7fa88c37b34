package dev.lineage.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The build gate over the real contracts: fails {@code mvn verify} on an incompatible or unreleased
 * schema change, and on a released folder that does not match the contracts.
 */
class ReleasedContractsTest {
  // surefire runs in the module's folder
  private static final Path RELEASED = Path.of("src/main/resources", SchemaCatalog.RELEASED_ROOT);
  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

  @Test
  void everyContractIsCompatibleWithEveryReleasedVersionAndReleased() {
    List<String> problems = new ArrayList<>();
    for (Schema current : SchemaCatalog.current()) {
      problems.addAll(
          CompatibilityGate.problems(
              current.getName(), current, SchemaCatalog.released(current.getName())));
    }

    assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
  }

  @Test
  void releasedFolderHoldsExactlyTheContractsNumberedWithoutGaps() throws IOException {
    Set<String> contracts = new TreeSet<>();
    SchemaCatalog.current().forEach(s -> contracts.add(s.getName()));
    Set<String> folders = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(RELEASED)) {
      dirs.forEach(d -> folders.add(d.getFileName().toString()));
    }
    assertThat(folders).isEqualTo(contracts);

    for (String name : contracts) {
      Set<Integer> versions = new TreeSet<>();
      try (Stream<Path> files = Files.list(RELEASED.resolve(name))) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
          assertThat(m.matches()).as("unexpected file " + file).isTrue();
          versions.add(Integer.parseInt(m.group(1)));
        }
      }
      // the loader stops at the first missing number, so a gap would hide later versions
      assertThat(SchemaCatalog.released(name)).as(name).hasSize(versions.size());
      assertThat(versions)
          .as(name + " versions")
          .containsExactlyElementsOf(IntStream.rangeClosed(1, versions.size()).boxed().toList());
    }
  }

  @Test
  void everyReleasedVersionDefinesItsContractsRecord() {
    for (Schema current : SchemaCatalog.current()) {
      assertThat(SchemaCatalog.released(current.getName()))
          .allSatisfy(r -> assertThat(r.getFullName()).isEqualTo(current.getFullName()));
    }
  }

  @Test
  void artifactRegisteredWasReleasedTwiceAndVersionTwoAddedTwoOptionalFields() {
    List<Schema> versions = SchemaCatalog.released("ArtifactRegistered");

    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).getField("recordCount")).isNull();
    assertThat(versions.get(0).getField("mediaType")).isNull();
    assertThat(versions.get(1).getField("recordCount")).isNotNull();
    assertThat(versions.get(1).getField("mediaType")).isNotNull();
  }
}
