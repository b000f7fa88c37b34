package dev.lineage.api;

/**
 * The impact service's answer to {@code GET /v1/record-lists/{request}} (issue 14): the record list
 * of an open deletion request, for the orchestrator that retrains without those records. Personal
 * data: never logged, never stored in the clear by a well-behaved caller.
 *
 * @param requestId the deletion request
 * @param recordSetDigest the salted list's digest, as the deletion request carries it; the caller
 *     checks {@code saltedList} against it
 * @param count the number of record keys
 * @param saltedList the salted list as kept: a header line with the salt, then one key per line
 */
public record RecordListContent(
    String requestId, String recordSetDigest, long count, String saltedList) {
  @Override
  public String toString() {
    return "RecordListContent[requestId="
        + requestId
        + ", recordSetDigest="
        + recordSetDigest
        + ", count="
        + count
        + "]";
  }
}
