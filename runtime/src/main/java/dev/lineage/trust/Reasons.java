package dev.lineage.trust;

/**
 * The rejection reasons written in the {@code lineage.reason} header of {@code lineage.rejected}.
 */
public final class Reasons {
  /** No signature verifies, and one names a known key: payload, type or signature was altered. */
  public static final String BAD_SIGNATURE = "bad-signature";

  /** No signature's keyid names a key the keyring holds (or that key has no trusted grant). */
  public static final String UNKNOWN_KEY = "unknown-key";

  /** The envelope carries no signature at all. */
  public static final String UNSIGNED = "unsigned";

  /** The signing key's revocation was in force when the event was appended. */
  public static final String REVOKED_KEY = "revoked-key";

  /** The key held the role, but not when the event was appended (before or after its grant). */
  public static final String EXPIRED_KEY = "expired-key";

  /** The key did not hold the required role when the event was appended. */
  public static final String WRONG_ROLE = "wrong-role";

  /**
   * The signed {@code signedAt} lies further from the broker's append time than the allowed skew: a
   * back-dated or future-dated event.
   */
  public static final String CLOCK_SKEW = "clock-skew";

  /** Another registration already owns this id (its signer, kind and content are fixed). */
  public static final String CONFLICT = "conflict";

  /** Another key already registered artifacts under this name. */
  public static final String NAME_TAKEN = "name-taken";

  /**
   * A registration outside the partition its id belongs in (Kafka's default partitioner on the id):
   * append order, and so ownership, is the order of one partition.
   */
  public static final String MISROUTED = "misrouted";

  /** A record of the keys topic without a value: nothing on that topic can be erased. */
  public static final String TOMBSTONE = "tombstone";

  public static final String MALFORMED = "malformed";
  public static final String UNKNOWN_SCHEMA = "unknown-schema";
  public static final String TYPE_MISMATCH = "type-mismatch";
  public static final String INVALID_ID = "invalid-id";
  public static final String MUTABLE_REFERENCE = "mutable-reference";

  private Reasons() {}
}
