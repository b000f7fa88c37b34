package dev.lineage.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A candidate's scores judged against a baseline's on the same held-out examples, matched by id:
 * both AUCs, the fraction of examples whose decision ({@code score >= threshold}) differs, the
 * statistics of the score differences, and the verdict against the tolerances.
 *
 * @param examples examples matched by id (every example of either file)
 * @param threshold score at or above which an example is decided positive
 * @param tolerances what the figures are judged against
 * @param baselineAuc AUC of the baseline's scores
 * @param candidateAuc AUC of the candidate's scores
 * @param decisionsDiffering examples decided differently by the two
 * @param scoreDiffs statistics of the absolute score differences
 */
public record Comparison(
    long examples,
    double threshold,
    Tolerances tolerances,
    double baselineAuc,
    double candidateAuc,
    long decisionsDiffering,
    ScoreDiffs scoreDiffs) {

  /** A figure over its tolerance: which tolerance, the figure, and the tolerance. */
  public record Failure(String tolerance, double figure, double limit) {
    @Override
    public String toString() {
      return tolerance + ": " + figure + " > " + limit;
    }
  }

  /**
   * Compares two score files.
   *
   * @throws ScoreFileException if the files are not about the same examples (an id in one only, or
   *     labelled differently), or the examples are all of one class
   * @throws IllegalArgumentException if the threshold is not finite
   */
  public static Comparison of(
      ScoreFile baseline, ScoreFile candidate, double threshold, Tolerances tolerances) {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
    }
    int n = baseline.size();
    double[] base = new double[n];
    double[] cand = new double[n];
    boolean[] labels = new boolean[n];
    int missing = 0;
    int firstMissing = -1;
    for (int i = 0; i < n; i++) {
      OptionalInt j = candidate.rowOf(baseline.id(i));
      if (j.isEmpty()) {
        if (missing++ == 0) {
          firstMissing = i;
        }
        continue;
      }
      int row = j.getAsInt();
      if (baseline.label(i) != candidate.label(row)) {
        throw new ScoreFileException(
            candidate.name()
                + " line "
                + candidate.line(row)
                + ": id '"
                + ScoreFile.shown(baseline.id(i))
                + "' is labelled "
                + (candidate.label(row) ? 1 : 0)
                + ", but "
                + (baseline.label(i) ? 1 : 0)
                + " in "
                + baseline.name()
                + " line "
                + baseline.line(i)
                + ": the files must score the same held-out examples");
      }
      base[i] = baseline.score(i);
      cand[i] = candidate.score(row);
      labels[i] = baseline.label(i);
    }
    if (missing > 0) {
      throw new ScoreFileException(
          candidate.name()
              + ": "
              + missing
              + " id(s) of "
              + baseline.name()
              + " missing, the first '"
              + ScoreFile.shown(baseline.id(firstMissing))
              + "' ("
              + baseline.name()
              + " line "
              + baseline.line(firstMissing)
              + ")");
    }
    if (candidate.size() != n) {
      // every baseline id is in the candidate, so the candidate has ids the baseline lacks
      for (int row = 0; row < candidate.size(); row++) {
        if (baseline.rowOf(candidate.id(row)).isEmpty()) {
          throw new ScoreFileException(
              candidate.name()
                  + " line "
                  + candidate.line(row)
                  + ": id '"
                  + ScoreFile.shown(candidate.id(row))
                  + "' is not in "
                  + baseline.name()
                  + " ("
                  + (candidate.size() - n)
                  + " such id(s))");
        }
      }
    }
    double baselineAuc;
    double candidateAuc;
    try {
      baselineAuc = Auc.of(base, labels);
      candidateAuc = Auc.of(cand, labels);
    } catch (IllegalArgumentException e) {
      throw new ScoreFileException(baseline.name() + ": " + e.getMessage());
    }
    long differing = 0;
    double[] abs = new double[n];
    for (int i = 0; i < n; i++) {
      if (base[i] >= threshold != cand[i] >= threshold) {
        differing++;
      }
      abs[i] = Math.abs(cand[i] - base[i]);
    }
    return new Comparison(
        n, threshold, tolerances, baselineAuc, candidateAuc, differing, ScoreDiffs.of(abs));
  }

  /** Candidate AUC minus baseline AUC. */
  public double aucDifference() {
    return candidateAuc - baselineAuc;
  }

  /** Share of the examples decided differently. */
  public double decisionDiffFraction() {
    return (double) decisionsDiffering / examples;
  }

  /** The figures over their tolerances, in the order AUC, decisions, scores; empty if none. */
  public List<Failure> failures() {
    List<Failure> failures = new ArrayList<>();
    double aucDiff = Math.abs(aucDifference());
    if (!Tolerances.within(aucDiff, tolerances.auc())) {
      failures.add(new Failure("auc-tolerance", aucDiff, tolerances.auc()));
    }
    if (!Tolerances.within(decisionDiffFraction(), tolerances.maxDiffFraction())) {
      failures.add(
          new Failure("max-diff-fraction", decisionDiffFraction(), tolerances.maxDiffFraction()));
    }
    if (tolerances.score().isPresent()
        && !Tolerances.within(scoreDiffs.maxAbs(), tolerances.score().getAsDouble())) {
      failures.add(
          new Failure("score-tolerance", scoreDiffs.maxAbs(), tolerances.score().getAsDouble()));
    }
    return failures;
  }

  /** The verdict: every figure within its tolerance. */
  public boolean equivalent() {
    return failures().isEmpty();
  }
}
