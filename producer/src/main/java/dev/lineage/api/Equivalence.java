package dev.lineage.api;

/**
 * One {@code equivalent-to} relation of a run, as one attestation states it: the other run, this
 * run's role in it, and the measured differences. {@code signedAt} is ISO-8601 UTC.
 */
public record Equivalence(
    String run,
    String role,
    String attestation,
    double aucDifference,
    double decisionDiffFraction,
    String signer,
    String signedAt) {}
