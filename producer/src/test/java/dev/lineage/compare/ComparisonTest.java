package dev.lineage.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  static ScoreFile file(String name, String text) {
    return ScoreFile.parse(name, text.getBytes(StandardCharsets.UTF_8));
  }

  static Comparison compare(String a, String b, double threshold, Tolerances t) {
    return Comparison.of(file("a.csv", a), file("b.csv", b), threshold, t);
  }

  @Test
  void matchesRowsByIdAndComputesEveryFigure() {
    String a = "p1,1,0.9\np2,1,0.6\nn1,0,0.4\nn2,0,0.5\n";
    // other order; p2 drops below the threshold (decision differs), n2 rises to p2's old score
    String b = "n2,0,0.75\nn1,0,0.4\np2,1,0.45\np1,1,0.9\n";
    Comparison c = compare(a, b, 0.5, Tolerances.defaults());

    assertThat(c.examples()).isEqualTo(4);
    assertThat(c.baselineAuc()).isEqualTo(1.0);
    // candidate pairs: (0.9 > 0.4, 0.9 > 0.75, 0.45 > 0.4, 0.45 < 0.75) = 3 of 4
    assertThat(c.candidateAuc()).isEqualTo(0.75);
    assertThat(c.aucDifference()).isEqualTo(-0.25);
    // n2: 0.5 >= 0.5 and 0.75 >= 0.5 agree; p2: 0.6 vs 0.45 differ
    assertThat(c.decisionsDiffering()).isEqualTo(1);
    assertThat(c.decisionDiffFraction()).isEqualTo(0.25);
    assertThat(c.scoreDiffs().maxAbs()).isCloseTo(0.25, offset(1e-15));
    assertThat(c.scoreDiffs().p50Abs()).isEqualTo(0.0);
    assertThat(c.equivalent()).isFalse();
    assertThat(c.failures())
        .extracting(Comparison.Failure::tolerance)
        .containsExactly("auc-tolerance", "max-diff-fraction");
    assertThat(c.failures().get(0).figure()).isEqualTo(0.25);
    assertThat(c.failures().get(0).limit()).isEqualTo(0.01);
  }

  @Test
  void identicalFilesAreEquivalentWithZeroDifferences() {
    String a = "id,label,score\np1,1,0.9\nn1,0,0.1\nn2,0,0.9\n";
    Comparison c = compare(a, a, 0.5, Tolerances.defaults());
    assertThat(c.equivalent()).isTrue();
    assertThat(c.failures()).isEmpty();
    assertThat(c.baselineAuc()).isEqualTo(0.75);
    assertThat(c.scoreDiffs()).isEqualTo(new ScoreDiffs(0, 0, 0, 0));
  }

  @Test
  void theScoreToleranceIsCheckedOnlyWhenGiven() {
    String a = "p1,1,0.9\nn1,0,0.1\n";
    String b = "p1,1,0.8\nn1,0,0.1\n";
    assertThat(compare(a, b, 0.5, Tolerances.defaults()).equivalent()).isTrue();
    Comparison strict = compare(a, b, 0.5, new Tolerances(0.01, 0.005, OptionalDouble.of(0.05)));
    assertThat(strict.failures())
        .extracting(Comparison.Failure::tolerance)
        .containsExactly("score-tolerance");
    assertThat(compare(a, b, 0.5, new Tolerances(0.01, 0.005, OptionalDouble.of(0.1))).equivalent())
        .isTrue();
  }

  @Test
  void aFigureEqualToItsToleranceUpToRoundingPasses() {
    assertThat(0.76 - 0.75).isGreaterThan(0.01);
    assertThat(Tolerances.within(0.76 - 0.75, 0.01)).isTrue();
    assertThat(Tolerances.within(0.0101, 0.01)).isFalse();
  }

  @Test
  void filesAboutDifferentExamplesAreRefused() {
    String a = "x1,1,0.9\nx2,0,0.1\nx3,0,0.3\n";
    assertThatThrownBy(() -> compare(a, "x1,1,0.9\nx2,0,0.1\n", 0.5, Tolerances.defaults()))
        .isInstanceOf(ScoreFileException.class)
        .hasMessage("b.csv: 1 id(s) of a.csv missing, the first 'x3' (a.csv line 3)");
    assertThatThrownBy(
            () ->
                compare(a, "x1,1,0.9\nx2,0,0.1\nx3,0,0.3\nx4,1,0.5\n", 0.5, Tolerances.defaults()))
        .isInstanceOf(ScoreFileException.class)
        .hasMessage("b.csv line 4: id 'x4' is not in a.csv (1 such id(s))");
    assertThatThrownBy(
            () -> compare(a, "x1,1,0.9\nx2,1,0.1\nx3,0,0.3\n", 0.5, Tolerances.defaults()))
        .isInstanceOf(ScoreFileException.class)
        .hasMessageContainingAll("b.csv line 2", "'x2' is labelled 1", "0 in a.csv line 2");
  }

  @Test
  void oneClassOnlyIsRefused() {
    String a = "x1,1,0.9\nx2,1,0.1\n";
    assertThatThrownBy(() -> compare(a, a, 0.5, Tolerances.defaults()))
        .isInstanceOf(ScoreFileException.class)
        .hasMessageContainingAll("a.csv", "both classes");
  }

  @Test
  void tolerancesMustBeSensible() {
    assertThatThrownBy(() -> new Tolerances(-0.1, 0.005, OptionalDouble.empty()))
        .hasMessageContaining("AUC tolerance");
    assertThatThrownBy(() -> new Tolerances(0.01, 1.5, OptionalDouble.empty()))
        .hasMessageContaining("at most 1");
    assertThatThrownBy(() -> new Tolerances(0.01, 0.005, OptionalDouble.of(Double.NaN)))
        .hasMessageContaining("score tolerance");
    assertThatThrownBy(
            () -> compare("p,1,1\nn,0,0\n", "p,1,1\nn,0,0\n", Double.NaN, Tolerances.defaults()))
        .hasMessageContaining("threshold");
  }

  /** The acceptance test. */
  @Test
  void aNoisyRerunIsAcceptedAndADifferentModelRefused() {
    SyntheticScores data = new SyntheticScores(SyntheticScores.EXAMPLES, 42);
    double[] baseline = data.model(1, 2.0);
    ScoreFile base = ScoreFile.parse("baseline.csv", data.csv(baseline, 0));

    ScoreFile rerun =
        ScoreFile.parse("rerun.csv", data.csv(SyntheticScores.rerun(baseline, 1e-4, 9), 5));
    Comparison same = Comparison.of(base, rerun, 0.5, Tolerances.defaults());
    assertThat(same.examples()).isEqualTo(SyntheticScores.EXAMPLES);
    assertThat(same.equivalent()).as("%s", same).isTrue();
    assertThat(Math.abs(same.aucDifference())).isLessThan(1e-3);
    assertThat(same.scoreDiffs().meanAbs()).isBetween(5e-5, 1.2e-4); // E|N(0, s)| = 0.8 s

    // the same recipe trained with another seed: similar AUC, but many decisions change
    ScoreFile otherSeed = ScoreFile.parse("seed2.csv", data.csv(data.model(2, 2.0), 0));
    Comparison seed = Comparison.of(base, otherSeed, 0.5, Tolerances.defaults());
    assertThat(seed.equivalent()).isFalse();
    assertThat(seed.failures())
        .extracting(Comparison.Failure::tolerance)
        .contains("max-diff-fraction");

    // another function of the feature: the AUC moves too
    ScoreFile weaker = ScoreFile.parse("weak.csv", data.csv(data.model(1, 0.5), 0));
    Comparison other = Comparison.of(base, weaker, 0.5, Tolerances.defaults());
    assertThat(other.failures())
        .extracting(Comparison.Failure::tolerance)
        .contains("auc-tolerance", "max-diff-fraction");
  }
}
