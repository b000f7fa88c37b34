package dev.lineage.trust;

/**
 * The rejection reasons written in the {@code lineage.reason} header of {@code lineage.rejected}.
 */
public final class Reasons {
  /** No signature verifies, and one names a known key: payload, type or signature was altered. */
  public static final String BAD_SIGNATURE = "bad-signature";

  /** No signature verifies against any known key. */
  public static final String UNKNOWN_KEY = "unknown-key";

  /** The envelope carries no signature at all. */
  public static final String UNSIGNED = "unsigned";

  /** The signing key was revoked at or before the signed time. */
  public static final String REVOKED_KEY = "revoked-key";

  /** The key held the role, but not at the signed time (before or after its grant's window). */
  public static final String EXPIRED_KEY = "expired-key";

  /** The key never held the required role at the signed time. */
  public static final String WRONG_ROLE = "wrong-role";

  public static final String MALFORMED = "malformed";
  public static final String UNKNOWN_SCHEMA = "unknown-schema";
  public static final String TYPE_MISMATCH = "type-mismatch";
  public static final String INVALID_ID = "invalid-id";
  public static final String MUTABLE_REFERENCE = "mutable-reference";

  private Reasons() {}
}
