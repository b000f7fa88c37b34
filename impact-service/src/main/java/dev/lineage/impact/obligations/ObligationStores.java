package dev.lineage.impact.obligations;

/** The names of the obligation loop's stores and internal topic; changing one orphans its data. */
public final class ObligationStores {
  /** Request id → {@link ObligationState}. */
  public static final String STATE = "impact-obligations";

  /** Obligation events refused {@code unknown-key}, waiting for their signer's grant. */
  public static final String PARKED = "impact-obligations-parked";

  /** Every input of the fold, keyed by the signed request id. */
  public static final String BY_REQUEST_REPARTITION = "impact-obligations-by-request";

  private ObligationStores() {}
}
