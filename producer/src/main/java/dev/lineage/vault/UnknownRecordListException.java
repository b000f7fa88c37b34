package dev.lineage.vault;

import java.io.IOException;

/** The vault never held a record list for this request. */
public final class UnknownRecordListException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String requestId;

  public UnknownRecordListException(String requestId) {
    super("no record list is kept for request " + requestId);
    this.requestId = requestId;
  }

  public String requestId() {
    return requestId;
  }
}
