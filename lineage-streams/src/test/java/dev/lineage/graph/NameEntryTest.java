package dev.lineage.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NameEntryTest {
  static final String OWNER = "a".repeat(64);
  static final String RIVAL = "b".repeat(64);
  static final String M1 = "sha256:" + "1".repeat(64);
  static final String M2 = "sha256:" + "2".repeat(64);

  @Test
  void aNameResolvesToItsLatestAppendedEntryOrThatVersions() {
    List<NameEntry> entries =
        List.of(
            new NameEntry(M1, "1", 100, "sha256:e1", OWNER),
            new NameEntry(M2, "2", 200, "sha256:e2", OWNER));
    List<String> contested = new ArrayList<>();

    assertThat(NameEntry.resolve(entries, Optional.empty(), contested)).contains(M2);
    assertThat(NameEntry.resolve(entries, Optional.of("1"), contested)).contains(M1);
    assertThat(NameEntry.resolve(entries, Optional.of("3"), contested)).isEmpty();
    assertThat(contested).isEmpty();
  }

  @Test
  void aNameHeldByTwoKeysResolvesToNothingAndListsItsCandidates() {
    List<NameEntry> entries =
        List.of(
            new NameEntry(M1, "1", 100, "sha256:e1", OWNER),
            // the latest, dated by a rival key: it must not win
            new NameEntry(M2, "2", 200, "sha256:e2", RIVAL));
    List<String> contested = new ArrayList<>();

    assertThat(NameEntry.resolve(entries, Optional.of("1"), contested)).isEmpty();
    assertThat(contested).containsExactly(M1 + " by key " + OWNER, M2 + " by key " + RIVAL);
  }
}
