package dev.lineage.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes given to {@code lineage compare} as a score file are read, or refused with a {@link
 * ScoreFileException} whose message names the file: never another exception.
 */
class ScoreFileFuzzTest {
  @FuzzTest(maxDuration = "15s")
  void anyBytesAreAScoreFileOrRefusedByName(byte[] bytes) {
    try {
      ScoreFile.parse("scores.csv", bytes);
    } catch (ScoreFileException e) {
      assertThat(e.getMessage()).contains("scores.csv");
    }
  }
}
