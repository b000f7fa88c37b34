package dev.lineage.cas;

import dev.lineage.id.Digest;
import java.io.IOException;

/**
 * The object's content was erased for a deletion request: it is gone for good, not missing by
 * accident (an HTTP API answers 410 Gone). Thrown by every read of an erased object, and by a put
 * of the same content: content erased for a request is never stored again.
 */
public final class ErasedObjectException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Tombstone tombstone;

  public ErasedObjectException(Tombstone tombstone, String context) {
    super(
        "object "
            + tombstone.digest()
            + (context == null ? "" : " " + context)
            + " was erased for request "
            + tombstone.fact().requestId()
            + " at "
            + tombstone.fact().erasedAt());
    this.tombstone = tombstone;
  }

  public Digest digest() {
    return tombstone.digest();
  }

  /** The request the content was erased for. */
  public String requestId() {
    return tombstone.fact().requestId();
  }

  public Tombstone tombstone() {
    return tombstone;
  }
}
