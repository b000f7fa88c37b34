package dev.lineage.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written grammar checks of {@link NodeId} accept exactly what the regexes they replace
 * accept.
 */
class NodeIdGrammarTest {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern PATH_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*");
  private static final Pattern GIT_COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private static final String ALPHABET = "aZ09._-/fF:@é ";

  @Test
  void pathNamesSegmentsAndCommitsMatchTheRegexesOnRandomStrings() {
    Random random = new Random(19);
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      String s = random(random, random.nextInt(8));
      assertThat(NodeId.isPathName(s))
          .as("path name '%s'", s)
          .isEqualTo(PATH_NAME.matcher(s).matches());
      assertThat(NodeId.isSegment(s)).as("segment '%s'", s).isEqualTo(SEGMENT.matcher(s).matches());
      accepted += NodeId.isPathName(s) ? 1 : 0;
    }
    assertThat(accepted).as("the random strings include accepted names").isGreaterThan(1_000);
  }

  @Test
  void edgeCases() {
    for (String s :
        new String[] {
          "", "/", "a/", "/a", "a//b", "a/b", "a/.b", "a/b.", "-a", "a-", "a b", "é", "A.b_c-d/E9"
        }) {
      assertThat(NodeId.isPathName(s))
          .as("path name '%s'", s)
          .isEqualTo(PATH_NAME.matcher(s).matches());
      assertThat(NodeId.isSegment(s)).as("segment '%s'", s).isEqualTo(SEGMENT.matcher(s).matches());
    }
  }

  @Test
  void gitCommitsMatchTheRegex() {
    Random random = new Random(7);
    String hex = "0123456789abcdefA g";
    for (int i = 0; i < 50_000; i++) {
      int length = new int[] {39, 40, 41, 63, 64, 65, 0}[random.nextInt(7)];
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < length; j++) {
        b.append(
            random.nextInt(40) == 0
                ? hex.charAt(16 + random.nextInt(3))
                : hex.charAt(random.nextInt(16)));
      }
      String s = b.toString();
      assertThat(NodeId.isGitCommit(s))
          .as("commit '%s'", s)
          .isEqualTo(GIT_COMMIT.matcher(s).matches());
    }
    assertThat(NodeId.isGitCommit("a".repeat(40))).isTrue();
    assertThat(NodeId.isGitCommit("A".repeat(40))).isFalse();
  }

  private static String random(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
