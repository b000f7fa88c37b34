package dev.lineage.graph;

/**
 * One side of an {@code equivalent-to} relation between two runs, as an accepted {@code
 * EquivalenceAttested} states it. Stored under each of the two runs, naming the other. Kept apart
 * from the edges: an equivalence says two runs behave alike, not that one was derived from the
 * other, so lineage closures never cross it.
 *
 * @param run the other run
 * @param role whether the other run is the {@code baseline} or the {@code candidate} (the rerun)
 * @param attestation the envelope digest of the attestation
 * @param aucDifference |candidate AUC - baseline AUC|
 * @param decisionDiffFraction the fraction of held-out examples whose decision differs
 * @param signer the id of the key that signed the attestation
 * @param signedAt its signed time (epoch millis)
 */
public record EquivalenceRecord(
    String run,
    String role,
    String attestation,
    double aucDifference,
    double decisionDiffFraction,
    String signer,
    long signedAt) {
  public static final String BASELINE = "baseline";
  public static final String CANDIDATE = "candidate";
}
