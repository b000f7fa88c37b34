package dev.lineage.ownership;

/** The stores and repartition topics of the ownership checks. */
public final class OwnershipStores {
  /** name → {@link Claim}: the key whose registration under the name was appended first. */
  public static final String NAME_CLAIMS = "name-claims";

  /**
   * {@code <name>\0<envelope digest>} → {@link Registration}: the registrations folded under a
   * name, taken back out if an earlier-appended registration by another key arrives late.
   */
  public static final String NAME_HOLDINGS = "name-holdings";

  /** node id → {@link Claim}: the first accepted registration of an artifact or run id. */
  public static final String ID_CLAIMS = "id-claims";

  /** Registrations keyed by artifact name, to the partition that owns the name. */
  public static final String BY_NAME_REPARTITION = "claims-by-name";

  private OwnershipStores() {}
}
