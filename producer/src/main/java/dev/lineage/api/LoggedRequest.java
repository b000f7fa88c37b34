package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A verified deletion request or bug report as the explorer's request log lists it ({@code GET
 * /v1/request-log}): ids, subject or process, versions, window, deadline and record count, where it
 * sits on its topic, who signed it and when the broker appended it; never the free-text reason or
 * the record list's location. Fields of the other cause are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoggedRequest(
    String requestId,
    String cause,
    String subject,
    Long recordCount,
    String recordSetDigest,
    String deadline,
    String process,
    String minVersion,
    String maxVersion,
    String windowStart,
    String windowEnd,
    String appendedAt,
    String signer,
    String envelope,
    String topic,
    Integer partition,
    Long offset) {

  /** A deletion request, not yet placed on its topic. */
  public static LoggedRequest deletion(
      String requestId,
      String subject,
      long recordCount,
      String recordSetDigest,
      String deadline,
      String appendedAt,
      String signer,
      String envelope) {
    return new LoggedRequest(
        requestId,
        "DELETION",
        subject,
        recordCount,
        recordSetDigest,
        deadline,
        null,
        null,
        null,
        null,
        null,
        appendedAt,
        signer,
        envelope,
        null,
        null,
        null);
  }

  /** A bug report, not yet placed on its topic. */
  public static LoggedRequest bug(
      String reportId,
      String process,
      String minVersion,
      String maxVersion,
      String windowStart,
      String windowEnd,
      String appendedAt,
      String signer,
      String envelope) {
    return new LoggedRequest(
        reportId,
        "BUG",
        null,
        null,
        null,
        null,
        process,
        minVersion,
        maxVersion,
        windowStart,
        windowEnd,
        appendedAt,
        signer,
        envelope,
        null,
        null,
        null);
  }

  /** This request, placed at {@code offset} of {@code topic}'s {@code partition}. */
  public LoggedRequest at(String topic, int partition, long offset) {
    return new LoggedRequest(
        requestId,
        cause,
        subject,
        recordCount,
        recordSetDigest,
        deadline,
        process,
        minVersion,
        maxVersion,
        windowStart,
        windowEnd,
        appendedAt,
        signer,
        envelope,
        topic,
        partition,
        offset);
  }
}
