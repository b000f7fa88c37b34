package dev.lineage.impact;

/**
 * A record of a request topic after verification. Lives only inside one sub-topology.
 *
 * @param requestId the signed request or report id when accepted, null when refused
 * @param rawValue the original value bytes, passed on as received
 */
record CheckedRequest(String requestId, byte[] rawValue) {
  boolean accepted() {
    return requestId != null;
  }
}
