package dev.lineage.impact.requests;

/**
 * The impact service's stores, both keyed by the verified request id and partitioned by it (the
 * {@value #BY_ID_REPARTITION} repartition topic), so every record of one id meets in one task.
 */
public final class RequestStores {
  /** Request id → {@link RequestStatus}: what a request came to; its presence means "seen". */
  public static final String STATUS = "impact-requests";

  /** Request id → {@link PendingRequest}: the signed request kept until its analysis is done. */
  public static final String PENDING = "impact-pending";

  /** Name of the repartition step keying requests by their signed id. */
  public static final String BY_ID_REPARTITION = "impact-requests-by-id";

  private RequestStores() {}
}
