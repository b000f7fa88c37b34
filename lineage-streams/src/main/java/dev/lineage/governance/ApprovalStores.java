package dev.lineage.governance;

/**
 * The approvals store: every accepted {@code DeploymentApproved}, under {@code <model
 * digest>\0<envelope digest>}, in the partition that owns the model digest (the record key of the
 * {@value #REPARTITION} repartition topic). All decisions on one model are one prefix scan on one
 * instance.
 */
public final class ApprovalStores {
  public static final String STORE = "approvals";

  /** The repartition topic (suffix) that moves each approval to its model digest's partition. */
  public static final String REPARTITION = "approvals-by-model";

  public static final char SEPARATOR = '\u0000';

  private ApprovalStores() {}

  public static String key(String modelDigest, String envelopeDigest) {
    return modelDigest + SEPARATOR + envelopeDigest;
  }

  public static String prefix(String modelDigest) {
    return modelDigest + SEPARATOR;
  }
}
