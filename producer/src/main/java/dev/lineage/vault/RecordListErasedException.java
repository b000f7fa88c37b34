package dev.lineage.vault;

import java.io.IOException;
import java.time.Instant;

/** The record list of a request was erased: its key is destroyed, no copy can be read. */
public final class RecordListErasedException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String requestId;
  private final transient Instant erasedAt;

  public RecordListErasedException(String requestId, Instant erasedAt) {
    super(
        "the record list of request "
            + requestId
            + " was erased"
            + (erasedAt == null ? "" : " at " + erasedAt)
            + ": its key is destroyed and no copy can be read");
    this.requestId = requestId;
    this.erasedAt = erasedAt;
  }

  public String requestId() {
    return requestId;
  }

  /** When, if the vault recorded it (null after an erasure interrupted before it was recorded). */
  public Instant erasedAt() {
    return erasedAt;
  }
}
